/**
 * Counting the images of an archive by state, for the cache's status and its progress events.
 * At 100k articles an archive has ~470k remote images and one pass over them takes 30–40 ms; the
 * progress events asked for one four times a second during a background run, each blocking the
 * thread that answers searches. So a large pass is cut into slices with a yield between them,
 * and the events space passes out by their cost (imageEvents.ts).
 */
import type { ImageCacheStatus, ImageStatus } from '../../../shared/contract/api'
import type { RemoteImage } from './archiveImages'
import type { StatusSource } from './imageEvents'
import { foreground } from '../foreground'

export interface StateCounts {
  total: number
  cached: number
  pending: number
  failed: number
  blocked: number
}

/** Images per slice: about 2 ms of work, so a request waits at most that long for a pass. */
export const STATUS_SLICE = 20_000

export type StatusOfImage = (key: string, image: RemoteImage) => ImageStatus

function emptyCounts(): StateCounts {
  return { total: 0, cached: 0, pending: 0, failed: 0, blocked: 0 }
}

function count(counts: StateCounts, status: ImageStatus): void {
  counts.total++
  if (status === 'cached') counts.cached++
  else if (status === 'pending') counts.pending++
  else if (status === 'failed') counts.failed++
  else if (status === 'blocked') counts.blocked++
}

export function countStates(
  images: ReadonlyMap<string, RemoteImage>,
  statusOf: StatusOfImage,
): StateCounts {
  const counts = emptyCounts()
  for (const [key, image] of images) count(counts, statusOf(key, image))
  return counts
}

/**
 * The same counts, yielding to the event loop every STATUS_SLICE images. Resolves null when
 * `current()` turns false meanwhile (another archive was opened: the counts would mix both).
 * `busyMs` is the thread time the pass took, yields excluded.
 */
export async function countStatesInSlices(
  images: ReadonlyMap<string, RemoteImage>,
  statusOf: StatusOfImage,
  current: () => boolean,
): Promise<{ counts: StateCounts; busyMs: number } | null> {
  const counts = emptyCounts()
  let busyMs = 0
  let sliceStart = performance.now()
  let inSlice = 0
  // A Map may change while it is iterated across awaits: entries added later are visited and
  // removed ones skipped, which is as exact as a progress figure needs to be.
  for (const [key, image] of images) {
    count(counts, statusOf(key, image))
    if (++inSlice < STATUS_SLICE) continue
    busyMs += performance.now() - sliceStart
    await foreground.backgroundTurn()
    if (!current()) return null
    sliceStart = performance.now()
    inSlice = 0
  }
  busyMs += performance.now() - sliceStart
  return { counts, busyMs }
}

/**
 * The status source of the progress events: at once for a small archive; over a large one
 * counted in slices, with the thread time it took, and null if another archive was opened
 * meanwhile (`archive()` changed).
 */
export function slicedStatus(source: {
  images: () => ReadonlyMap<string, RemoteImage>
  statusOf: () => StatusOfImage
  finish: (counts: StateCounts) => ImageCacheStatus
  archive: () => number
}): StatusSource {
  return () => {
    const images = source.images()
    if (images.size <= STATUS_SLICE) return source.finish(countStates(images, source.statusOf()))
    const archive = source.archive()
    return countStatesInSlices(images, source.statusOf(), () => archive === source.archive()).then(
      (pass) => (pass ? { status: source.finish(pass.counts), busyMs: pass.busyMs } : null),
    )
  }
}
