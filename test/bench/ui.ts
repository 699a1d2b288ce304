/**
 * `npm run bench -- ui [--sizes 10k,100k] [--seed 1] [--queries 36] [--frames 600] [--only keys|scroll]
 *   [--settle 0]`
 *
 * The reader UI in Debian's Chromium (playwright-core, headless) against serve mode (the built
 * CLI's `serve`, a child process, on a generated archive from ensureBenchArchive). Needs
 * `npm run build` first. For each size:
 *
 * 1. Waits until the archive is indexed (polls getArchiveInfo over HTTP: status ready and
 *    progress.indexed = articleCount), so searches hit the finished index, not a half-built one.
 * 2. Keystroke → results painted, for every sampled query (Chinese substrings of titles and
 *    bodies, and Latin words typed key by key). In the page:
 *    - t(key): the timeStamp of the last input event of the query (a Chinese query is committed
 *      at once, as an input method does: one input event; a Latin word is typed key by key and
 *      the last key counts);
 *    - t(settled): the renderer's 'search:settled' User Timing mark (the debounce fired);
 *    - t(painted): a MutationObserver sees the list show the search's rows (the list empties
 *      when a new query starts, so rows after the search answered are the new results), then
 *      the next requestAnimationFrame, then a message-channel task after that frame: the first
 *      moment after the frame that paints the results.
 * 3. List scroll: a requestAnimationFrame loop moves the list's scrollTop by a fixed step every
 *    frame (a flick of 100 px/frame, then jumps of 25 000 px/frame that land on rows not yet
 *    fetched), recording the rAF timestamps; frame duration = the gap between consecutive frames.
 *    Long animation frames (PerformanceObserver 'long-animation-frame') are reported too, with
 *    their script and rendering time: a long frame with ~0 ms of either is the page waiting for
 *    a CPU (a loaded machine), not the page's own work.
 * The keystroke table also splits the time: search HTTP (request sent → answer, the engine) and
 * answer → paint (the renderer: parsing, React, layout, paint).
 *
 * Targets: keystroke → painted p95 ≤ 50 ms; no scroll frame over 50 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { CHROMIUM_ARGS } from '../../src/main/core/export/playwrightPrinter'
import type { BenchArgs } from './lib/args'
import { numberOption, sizesOption } from './lib/args'
import { REPO_ROOT } from './lib/measure'
import { printTable } from './lib/table'
import { benchArchiveDir, ensureBenchArchive, generateArticles } from '../support/generator/index'
import { mulberry32 } from '../support/random'

export const description =
  'reader UI in Chromium via serve mode: keystroke → results painted, list scroll frames'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const TARGET_KEYSTROKE_P95_MS = 50
const TARGET_MAX_FRAME_MS = 50

interface QuerySample {
  query: string
  kind: 'zh' | 'latin'
}

interface KeystrokeTiming {
  query: string
  kind: QuerySample['kind']
  fromKey: number
  fromSettled: number
  roundTrip: number
  /** From the settled query to its search request being sent: the renderer's work first. */
  settledToSent: number
  /** From the search's HTTP answer to the painted frame: the renderer's own share. */
  answerToPaint: number
  total: number
  /** The engine's own account of the search (its debug log), when it logged one. */
  engine: EngineTiming | undefined
}

/** One `searched` debug line of the serve process (searchService.ts): phases in ms. */
interface EngineTiming {
  filterMs: number
  workerMs: number
  transferMs: number
  hostMs: number
  /** The serve adapter's whole handling of the request: body, the search, JSON, the write. */
  serverMs?: number
}

/** A long animation frame: its length, the script and rendering time in it, its longest script. */
interface LongFrame {
  duration: number
  scriptMs: number
  renderMs: number
  top: string
}

interface ScrollResult {
  name: string
  frames: number[]
  longFrames: LongFrame[]
}

// ------------------------------------------------------------------ queries

const HAN_RUN = /[\u4e00-\u9fff]{2,}/g
const LATIN_WORD = /\b[A-Za-z]{4,}\b/g

/** Queries that the archive answers: substrings of generated titles and bodies, seeded. */
export function sampleQueries(count: number, seed: number, wanted: number): QuerySample[] {
  const random = mulberry32(seed * 7919 + 17)
  const pool = Math.min(count, 3000)
  const zh: QuerySample[] = []
  const latin: QuerySample[] = []
  const seen = new Set<string>()
  const latinWanted = Math.max(6, Math.round(wanted / 6))
  for (const article of generateArticles(pool, seed)) {
    if (random() > 0.05) continue
    const source = random() < 0.5 ? article.title : article.text
    const runs = source.match(HAN_RUN) ?? []
    const run = runs[Math.floor(random() * runs.length)]
    if (run && zh.length < wanted - latinWanted) {
      const length = Math.min(run.length, 2 + Math.floor(random() * 3))
      const start = Math.floor(random() * (run.length - length + 1))
      const query = run.slice(start, start + length)
      if (!seen.has(query)) zh.push({ query, kind: 'zh' })
      seen.add(query)
    }
    const words = article.text.match(LATIN_WORD) ?? []
    const word = words[Math.floor(random() * words.length)]
    if (word && latin.length < latinWanted && !seen.has(word.toLowerCase())) {
      seen.add(word.toLowerCase())
      latin.push({ query: word, kind: 'latin' })
    }
  }
  // Interleaved, so both kinds meet a warm and a cold page alike.
  const out: QuerySample[] = []
  for (let i = 0; out.length < zh.length + latin.length; i++) {
    if (zh[i]) out.push(zh[i] as QuerySample)
    if (i % 5 === 4 && latin[Math.floor(i / 5)]) out.push(latin[Math.floor(i / 5)] as QuerySample)
    if (i > zh.length + latin.length * 5) break
  }
  return out
}

// ------------------------------------------------------------------ serve mode

interface Served {
  url: string
  child: ChildProcess
  dataDir: string
  /** The engine's timing of each first-page search, by query (the newest one wins). */
  searched: Map<string, EngineTiming>
}

const SEARCHED_LINE = /^\[debug\] search: searched (\{.*\})$/
const ANSWERED_LINE = /^\[debug\] serve: answered (\{.*\})$/

/**
 * The app's data folder lives beside the cached archive and is kept: the search index snapshot
 * saved on exit makes the next run start from a finished index instead of minutes of building.
 */
async function startServe(archive: string, dataDir: string): Promise<Served> {
  mkdirSync(dataDir, { recursive: true })
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'out', 'main', 'cli.js'), 'serve', archive, '--data-dir', dataDir],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The engine logs where each search's time went at the debug level (one line a search).
      env: { ...process.env, ARCHIVE_BROWSER_LOG: 'debug' },
    },
  )
  let output = ''
  const searched = new Map<string, EngineTiming>()
  let partial = ''
  let lastSearch: EngineTiming | null = null
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) {
      const answered = ANSWERED_LINE.exec(line)?.[1]
      if (answered) {
        const call = JSON.parse(answered) as { method: string; ms: number }
        // The search logs before its answer is written: this answer is that search's.
        if (call.method === 'search' && lastSearch) lastSearch.serverMs = call.ms
        lastSearch = null
        continue
      }
      const match = SEARCHED_LINE.exec(line)
      if (!match?.[1]) {
        output += `${line}\n`
        continue
      }
      const logged = JSON.parse(match[1]) as EngineTiming & { query: string; offset: number }
      lastSearch = logged
      if (logged.offset === 0) searched.set(logged.query, logged)
    }
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
      const match = /serving at (\S+)/.exec(output)
      if (match?.[1]) resolve(match[1])
    })
    child.on('exit', (code) =>
      reject(new Error(`bench ui: serve exited with ${code}\n${output.slice(-2000)}`)),
    )
  })
  return { url, child, dataDir, searched }
}

async function stopServe(served: Served): Promise<void> {
  if (served.child.exitCode === null) {
    const exited = new Promise<void>((resolve) => served.child.once('exit', () => resolve()))
    served.child.kill('SIGTERM')
    await exited
  }
}

interface ArchiveInfoLike {
  status: string
  articleCount: number
  progress: { read: number; indexed: number; total: number }
}

async function archiveInfo(url: string): Promise<ArchiveInfoLike | null> {
  const response = await fetch(new URL('/api/getArchiveInfo', url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '',
  })
  const result = (await response.json()) as { ok: boolean; value?: ArchiveInfoLike | null }
  return result.ok ? (result.value ?? null) : null
}

/** Polls getArchiveInfo until the index holds every article; returns the seconds waited. */
async function waitIndexed(url: string, count: number): Promise<number> {
  const started = performance.now()
  let lastReport = 0
  for (;;) {
    const info = await archiveInfo(url).catch(() => null)
    const done =
      info !== null &&
      info.status === 'ready' &&
      info.articleCount >= count &&
      info.progress.indexed >= info.articleCount
    if (done) return (performance.now() - started) / 1000
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now()
      const p = info?.progress
      process.stdout.write(
        `  waiting for the index: ${info?.status ?? 'no archive'}, read ${p?.read ?? 0}, indexed ${p?.indexed ?? 0} of ${p?.total ?? '?'}\n`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

// ------------------------------------------------------------------ in-page probes

/**
 * Installed before the app's scripts: records input events and search requests, and offers the
 * in-page measurements. Plain JavaScript in a string: functions handed to page.evaluate would
 * carry the bundler's helpers (`__name`), which do not exist in the page.
 */
const PROBE = `(() => {
  const bench = { inputs: [], requests: [] }
  window.__bench = bench
  document.addEventListener('input', (event) => {
    if (event.target && event.target.id === 'search-input')
      bench.inputs.push({ value: event.target.value, t: event.timeStamp })
  }, true)
  const fetchBefore = window.fetch
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : String(input && input.url)
    if (url.includes('/api/search') && init && typeof init.body === 'string') {
      const arg = JSON.parse(init.body)
      const record = { query: arg.query, offset: arg.offset || 0, sent: performance.now(), done: null }
      bench.requests.push(record)
      return fetchBefore.apply(this, arguments).then((response) => {
        record.done = performance.now()
        return response
      })
    }
    return fetchBefore.apply(this, arguments)
  }

  // Resolves once the list paints the answer to q: rows (or the no-results message) after the
  // search answered, then the next animation frame, then a task after that frame's paint.
  bench.watchPainted = (q) => new Promise((resolve) => {
    const answered = () =>
      bench.requests.filter((r) => r.query === q && r.offset === 0 && r.done !== null).at(-1)
    const shown = () => {
      const input = document.querySelector('#search-input')
      if (!input || input.value.trim() !== q || !answered()) return false
      const first = document.querySelector('.article-list .row')
      return (first !== null && !first.classList.contains('row-loading')) ||
        document.querySelector('.list-pane .empty') !== null
    }
    let fired = false
    const observer = new MutationObserver(() => {
      if (fired || !shown()) return
      fired = true
      observer.disconnect()
      requestAnimationFrame(() => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => {
          const req = answered()
          resolve({ painted: performance.now(), sent: req.sent, done: req.done })
        }
        channel.port2.postMessage(0)
      })
    })
    observer.observe(document.body, { subtree: true, childList: true, characterData: true })
  })

  bench.marks = (q, from) => {
    const key = bench.inputs.slice(from).filter((i) => i.value.trim() === q).at(-1)
    const settled = performance.getEntriesByName('search:settled')
      .filter((m) => m.detail === q).at(-1)
    return { key: key ? key.t : NaN, settled: settled ? settled.startTime : NaN }
  }

  // Moves the list by px every animation frame for count frames; returns the frame gaps and
  // the long animation frames seen meanwhile.
  bench.scroll = (px, count) => new Promise((resolve) => {
    const list = document.querySelector('.article-list')
    list.scrollTop = 0
    const longFrames = []
    const observer = new PerformanceObserver((entries) => {
      for (const entry of entries.getEntries()) {
        const scripts = entry.scripts || []
        const top = scripts.slice().sort((a, b) => b.duration - a.duration)[0]
        longFrames.push({
          duration: entry.duration,
          scriptMs: scripts.reduce((sum, s) => sum + s.duration, 0),
          renderMs: entry.renderStart ? entry.startTime + entry.duration - entry.renderStart : 0,
          top: top ? (top.invoker || '') + ' ' + (top.sourceFunctionName || '') + ' ' + Math.round(top.duration) + 'ms' : '',
        })
      }
    })
    try { observer.observe({ type: 'long-animation-frame', buffered: false }) } catch {}
    const stamps = []
    const tick = (timestamp) => {
      stamps.push(timestamp)
      if (stamps.length > count) {
        observer.disconnect()
        resolve({ frames: stamps.slice(1).map((t, i) => t - stamps[i]), longFrames })
        return
      }
      const max = list.scrollHeight - list.clientHeight
      list.scrollTop = list.scrollTop + px >= max ? 0 : list.scrollTop + px
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
})()`

interface PaintTimes {
  painted: number
  sent: number
  done: number
}

interface BenchWindow {
  __bench: {
    inputs: unknown[]
    watchPainted(q: string): Promise<PaintTimes>
    marks(q: string, from: number): { key: number; settled: number }
    scroll(px: number, count: number): Promise<{ frames: number[]; longFrames: LongFrame[] }>
  }
}

async function listSettled(page: Page): Promise<void> {
  await page.locator('#search-input').fill('')
  await page.locator('.article-list').evaluate((list) => list.scrollTo({ top: 0 }))
  await page
    .getByRole('status')
    .filter({ hasText: /articles$/ })
    .first()
    .waitFor()
  await page.locator('#article-row-0:not(.row-loading)').waitFor()
  // Quiet time: no debounce pending, no frame in flight.
  await page.waitForTimeout(250)
}

async function measureQuery(
  page: Page,
  sample: QuerySample,
  searched: Map<string, EngineTiming>,
): Promise<KeystrokeTiming> {
  await listSettled(page)
  const inputsBefore = await page.evaluate(
    () => (window as unknown as BenchWindow).__bench.inputs.length,
  )
  const painted = page.evaluate(
    (q) => (window as unknown as BenchWindow).__bench.watchPainted(q),
    sample.query,
  )
  await page.locator('#search-input').focus()
  if (sample.kind === 'zh') await page.keyboard.insertText(sample.query)
  else await page.keyboard.type(sample.query, { delay: 30 })
  const times = await painted
  const marks = await page.evaluate(
    ([q, from]) => (window as unknown as BenchWindow).__bench.marks(q, from),
    [sample.query, inputsBefore] as const,
  )
  return {
    query: sample.query,
    kind: sample.kind,
    fromKey: times.painted - marks.key,
    fromSettled: times.painted - marks.settled,
    roundTrip: times.done - times.sent,
    settledToSent: times.sent - marks.settled,
    answerToPaint: times.painted - times.done,
    engine: searched.get(sample.query),
    total: Number(
      (
        await page
          .getByRole('status')
          .filter({ hasText: /results$/ })
          .first()
          .innerText()
          .catch(() => '')
      ).replace(/[^\d]/g, ''),
    ),
  }
}

async function scrollRun(
  page: Page,
  name: string,
  step: number,
  frames: number,
): Promise<ScrollResult> {
  await listSettled(page)
  const result = await page.evaluate(
    ([px, count]) => (window as unknown as BenchWindow).__bench.scroll(px, count),
    [step, frames] as const,
  )
  return { name, ...result }
}

// ------------------------------------------------------------------ report

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS'
}

async function runSize(
  count: number,
  seed: number,
  wanted: number,
  frames: number,
  only: string | undefined,
  settleSeconds: number,
) {
  process.stdout.write(`\n--- ${count.toLocaleString('en-US')} articles (seed ${seed})\n`)
  const archive = await ensureBenchArchive(count, seed)
  const served = await startServe(archive, path.join(benchArchiveDir(count, seed), 'ui-data'))
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  try {
    const waited = await waitIndexed(served.url, count)
    process.stdout.write(
      `  index complete after ${waited.toFixed(1)} s of waiting (getArchiveInfo polled)\n`,
    )
    // By default the typing starts as soon as the index is complete, when the app's post-open
    // work (the image cache's discovery and background run) is still going: a user who types
    // at once meets it. --settle N measures the steady state instead, N seconds later.
    if (settleSeconds > 0) {
      process.stdout.write(`  settling ${settleSeconds} s before typing\n`)
      await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000))
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
    await page.addInitScript(PROBE)
    await page.goto(served.url)
    await page.locator('#article-row-0:not(.row-loading)').waitFor({ timeout: 120_000 })

    if (only !== 'scroll') await keystrokes(page, count, seed, wanted, served.searched)
    if (only !== 'keys') await scrolling(page, frames)
  } finally {
    await browser.close()
    await stopServe(served)
  }
}

async function keystrokes(
  page: Page,
  count: number,
  seed: number,
  wanted: number,
  searched: Map<string, EngineTiming>,
) {
  const samples = sampleQueries(count, seed, wanted)
  const timings: KeystrokeTiming[] = []
  // One warm-up query (first search pays for lazy code paths), not counted.
  await measureQuery(page, { query: '公司', kind: 'zh' }, searched)
  for (const sample of samples) timings.push(await measureQuery(page, sample, searched))

  const rows = (['zh', 'latin', 'all'] as const).map((kind) => {
    const set = timings.filter((t) => kind === 'all' || t.kind === kind)
    const key = set.map((t) => t.fromKey)
    const settled = set.map((t) => t.fromSettled)
    const trip = set.map((t) => t.roundTrip)
    const own = set.map((t) => t.answerToPaint)
    return [
      kind,
      set.length,
      percentile(key, 50),
      percentile(key, 95),
      percentile(settled, 50),
      percentile(settled, 95),
      percentile(trip, 50),
      percentile(trip, 95),
      percentile(own, 50),
      percentile(own, 95),
    ]
  })
  printTable(
    [
      { header: 'queries' },
      { header: 'n', digits: 0 },
      { header: 'key→paint p50', digits: 1 },
      { header: 'p95', digits: 1 },
      { header: 'settled→paint p50', digits: 1 },
      { header: 'p95', digits: 1 },
      { header: 'search HTTP p50', digits: 1 },
      { header: 'p95', digits: 1 },
      { header: 'answer→paint p50', digits: 1 },
      { header: 'p95', digits: 1 },
    ],
    rows,
  )
  printEngineShare(timings)
  const slowest = [...timings].sort((a, b) => b.fromKey - a.fromKey).slice(0, 3)
  for (const t of slowest) {
    const e = t.engine
    const split = e
      ? `worker ${e.workerMs.toFixed(0)}, server ${(e.serverMs ?? NaN).toFixed(0)} ` +
        `(filter ${e.filterMs.toFixed(0)}, host ${e.hostMs.toFixed(0)}, hop ${e.transferMs.toFixed(0)}), `
      : ''
    process.stdout.write(
      `  slow: #${timings.indexOf(t) + 1} ${t.query} (${t.total} hits) ${t.fromKey.toFixed(0)} ms = ` +
        `${split}round trip ${t.roundTrip.toFixed(0)}, answer→paint ${t.answerToPaint.toFixed(0)}\n`,
    )
  }
  const allKey = timings.map((t) => t.fromKey)
  const allSettled = timings.map((t) => t.fromSettled)
  process.stdout.write(
    `  keystroke → painted p95 ${percentile(allKey, 95).toFixed(1)} ms: ${verdict(percentile(allKey, 95) <= TARGET_KEYSTROKE_P95_MS)}` +
      ` | debounce fired → painted p95 ${percentile(allSettled, 95).toFixed(1)} ms: ${verdict(percentile(allSettled, 95) <= TARGET_KEYSTROKE_P95_MS)}\n`,
  )
}

/**
 * The search HTTP round trip split by the engine's own account: the search worker, the answering
 * thread (list filter before, facets and hits after), the thread hop, the serve adapter's own
 * share, and the rest: Chromium's network stack, the sockets, waiting for a CPU.
 */
function printEngineShare(timings: KeystrokeTiming[]) {
  const logged = timings.filter((t) => t.engine !== undefined)
  if (logged.length === 0) return
  const parts: [string, (t: KeystrokeTiming, e: EngineTiming) => number][] = [
    ['renderer: settled → request sent', (t) => t.settledToSent],
    ['worker', (_, e) => e.workerMs],
    ['answering thread', (_, e) => e.filterMs + e.hostMs],
    ['thread hop', (_, e) => e.transferMs],
    [
      'serve adapter (body, JSON, write)',
      (_, e) => (e.serverMs ?? NaN) - e.workerMs - e.filterMs - e.hostMs - e.transferMs,
    ],
    ['browser ↔ server (Chromium, sockets)', (t, e) => t.roundTrip - (e.serverMs ?? NaN)],
  ]
  printTable(
    [
      { header: `settled → answer, ${logged.length} searches` },
      { header: 'p50', digits: 1 },
      { header: 'p95', digits: 1 },
      { header: 'max', digits: 1 },
    ],
    parts.map(([name, of]) => {
      const values = logged.map((t) => of(t, t.engine as EngineTiming))
      return [name, percentile(values, 50), percentile(values, 95), Math.max(...values)]
    }),
  )
}

async function scrolling(page: Page, frames: number) {
  const scrolls = [
    await scrollRun(page, 'flick 100 px/frame', 100, frames),
    await scrollRun(page, 'jump 25,000 px/frame', 25_000, Math.round(frames / 2)),
  ]
  printTable(
    [
      { header: 'scroll' },
      { header: 'frames', digits: 0 },
      { header: 'p50 ms', digits: 1 },
      { header: 'p95 ms', digits: 1 },
      { header: 'max ms', digits: 1 },
      { header: '> 50 ms', digits: 0 },
      { header: 'LoAF n', digits: 0 },
      { header: 'LoAF max', digits: 1 },
      { header: 'LoAF busy max', digits: 1 },
      { header: 'verdict' },
    ],
    scrolls.map((s) => {
      const max = Math.max(...s.frames)
      return [
        s.name,
        s.frames.length,
        percentile(s.frames, 50),
        percentile(s.frames, 95),
        max,
        s.frames.filter((f) => f > TARGET_MAX_FRAME_MS).length,
        s.longFrames.length,
        s.longFrames.length ? Math.max(...s.longFrames.map((f) => f.duration)) : 0,
        // The page's own work in its worst frame: script or rendering time, whichever is longer
        // (rendering includes the rAF callbacks); the rest of a long frame is waiting for a CPU.
        s.longFrames.length
          ? Math.max(...s.longFrames.map((f) => Math.max(f.scriptMs, f.renderMs)))
          : 0,
        verdict(max <= TARGET_MAX_FRAME_MS),
      ]
    }),
  )
  for (const s of scrolls) {
    const worst = [...s.longFrames].sort((a, b) => b.duration - a.duration).slice(0, 3)
    for (const f of worst)
      process.stdout.write(
        `  ${s.name}: long frame ${f.duration.toFixed(0)} ms = script ${f.scriptMs.toFixed(0)} ms + rendering ${f.renderMs.toFixed(0)} ms; longest script: ${f.top}\n`,
      )
  }
}

export async function run(args: BenchArgs): Promise<void> {
  const seed = numberOption(args, 'seed', 1)
  const wanted = numberOption(args, 'queries', 36)
  const frames = numberOption(args, 'frames', 600)
  // --only keys | scroll: one half of the measurements, for iterating.
  const only = args.options.get('only')
  const settleSeconds = numberOption(args, 'settle', 0)
  process.stdout.write(
    `Chromium ${CHROMIUM} headless; serve mode from out/ (run \`npm run build\` first); ` +
      `${wanted} queries per size.\n`,
  )
  for (const count of sizesOption(args, [10_000, 100_000])) {
    await runSize(count, seed, wanted, frames, only, settleSeconds)
  }
}
