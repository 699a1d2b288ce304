/**
 * Scans an archive folder: lists article files (walk.ts) and reads each one
 * (readArticle.ts) with a few reads in flight, yielding articles as they are
 * parsed. Bad files become articles with issues; only an unusable root fails.
 */
import { realpath, stat } from 'node:fs/promises'
import type { ScannedArticle } from '../../../shared/types/article'
import { ApiError } from '../../../shared/errors'
import { resolveReadOptions, type ReadOptions } from './options'
import { readArticle } from './readArticle'
import { toScanned } from './parseArticle'
import { defaultParseWorkers, ParsePool } from './parsePool'
import { walkArticleFiles, type WalkWarning } from './walk'

export interface ScanOptions extends Partial<ReadOptions> {
  signal?: AbortSignal
  /** Files read at once without workers. I/O overlaps parsing; more than ~16 gains nothing on one disk. */
  concurrency?: number
  /**
   * Include each article's plain text (default true). A consumer that keeps only summaries turns
   * it off, so 100k texts are not copied from the parse workers just to be dropped. A function
   * is asked for each batch as it is read (a consumer that wants texts only for a while).
   */
  withText?: boolean | (() => boolean)
  /** Parse worker threads (default: one per core, at most 4); 0 parses on this thread. */
  workers?: number
  onWarning?: (warning: WalkWarning) => void
  /** Called once the folder listing is complete, with the number of article files found. */
  onListed?: (count: number) => void
  /**
   * Read just these article ids instead of listing the folder (a reopen's verification reads
   * only the files whose stat changed). A file that is gone yields an article with FILE_VANISHED.
   */
  only?: readonly string[]
}

const DEFAULT_CONCURRENCY = 16
/** Files per message to a worker: large enough to amortise the hop, small enough to stream. */
const WORKER_BATCH = 32
/** Batches queued per worker, so a worker never idles waiting for the next one. */
const JOBS_PER_WORKER = 3
/** Listed files after which parse workers start (see usePool). */
const POOL_THRESHOLD = 2000

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
    throw new ApiError(
      'ARCHIVE_UNREADABLE',
      `archive: cannot open ${input} (${code ?? String(error)}).`,
    )
  }
  const info = await stat(real).catch((error: NodeJS.ErrnoException) => {
    throw new ApiError(
      'ARCHIVE_UNREADABLE',
      `archive: cannot open ${input} (${error.code ?? error.message}).`,
    )
  })
  if (!info.isDirectory()) {
    throw new ApiError(
      'ARCHIVE_NOT_A_FOLDER',
      `archive: ${input} is a file, not a folder. Open the folder that holds the articles.`,
    )
  }
  return real
}

/**
 * Yields every article of the archive (summary + text), in no particular order,
 * as soon as each is parsed. The folder listing runs ahead of the reads (it is
 * cheap), so the total is known early for progress bars. Parsing runs on worker
 * threads unless `workers` is 0. Stops early (without error) when `signal` aborts.
 */
export async function* scanArchive(
  root: string,
  options: ScanOptions = {},
): AsyncGenerator<ScannedArticle> {
  const realRoot = await openArchiveRoot(root)
  const readOptions = resolveReadOptions(options)
  const workers = options.workers ?? defaultParseWorkers()
  const option = options.withText ?? true
  const withText = typeof option === 'function' ? option : () => option
  // Workers pay off only for large folders: starting them costs more than parsing a few hundred
  // files. Small archives (and tests) are read on this thread; the pool starts once the listing
  // passes the threshold.
  let pool: ParsePool | null = null
  const usePool = () => {
    if (!pool && workers > 0 && listed.length >= POOL_THRESHOLD)
      pool = new ParsePool(workers, realRoot, readOptions, withText)
    return pool
  }
  const readBatch = (ids: string[]): Promise<ScannedArticle[]> =>
    pool
      ? pool.read(ids)
      : Promise.all(ids.map((id) => readArticle(realRoot, id, readOptions))).then((a) =>
          a.map((article) => toScanned(article, withText())),
        )
  const batchSize = () => (pool ? WORKER_BATCH : 1)
  const maxJobs = () =>
    pool ? workers * JOBS_PER_WORKER : Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY)

  // Stops the listing too when the consumer leaves the loop early.
  const stop = new AbortController()
  const walkSignal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal
  const listed: string[] = []
  let listedCursor = 0
  let listingDone = false
  // Held in an object: TypeScript cannot see the closure assign it and narrows a plain `let` to null.
  const waiting: { wake: (() => void) | null } = { wake: null }
  const source: AsyncIterable<string> | Iterable<string> =
    options.only ??
    walkArticleFiles(realRoot, {
      signal: walkSignal,
      onWarning: options.onWarning,
    })
  const listing = (async () => {
    try {
      for await (const id of source) {
        listed.push(id)
        if (listed.length - listedCursor >= batchSize()) waiting.wake?.()
      }
    } finally {
      listingDone = true
      options.onListed?.(listed.length)
      waiting.wake?.()
    }
  })()

  const inFlight = new Map<number, Promise<{ job: number; articles: ScannedArticle[] }>>()
  let nextJob = 0
  const fill = () => {
    usePool()
    while (inFlight.size < maxJobs()) {
      const available = listed.length - listedCursor
      if (available === 0 || (available < batchSize() && !listingDone)) return
      const ids = listed.slice(listedCursor, listedCursor + batchSize())
      listedCursor += ids.length
      const job = nextJob++
      inFlight.set(
        job,
        readBatch(ids).then((articles) => ({ job, articles })),
      )
    }
  }

  try {
    for (;;) {
      if (options.signal?.aborted) return
      fill()
      if (inFlight.size === 0) {
        if (listingDone && listedCursor >= listed.length) break
        await new Promise<void>((resolve) => (waiting.wake = resolve))
        waiting.wake = null
        continue
      }
      const { job, articles } = await Promise.race(inFlight.values())
      inFlight.delete(job)
      for (const article of articles) yield article
    }
  } finally {
    stop.abort()
    await listing.catch(() => undefined)
    await (pool as ParsePool | null)?.close()
  }
}
