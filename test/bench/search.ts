/**
 * `npm run bench -- search [--sizes 10k,100k] [--per-class 40] [--seed 1] [--no-core] [--list-before]`
 *
 * For each size, two fresh processes on the same generated articles:
 * - engine: builds the index (text store in a temp data dir), merges its posting segments as
 *   the app's worker does in the background after a build, then times queries of every
 *   class, an incremental update → searchable latency, and reports peak/steady RSS. Each
 *   measured query runs once (its lists read for the first time), the classes interleaved
 *   (the same queries as drawn class by class); before them, a warm-up set from another seed
 *   runs the same classes in the same order, so the p50/p95/p99 columns are those of a
 *   running app, and the warm-up's own times are printed as "JIT-cold" (the first
 *   queries after a start, while V8 compiles the query code);
 * - baseline: the brute-force substring scan over the normalised texts held in memory.
 * The parent prints them side by side, with recall and precision of the engine vs the scan.
 * This file is also the child script (run with a JSON argument), to stay in one file.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchArgs } from './lib/args'
import { numberOption, sizesOption } from './lib/args'
import { exitOnError, peakRssMB, runBenchChild } from './lib/child'
import { runChild } from './lib/measure'
import { printTable } from './lib/table'
import { printSearchCorePath } from './lib/searchCorePath'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import {
  ensureBenchArchive,
  generateArticles,
  readBenchMarker,
  toIndexable,
} from '../support/generator/index'
import { createSearchWorkerClient } from '../../src/main/core/search/client'
import { prefetchFiles } from '../../src/main/core/search/prefetch'
import {
  bruteForceSearch,
  toScanDocument,
  type ScanDocument,
} from '../../src/main/core/search/bruteForce'
import { parseQuery } from '../../src/main/core/search/queryParser'
import { archiveText, type ArticleText } from '../../src/main/core/search/archiveText'
import { resolveReadOptions } from '../../src/main/core/archive/options'
import {
  createSearchIndex,
  openSearchIndex,
  type IndexableArticle,
  type SearchIndex,
} from '../../src/main/core/search/searchIndex'
import { QUERY_CLASSES, QuerySampler, type SampleArticle } from '../unit/search/querySampler'

export const description =
  'search index vs brute-force substring scan: build, memory, latency, exactness'

const SELF = fileURLToPath(import.meta.url)

interface ChildArgs {
  role: 'engine' | 'baseline' | 'worker'
  /**
   * 'archive' (the app's way, the default): the index reads texts from the bench archive's
   * files (SearchIndexOptions.articleText) and indexes them as parsed from those files;
   * 'copy': it indexes the generator's texts and keeps them in its text store.
   */
  texts: 'archive' | 'copy'
  count: number
  seed: number
  perClass: number
  queriesFile: string
  resultsFile: string
}

interface QueryRun {
  kind: string
  query: string
  ms: number
  ids: string[]
  /** Garbage collection inside this query's time (engine only). */
  gcMs?: number
}

interface EngineResult {
  /** Collections during the timed queries (PerformanceObserver 'gc'). */
  gcPauseCount: number
  gcPauseMs: number
  buildSeconds: number
  /** CPU seconds of the build (all threads; the machine may be shared, so wall time inflates). */
  buildCpuSeconds: number
  buildPeakRssMB: number
  /**
   * The merge of the posting segments that the app's worker runs in the background after a
   * build (segmentCompaction.ts), here in 8 ms slices before the timed queries: wall seconds,
   * segments before → after, and the longest slice (what a search could wait behind it).
   */
  merge: { seconds: number; before: number; after: number; longestSliceMs: number }
  /**
   * The worker packs the word index and the document records first (SearchIndex.packWords,
   * packRecords): ms, heap MB before/after.
   */
  pack: { ms: number; heapBeforeMB: number; heapAfterMB: number }
  /** The read-ahead the worker starts after a merge (prefetch.ts), awaited here: MB, seconds. */
  readAhead: { mb: number; seconds: number }
  /**
   * Queries timed with the OS page cache dropped before each (root only; empty otherwise):
   * the cost of a query when nothing of the index is cached, e.g. after a reboot.
   */
  droppedRuns: { kind: string; ms: number }[]
  steadyRssMB: number
  heapMB: number
  textChars: number
  textStoreMB: number
  postingMB: number
  bigramKeys: number
  firstPageMs: number
  updateVisibleMs: number[]
  /**
   * The warm-up: as many queries per class from another seed, run first, in the same class
   * order. They pay the JIT's first compilations (cjk2 comes first); `runs` are timed after.
   */
  coldRuns: { kind: string; ms: number }[]
  saveSeconds: number
  snapshotMB: number
  /** The saved folder by kind of file (posting segments by family), MiB. */
  folderMB: Record<string, number>
  reopenSeconds: number
  reopenRssMB: number
  runs: QueryRun[]
}

interface WorkerHostResult {
  archiveMB: number
  files: number
  coldSeconds: number
  /** CPU seconds of the cold build: this process's threads (search worker, parse workers). */
  coldCpuSeconds: number
  firstPageSeconds: number
  loopDelayP99Ms: number
  loopDelayMaxMs: number
  saveSeconds: number
  warmSeconds: number
  warmRestored: boolean
}

/**
 * The app's path: files on disk → worker (scan + parse + index) while this thread only
 * receives progress and polls a search, measuring its event-loop delay; then save, and a
 * warm reopen from the snapshot in a new worker.
 */
async function workerHost(args: ChildArgs): Promise<WorkerHostResult> {
  const root = await ensureBenchArchive(args.count, args.seed)
  const marker = await readBenchMarker(args.count, args.seed)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-bench-worker-'))
  try {
    const loop = monitorEventLoopDelay({ resolution: 10 })
    let client = createSearchWorkerClient()
    const started = performance.now()
    const cpuStart = process.cpuUsage()
    loop.enable()
    const textRoot = args.texts === 'archive' ? root : undefined
    await client.open(dataDir, undefined, undefined, false, textRoot)
    let firstPageSeconds = Number.NaN
    let polling = false
    const poll = setInterval(() => {
      if (polling || !Number.isNaN(firstPageSeconds)) return
      polling = true
      void client
        .search('的', { limit: 20 })
        .then((r) => {
          if (r.hits.length === 20 && Number.isNaN(firstPageSeconds)) {
            firstPageSeconds = (performance.now() - started) / 1000
          }
        })
        .finally(() => (polling = false))
    }, 200)
    await client.build(root).done
    const coldSeconds = (performance.now() - started) / 1000
    const coldCpu = process.cpuUsage(cpuStart)
    clearInterval(poll)
    loop.disable()
    let t = performance.now()
    await client.save()
    const saveSeconds = (performance.now() - t) / 1000
    await client.close()
    t = performance.now()
    client = createSearchWorkerClient()
    const opened = await client.open(dataDir, undefined, undefined, false, textRoot)
    await client.search('的', { limit: 20 })
    const warmSeconds = (performance.now() - t) / 1000
    await client.close()
    return {
      archiveMB: (marker?.bytes ?? 0) / 1024 / 1024,
      files: marker?.files ?? 0,
      coldSeconds,
      coldCpuSeconds: (coldCpu.user + coldCpu.system) / 1e6,
      firstPageSeconds,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      loopDelayMaxMs: loop.max / 1e6,
      saveSeconds,
      warmSeconds,
      warmRestored: opened.restored,
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

interface BaselineResult {
  loadSeconds: number
  runs: QueryRun[]
}

const rssMB = (): number => process.memoryUsage().rss / 1024 / 1024
/** A full collection when node runs with --expose-gc (the children do), else nothing. */
const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.()
/** The heap in use after a full collection. */
const heapMB = (): number => {
  collectGarbage()
  return process.memoryUsage().heapUsed / 1024 / 1024
}

async function engine(args: ChildArgs): Promise<EngineResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-bench-'))
  try {
    const archive = args.texts === 'archive' ? await archiveTexts(args) : null
    const index = createSearchIndex({ dir: dataDir, articleText: archive?.articleText })
    const samples: SampleArticle[] = []
    // Reading the files is the scan's work, not the engine's: it is left out of the build's time.
    let parseMs = 0
    const sampleEvery = Math.max(1, Math.floor(args.count / 2000))
    let textChars = 0
    let firstPageMs = Number.NaN
    const started = performance.now()
    const cpuStart = process.cpuUsage()
    let n = 0
    for (const generated of generateArticles(args.count, args.seed)) {
      const parseStart = performance.now()
      const article = archive ? archive.indexable(generated) : toIndexable(generated)
      parseMs += performance.now() - parseStart
      index.add(article)
      textChars += article.text.length
      if (n % sampleEvery === 0) samples.push(article)
      n++
      // "First page of results": the first moment a query can show a full page.
      if (
        Number.isNaN(firstPageMs) &&
        n % 100 === 0 &&
        index.search('的', { limit: 20 }).hits.length === 20
      ) {
        firstPageMs = performance.now() - started - parseMs
      }
    }
    const buildSeconds = (performance.now() - started - parseMs) / 1000
    const buildCpu = process.cpuUsage(cpuStart)
    const buildPeakRssMB = peakRssMB()
    const heapBeforeMB = heapMB()
    const packStart = performance.now()
    index.packWords()
    index.packRecords()
    const pack = { ms: performance.now() - packStart, heapBeforeMB, heapAfterMB: heapMB() }
    const mergeStart = performance.now()
    const before = index.stats().segments
    let longestSliceMs = 0
    for (let done = false; !done;) {
      const slice = performance.now()
      done = index.compact(slice + 8)
      longestSliceMs = Math.max(longestSliceMs, performance.now() - slice)
    }
    const merge = {
      seconds: (performance.now() - mergeStart) / 1000,
      before,
      after: index.stats().segments,
      longestSliceMs,
    }
    // As the app's worker: read the files in use ahead (not the replaced ones, kept until a save).
    const readAheadStart = performance.now()
    const readBytes = await prefetchFiles(index.dataFiles(), new AbortController().signal)
    const readAhead = {
      mb: readBytes / 1e6,
      seconds: (performance.now() - readAheadStart) / 1000,
    }
    collectGarbage()
    // Classes interleaved (one query of each in turn), as a user's queries come: a major
    // collection, which comes every ~0.6 s of back-to-back queries at 100k (a 14–21 ms pause
    // plus 40–70 ms of marking steps over ~150 ms, ~70 queries), then slows a share of every
    // class's queries instead of most of one class, whichever ran at that moment.
    const sample = (seed: number): { kind: string; query: string }[] => {
      const sampler = new QuerySampler(samples, seed)
      const byClass = QUERY_CLASSES.map((kind) => {
        const drawn: { kind: string; query: string }[] = []
        for (let i = 0; i < args.perClass; i++) {
          const query = sampler.query(kind)
          if (query !== null) drawn.push({ kind, query })
        }
        return drawn
      })
      const out: { kind: string; query: string }[] = []
      for (let i = 0; i < args.perClass; i++)
        for (const drawn of byClass) {
          const query = drawn[i]
          if (query !== undefined) out.push(query)
        }
      return out
    }
    const queries = sample(args.seed + 100)
    fs.writeFileSync(args.queriesFile, JSON.stringify(queries))
    const coldRuns: { kind: string; ms: number }[] = []
    for (const { kind, query } of sample(args.seed + 300)) {
      const t = performance.now()
      index.search(query, { limit: 20 })
      coldRuns.push({ kind, ms: performance.now() - t })
    }
    // Timed in one pass, ids gathered in another: a search for every id (79k for `20`) between
    // two timed queries left garbage whose collection landed in the next one.
    const gcPauses: { start: number; end: number }[] = []
    const gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        gcPauses.push({ start: entry.startTime, end: entry.startTime + entry.duration })
    })
    gcObserver.observe({ entryTypes: ['gc'] })
    const timed: { kind: string; query: string; start: number; ms: number }[] = []
    for (const { kind, query } of queries) {
      const start = performance.now()
      index.search(query, { limit: 20 })
      timed.push({ kind, query, start, ms: performance.now() - start })
    }
    // Node creates gc entries on a later turn of the event loop.
    await new Promise((resolve) => setTimeout(resolve, 50))
    for (const entry of gcObserver.takeRecords())
      gcPauses.push({ start: entry.startTime, end: entry.startTime + entry.duration })
    gcObserver.disconnect()
    const runs: QueryRun[] = timed.map(({ kind, query, start, ms }) => {
      let gcMs = 0
      for (const pause of gcPauses)
        gcMs += Math.max(0, Math.min(pause.end, start + ms) - Math.max(pause.start, start))
      // Every matching id, without building snippets for all of them.
      return { kind, query, ms, gcMs, ids: index.search(query, { limit: 0 }).matchedIds }
    })
    // After the timed pass: each drop also evicts what the timed queries would have found.
    const droppedRuns = timeWithCacheDropped(index, queries)
    // A change on disk → searchable: update an article with a fresh marker and find it.
    const updateVisibleMs: number[] = []
    for (let i = 0; i < 30; i++) {
      const victim = samples[(i * 37) % samples.length] as IndexableArticle
      const marker = `更新标记${i}号`
      // Texts read from the archive: the change is in the file too, as the app sees it.
      const restoreFile = archive?.append(victim.id, `<p>${marker}</p>`)
      try {
        const t = performance.now()
        index.update(
          archive
            ? { ...victim, text: archive.articleText(victim.id, false) ?? '' }
            : { ...victim, text: `${victim.text}\n${marker}` },
        )
        const found = index.search(`"${marker}"`, { limit: 1 }).total
        updateVisibleMs.push(performance.now() - t)
        if (found !== 1) throw new Error(`bench: update ${i} not searchable`)
      } finally {
        restoreFile?.()
      }
      index.update(victim)
    }
    const stats = index.stats()
    const memory = process.memoryUsage()
    const steadyRssMB = rssMB()
    // Snapshot: save, then reopen in a fresh index (same process) and answer a query.
    let t = performance.now()
    index.save({ note: 'bench' })
    const saveSeconds = (performance.now() - t) / 1000
    index.close()
    const snapshotMB =
      fs.readdirSync(dataDir).reduce((n, f) => n + fs.statSync(path.join(dataDir, f)).size, 0) /
      1024 /
      1024
    const folderMB: Record<string, number> = {}
    for (const file of fs.readdirSync(dataDir)) {
      const kind = file.replace(/-\d+\.seg$/, ' lists')
      folderMB[kind] = (folderMB[kind] ?? 0) + fs.statSync(path.join(dataDir, file)).size / 1048576
    }
    collectGarbage()
    t = performance.now()
    const reopened = openSearchIndex({ dir: dataDir, articleText: archive?.articleText })
    reopened.index.search('的', { limit: 20 })
    const reopenSeconds = (performance.now() - t) / 1000
    if (!reopened.restored || reopened.index.size !== index.size)
      throw new Error(`bench: reopen failed: ${reopened.reason}`)
    const reopenRssMB = rssMB()
    reopened.index.close()
    const result: EngineResult = {
      gcPauseCount: gcPauses.length,
      gcPauseMs: gcPauses.reduce((n, p) => n + p.end - p.start, 0),
      buildSeconds,
      buildCpuSeconds: (buildCpu.user + buildCpu.system) / 1e6,
      buildPeakRssMB,
      merge,
      pack,
      readAhead,
      droppedRuns,
      steadyRssMB,
      saveSeconds,
      snapshotMB,
      folderMB,
      reopenSeconds,
      reopenRssMB,
      heapMB: memory.heapUsed / 1024 / 1024,
      textChars,
      textStoreMB: archive ? 0 : stats.textBytes / 1024 / 1024,
      postingMB: stats.postingBytes / 1024 / 1024,
      bigramKeys: stats.bigramKeys,
      firstPageMs,
      updateVisibleMs,
      coldRuns,
      runs,
    }
    fs.writeFileSync(args.resultsFile, JSON.stringify(result))
    return { ...result, runs: [] }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Where a root process can drop the OS page cache (Linux). */
const DROP_CACHES = '/proc/sys/vm/drop_caches'
/** Queries per class timed with the page cache dropped (each drop costs ~0.1–0.5 s). */
const DROPPED_PER_CLASS = 10

/**
 * The first DROPPED_PER_CLASS queries of each class again, each after `sync` and dropping
 * the page cache: what a query costs when none of the index is cached. Empty when the cache
 * cannot be dropped (not root, not Linux).
 */
function timeWithCacheDropped(
  index: SearchIndex,
  queries: { kind: string; query: string }[],
): { kind: string; ms: number }[] {
  try {
    fs.accessSync(DROP_CACHES, fs.constants.W_OK)
  } catch {
    return []
  }
  const out: { kind: string; ms: number }[] = []
  const taken = new Map<string, number>()
  for (const { kind, query } of queries) {
    const n = taken.get(kind) ?? 0
    if (n >= DROPPED_PER_CLASS) continue
    taken.set(kind, n + 1)
    execFileSync('sync')
    fs.writeFileSync(DROP_CACHES, '1')
    const t = performance.now()
    index.search(query, { limit: 20 })
    out.push({ kind, ms: performance.now() - t })
  }
  return out
}

async function baseline(args: ChildArgs): Promise<BaselineResult> {
  const started = performance.now()
  const docs: ScanDocument[] = []
  const archive = args.texts === 'archive' ? await archiveTexts(args) : null
  for (const generated of generateArticles(args.count, args.seed))
    docs.push(toScanDocument(archive ? archive.indexable(generated) : toIndexable(generated)))
  const loadSeconds = (performance.now() - started) / 1000
  const queries = JSON.parse(fs.readFileSync(args.queriesFile, 'utf8')) as {
    kind: string
    query: string
  }[]
  const runs: QueryRun[] = []
  for (const { kind, query } of queries) {
    const t = performance.now()
    const ids = bruteForceSearch(parseQuery(query), docs)
    runs.push({ kind, query, ms: performance.now() - t, ids })
  }
  fs.writeFileSync(args.resultsFile, JSON.stringify({ loadSeconds, runs }))
  return { loadSeconds, runs: [] }
}

function textsOption(args: BenchArgs): ChildArgs['texts'] {
  const texts = args.options.get('texts') ?? 'archive'
  if (texts !== 'archive' && texts !== 'copy')
    throw new Error(`bench: --texts takes archive or copy, got "${texts}"`)
  return texts
}

/**
 * The bench archive's files as the app reads them: a generated article's text as parsed from
 * its file (which differs from the generator's in spacing), and the index's `articleText`.
 */
async function archiveTexts(args: ChildArgs): Promise<{
  articleText: ArticleText
  indexable: (generated: Parameters<typeof toIndexable>[0]) => IndexableArticle
  append: (id: string, html: string) => () => void
}> {
  const root = await ensureBenchArchive(args.count, args.seed)
  const read = resolveReadOptions()
  const articleText = archiveText(root, read)
  return {
    articleText,
    indexable: (generated) => {
      const text = articleText(generated.id, false)
      if (text === undefined) throw new Error(`bench: ${generated.id} is missing from ${root}`)
      return { ...toIndexable(generated), text }
    },
    append: (id, html) => {
      const file = path.join(root, id)
      const before = fs.readFileSync(file)
      fs.appendFileSync(file, html)
      return () => fs.writeFileSync(file, before)
    },
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

export async function run(args: BenchArgs): Promise<void> {
  const sizes = sizesOption(args, [10_000, 100_000])
  const seed = numberOption(args, 'seed', 1)
  const perClass = numberOption(args, 'per-class', 40)
  for (const count of sizes) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'search-bench-io-'))
    const base: Omit<ChildArgs, 'role' | 'resultsFile'> = {
      count,
      seed,
      perClass,
      texts: textsOption(args),
      queriesFile: path.join(work, 'queries.json'),
    }
    const engineFile = path.join(work, 'engine.json')
    const baselineFile = path.join(work, 'baseline.json')
    // The semi-space of the app's search worker (client.ts: a 96 MB young generation).
    const flags = ['--expose-gc', '--max-old-space-size=8192', '--max-semi-space-size=32']
    const engineRun = await runChild<EngineResult>(
      SELF,
      { ...base, role: 'engine', resultsFile: engineFile },
      { nodeFlags: flags },
    )
    const baseRun = await runChild<BaselineResult>(
      SELF,
      { ...base, role: 'baseline', resultsFile: baselineFile },
      { nodeFlags: flags },
    )
    const hostRun = args.options.has('no-worker')
      ? null
      : await runChild<WorkerHostResult>(
          SELF,
          { ...base, role: 'worker', resultsFile: '' },
          { nodeFlags: flags },
        )
    const e = JSON.parse(fs.readFileSync(engineFile, 'utf8')) as EngineResult
    const b = JSON.parse(fs.readFileSync(baselineFile, 'utf8')) as BaselineResult
    fs.rmSync(work, { recursive: true, force: true })

    process.stdout.write(
      `\n${count.toLocaleString('en-US')} articles, ${(e.textChars / 1e6).toFixed(1)}M characters of text\n` +
        `engine: build ${e.buildSeconds.toFixed(1)} s (CPU ${e.buildCpuSeconds.toFixed(1)} s, generator included), peak RSS ${e.buildPeakRssMB.toFixed(0)} MB (process ${engineRun.peakRssMB.toFixed(0)} MB), ` +
        `steady RSS ${e.steadyRssMB.toFixed(0)} MB (heap ${e.heapMB.toFixed(0)} MB), postings ${e.postingMB.toFixed(0)} MB, ` +
        `bigram keys ${e.bigramKeys.toLocaleString('en-US')}, text store ${e.textStoreMB.toFixed(0)} MB on disk\n` +
        `engine: word index and records packed in ${e.pack.ms.toFixed(0)} ms (heap ${e.pack.heapBeforeMB.toFixed(0)} → ${e.pack.heapAfterMB.toFixed(0)} MB); ` +
        `segments merged ${e.merge.before} → ${e.merge.after} in ${e.merge.seconds.toFixed(1)} s after the build (longest 8 ms slice ${e.merge.longestSliceMs.toFixed(0)} ms); read ahead ${e.merge.after > 0 ? e.readAhead.mb.toFixed(0) : 0} MB in ${e.readAhead.seconds.toFixed(1)} s\n` +
        `engine: first full page after ${(e.firstPageMs / 1000).toFixed(2)} s; update → searchable p50 ${percentile(e.updateVisibleMs, 50).toFixed(1)} ms, p95 ${percentile(e.updateVisibleMs, 95).toFixed(1)} ms\n` +
        `engine: snapshot ${e.snapshotMB.toFixed(0)} MB saved in ${e.saveSeconds.toFixed(1)} s; reopen + first query ${e.reopenSeconds.toFixed(2)} s (RSS then ${e.reopenRssMB.toFixed(0)} MB)\n` +
        `engine: the saved folder, MiB: ${Object.entries(e.folderMB)
          .sort((x, y) => y[1] - x[1])
          .map(([kind, mb]) => `${kind} ${mb.toFixed(1)}`)
          .join(', ')}\n` +
        `baseline: load + normalise ${b.loadSeconds.toFixed(1)} s, peak RSS ${baseRun.peakRssMB.toFixed(0)} MB\n\n`,
    )
    if (hostRun) {
      const h = hostRun.result
      process.stdout.write(
        `app path (files → worker): ${h.files.toLocaleString('en-US')} files, ${h.archiveMB.toFixed(0)} MB; ` +
          `cold open → fully searchable ${h.coldSeconds.toFixed(1)} s (CPU ${h.coldCpuSeconds.toFixed(1)} s), first page ${h.firstPageSeconds.toFixed(2)} s, ` +
          `host event-loop delay p99 ${h.loopDelayP99Ms.toFixed(1)} ms (max ${h.loopDelayMaxMs.toFixed(1)}), ` +
          `peak RSS ${hostRun.peakRssMB.toFixed(0)} MB; save ${h.saveSeconds.toFixed(1)} s; ` +
          `warm reopen + first query ${h.warmSeconds.toFixed(2)} s (restored: ${String(h.warmRestored)})\n\n`,
      )
    }
    if (!args.options.has('no-core'))
      await printSearchCorePath(count, seed, { listBefore: args.options.has('list-before') })
    const rows: (string | number)[][] = []
    for (const kind of QUERY_CLASSES) {
      const mine = e.runs.filter((r) => r.kind === kind)
      const theirs = b.runs.filter((r) => r.kind === kind)
      let truePositives = 0
      let found = 0
      let relevant = 0
      mine.forEach((r, i) => {
        const truth = new Set(theirs[i]?.ids ?? [])
        found += r.ids.length
        relevant += truth.size
        truePositives += r.ids.filter((id) => truth.has(id)).length
      })
      const ms = mine.map((r) => r.ms)
      const hits = mine.map((r) => r.ids.length)
      const cold = e.coldRuns.filter((r) => r.kind === kind).map((r) => r.ms)
      const dropped = e.droppedRuns.filter((r) => r.kind === kind).map((r) => r.ms)
      rows.push([
        kind,
        mine.length,
        percentile(hits, 50),
        percentile(ms, 50),
        percentile(ms, 95),
        percentile(ms, 99),
        percentile(cold, 95),
        percentile(cold, 99),
        percentile(dropped, 50),
        percentile(dropped, 95),
        percentile(
          theirs.map((r) => r.ms),
          50,
        ),
        percentile(
          theirs.map((r) => r.ms),
          95,
        ),
        relevant === 0 ? 1 : truePositives / relevant,
        found === 0 ? 1 : truePositives / found,
      ])
    }
    printTable(
      [
        { header: 'class', align: 'left' },
        { header: 'queries', digits: 0 },
        { header: 'hits p50', digits: 0 },
        { header: 'engine p50 ms' },
        { header: 'p95 ms' },
        { header: 'p99 ms' },
        { header: 'JIT-cold p95' },
        { header: 'JIT-cold p99' },
        { header: 'no-cache p50' },
        { header: 'no-cache p95' },
        { header: 'scan p50 ms' },
        { header: 'scan p95 ms' },
        { header: 'recall', digits: 3 },
        { header: 'precision', digits: 3 },
      ],
      rows,
    )
    // The slowest measured query of each class, with the collector's share of its time.
    process.stdout.write(
      `gc pauses during the timed queries: ${e.gcPauseCount} (${e.gcPauseMs.toFixed(0)} ms)\n`,
    )
    const slowest = QUERY_CLASSES.map((kind) => {
      const run = e.runs
        .filter((r) => r.kind === kind)
        .reduce<QueryRun | null>((a, r) => (a === null || r.ms > a.ms ? r : a), null)
      return run
        ? `${kind} ${JSON.stringify(run.query)} ${run.ms.toFixed(1)} ms (gc ${(run.gcMs ?? 0).toFixed(1)}, ${run.ids.length} hits)`
        : ''
    })
    process.stdout.write(`slowest: ${slowest.filter(Boolean).join('; ')}\n`)
  }
}

if (process.argv[1] === SELF && process.argv[2]?.startsWith('{')) {
  const role = (JSON.parse(process.argv[2]) as ChildArgs).role
  const work = role === 'engine' ? engine : role === 'worker' ? workerHost : baseline
  runBenchChild<ChildArgs, EngineResult | BaselineResult | WorkerHostResult>(work).catch(
    exitOnError,
  )
}
