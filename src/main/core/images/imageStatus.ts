/**
 * Counting the images of an archive by state, for the cache's status and its progress events.
 * At 100k articles an archive has ~470k remote images and one pass over them takes 30–40 ms on
 * an idle thread, several times that in the seconds after an open; the progress events asked
 * for one four times a second during a background run, each blocking the thread that answers
 * searches. So a large pass is cut into slices with a yield between them, and the events space
 * passes out by their cost (imageEvents.ts).
 */
import type { ImageCacheStatus, ImageStatus } from '../../../shared/contract/api'
import type { RemoteImage } from './archiveImages'
import type { StatusSource } from './imageEvents'
import { TimeSlices } from '../foreground'

export interface StateCounts {
  total: number
  cached: number
  pending: number
  failed: number
  blocked: number
}

/**
 * Archives with at most this many images are counted in one go. The per-image cost is two map
 * lookups in maps of ~470k keys at 100k articles: measured in serve mode, 20,000 of them took
 * 8–60 ms (cache misses, a GC in the middle), not the 2 ms a small benchmark suggests.
 */
export const STATUS_SLICE = 4_096

/** A sliced pass yields once a slice has run this long (ms): a request waits about that. */
export const STATUS_SLICE_MS = 3

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
 * The same counts, in slices of STATUS_SLICE_MS of work with a background turn between them
 * (TimeSlices). Resolves null when `current()` turns false meanwhile (another archive was
 * opened: the counts would mix both). `busyMs` is the thread time the pass took, turns excluded.
 */
export async function countStatesInSlices(
  images: ReadonlyMap<string, RemoteImage>,
  statusOf: StatusOfImage,
  current: () => boolean,
): Promise<{ counts: StateCounts; busyMs: number } | null> {
  const counts = emptyCounts()
  const slices = new TimeSlices(STATUS_SLICE_MS)
  // A Map may change while it is iterated across awaits: entries added later are visited and
  // removed ones skipped, which is as exact as a progress figure needs to be.
  for (const [key, image] of images) {
    count(counts, statusOf(key, image))
    if (!slices.due()) continue
    await slices.next()
    if (!current()) return null
  }
  return { counts, busyMs: slices.busyMs() }
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
