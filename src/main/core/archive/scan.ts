/**
 * Scans an archive folder: lists article files (walk.ts) and reads each one
 * (readArticle.ts) with a few reads in flight, yielding articles as they are
 * parsed. Bad files become articles with issues; only an unusable root fails.
 */
import { realpath, stat } from 'node:fs/promises'
import type { Article } from '../../../shared/types/article'
import { ApiError } from '../../../shared/errors'
import { resolveReadOptions, type ReadOptions } from './options'
import { readArticle } from './readArticle'
import { walkArticleFiles, type WalkWarning } from './walk'

export interface ScanOptions extends Partial<ReadOptions> {
  signal?: AbortSignal
  /** Files read at once. I/O overlaps parsing; more than ~16 gains nothing on one disk. */
  concurrency?: number
  onWarning?: (warning: WalkWarning) => void
  /** Called once the folder listing is complete, with the number of article files found. */
  onListed?: (count: number) => void
}

const DEFAULT_CONCURRENCY = 16

/**
 * Checks that `input` names a readable folder and returns its real path (the key
 * under which per-archive app data is kept). Throws ApiError with a code a person
 * can act on.
 */
export async function openArchiveRoot(input: string): Promise<string> {
  let real: string
  try {
    real = await realpath(input)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ApiError('ARCHIVE_NOT_FOUND', `archive: no folder at ${input}.`)
    }
    throw new ApiError('ARCHIVE_UNREADABLE', `archive: cannot open ${input} (${code ?? String(error)}).`)
  }
  const info = await stat(real).catch((error: NodeJS.ErrnoException) => {
    throw new ApiError('ARCHIVE_UNREADABLE', `archive: cannot open ${input} (${error.code ?? error.message}).`)
  })
  if (!info.isDirectory()) {
    throw new ApiError('ARCHIVE_NOT_A_FOLDER', `archive: ${input} is a file, not a folder. Open the folder that holds the articles.`)
  }
  return real
}

/**
 * Yields every article of the archive, in no particular order, as soon as each is
 * parsed. The folder listing runs ahead of the reads (it is cheap), so the total is
 * known early for progress bars. Stops early (without error) when `signal` aborts.
 */
export async function* scanArchive(root: string, options: ScanOptions = {}): AsyncGenerator<Article> {
  const realRoot = await openArchiveRoot(root)
  const readOptions = resolveReadOptions(options)
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY)

  // Stops the listing too when the consumer leaves the loop early.
  const stop = new AbortController()
  const walkSignal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  const listed: string[] = []
  let listedCursor = 0
  let listingDone = false
  // Held in an object: TypeScript cannot see the closure assign it and narrows a plain `let` to null.
  const waiting: { wake: (() => void) | null } = { wake: null }
  const listing = (async () => {
    try {
      for await (const id of walkArticleFiles(realRoot, { signal: walkSignal, onWarning: options.onWarning })) {
        listed.push(id)
        waiting.wake?.()
      }
    } finally {
      listingDone = true
      options.onListed?.(listed.length)
      waiting.wake?.()
    }
  })()

  const inFlight = new Map<number, Promise<{ slot: number; article: Article }>>()
  let nextSlot = 0
  const fill = () => {
    while (inFlight.size < concurrency && listedCursor < listed.length) {
      const id = listed[listedCursor++] as string
      const slot = nextSlot++
      inFlight.set(slot, readArticle(realRoot, id, readOptions).then((article) => ({ slot, article })))
    }
  }

  try {
    for (;;) {
      if (options.signal?.aborted) return
      fill()
      if (inFlight.size === 0) {
        if (listingDone) break
        await new Promise<void>((resolve) => (waiting.wake = resolve))
        waiting.wake = null
        continue
      }
      const { slot, article } = await Promise.race(inFlight.values())
      inFlight.delete(slot)
      yield article
    }
  } finally {
    stop.abort()
    await listing.catch(() => undefined)
  }
}
