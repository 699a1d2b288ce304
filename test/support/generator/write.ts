/**
 * Writes generated archives to disk, and keeps cached ones for benchmarks under
 * os.tmpdir()/archive-browser-bench/<count>-<seed>/ (the archive in `archive/`, a
 * marker written last so an interrupted run is regenerated, never half-used).
 */
import { mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { DEFAULT_SEED, GENERATOR_VERSION, generateArticles } from './article'

export interface WriteOptions {
  /** Files written at once. */
  concurrency?: number
}

export interface WriteResult {
  files: number
  bytes: number
}

/**
 * Writes `count` articles under `dir` (created if needed). Each file's mtime is set to
 * the article's date, so `Invalid Date` articles have a meaningful fallback date.
 */
export async function writeArchive(
  dir: string,
  count: number,
  seed = DEFAULT_SEED,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const concurrency = Math.max(1, options.concurrency ?? 32)
  const madeDirs = new Map<string, Promise<void>>()
  const inFlight = new Set<Promise<void>>()
  let files = 0
  let bytes = 0
  let failure: Error | undefined

  const writeOne = async (id: string, content: string, date: Date): Promise<void> => {
    const path = join(dir, id)
    const folder = dirname(path)
    // One mkdir per folder, shared by concurrent writes into it (awaiting the same promise).
    let made = madeDirs.get(folder)
    if (!made) {
      made = mkdir(folder, { recursive: true }).then(() => undefined)
      madeDirs.set(folder, made)
    }
    await made
    const data = Buffer.from(content, 'utf8')
    await writeFile(path, data)
    await utimes(path, date, date)
    files++
    bytes += data.length
  }

  for (const article of generateArticles(count, seed)) {
    if (failure !== undefined) break
    const task = writeOne(article.id, article.content, new Date(article.date)).catch(
      (error: unknown) => {
        failure ??=
          error instanceof Error ? error : new Error('generator: a write failed', { cause: error })
      },
    )
    inFlight.add(task)
    void task.finally(() => inFlight.delete(task))
    if (inFlight.size >= concurrency) await Promise.race(inFlight)
  }
  await Promise.all(inFlight)
  if (failure !== undefined) throw failure
  return { files, bytes }
}

export interface BenchArchiveMarker {
  generatorVersion: number
  count: number
  seed: number
  files: number
  bytes: number
  generateSeconds: number
}

export function benchArchiveDir(count: number, seed = DEFAULT_SEED): string {
  return join(tmpdir(), 'archive-browser-bench', `${count}-${seed}`)
}

/** Reads the cache marker, or null when the cached archive is missing, partial or stale. */
export async function readBenchMarker(
  count: number,
  seed = DEFAULT_SEED,
): Promise<BenchArchiveMarker | null> {
  try {
    const marker = JSON.parse(
      await readFile(join(benchArchiveDir(count, seed), 'complete.json'), 'utf8'),
    ) as BenchArchiveMarker
    return marker.generatorVersion === GENERATOR_VERSION &&
      marker.count === count &&
      marker.seed === seed
      ? marker
      : null
  } catch {
    return null
  }
}

/**
 * Returns the root of a cached archive of `count` articles, generating it first when it
 * is missing, incomplete or from an older generator version.
 */
export async function ensureBenchArchive(count: number, seed = DEFAULT_SEED): Promise<string> {
  const base = benchArchiveDir(count, seed)
  const root = join(base, 'archive')
  if (await readBenchMarker(count, seed)) return root
  await rm(base, { recursive: true, force: true })
  await mkdir(root, { recursive: true })
  const started = performance.now()
  const result = await writeArchive(root, count, seed)
  const marker: BenchArchiveMarker = {
    generatorVersion: GENERATOR_VERSION,
    count,
    seed,
    ...result,
    generateSeconds: (performance.now() - started) / 1000,
  }
  await writeFile(join(base, 'complete.json'), JSON.stringify(marker, null, 2))
  return root
}
