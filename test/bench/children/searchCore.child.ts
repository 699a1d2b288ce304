/**
 * The search issue's app-path figures through the whole engine (createCore → library scan +
 * watcher → search service → worker), on a generated archive, with this thread in the role of
 * the process that answers the UI (its event-loop delay is measured):
 * - cold open (no snapshot): list complete (the library's scan), first page of results, index
 *   complete;
 * - change on disk → searchable: write a file (new, then edited) with a unique marker and poll
 *   the search until it finds it, `changes` times;
 * - close (saves the snapshot), then a warm reopen: first page of results, list complete,
 *   index up to date (only changed files read).
 * `eager: true` instead measures the list as it was before the index waited for the library's
 * scan (the build starts at open, beside the scan), and stops there.
 * `listOnly: true` measures the list of the current wiring alone (the same way as eager's).
 * Files are written into `<archive>/bench-changes-<pid>/` only (benches may run side by side on
 * the cached archive), and removed at the end.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createCore } from '../../../src/main/core/createCore'
import type { Core } from '../../../src/main/core/coreTypes'
import {
  createSearchService,
  type SearchPort,
  type SyncReport,
} from '../../../src/main/core/search/searchService'
import { ensureBenchArchive } from '../../support/generator/index'
import { fileURLToPath } from 'node:url'
import { exitOnError, runBenchChild } from '../lib/child'

export interface SearchCoreArgs {
  count: number
  seed: number
  changes: number
  eager?: boolean
  listOnly?: boolean
}

export interface SearchCoreResult {
  listColdSeconds: number
  firstResultsColdSeconds: number
  fullColdSeconds: number
  loopP99Ms: number
  loopMaxMs: number
  changeMs: number[]
  closeSeconds: number
  warmFirstResultsSeconds: number
  /** Warm reopen: the list shows every article (from the library's catalog snapshot). */
  warmListShownSeconds: number
  warmListSeconds: number
  warmSyncedSeconds: number
  warmReport: SyncReport | null
}

const now = (): number => performance.now()
/** A change not searchable after this long is a failure, not a figure. */
const CHANGE_DEADLINE_MS = 60_000
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

interface Opened {
  core: Core
  reports: SyncReport[]
  listed: Promise<number>
  started: number
}

async function open(dataDir: string, root: string, eager: boolean): Promise<Opened> {
  const reports: SyncReport[] = []
  const core = await createCore(
    { dataDir },
    {
      createSearch: (options) => {
        const service = createSearchService({ ...options, onSynced: (r) => reports.push(r) })
        if (!eager) return service
        // Before: the index was built from the folder as soon as the archive opened.
        const before: SearchPort = {
          ...service,
          start(at, read) {
            service.start(at, read)
            service.scanned([])
          },
          scanned: () => undefined,
        }
        return before
      },
    },
  )
  const started = now()
  const listed = new Promise<number>((resolve) =>
    core.subscribe((event) => {
      if (event.type === 'archive-status' && event.status === 'ready') resolve(now())
    }),
  )
  await core.openArchive({ path: root })
  return { core, reports, listed, started }
}

/** Seconds from `since` until a query shows a full page. */
async function firstPage(
  { core, reports }: Opened,
  since: number,
  everyMs: number,
): Promise<number> {
  for (;;) {
    const failed = reports.find((r) => r.failed)?.failed
    if (failed) throw new Error(`bench: the index failed: ${failed}`)
    const result = await core.search({ query: '的', limit: 20 }).catch(() => null)
    if (result && result.hits.length === 20) return (now() - since) / 1000
    await sleep(everyMs)
  }
}

async function work(args: SearchCoreArgs): Promise<SearchCoreResult | { listSeconds: number }> {
  const root = await ensureBenchArchive(args.count, args.seed)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-bench-core-'))
  const changesDir = path.join(root, `bench-changes-${process.pid}`)
  fs.rmSync(changesDir, { recursive: true, force: true })
  try {
    if (args.eager || args.listOnly) {
      const app = await open(dataDir, root, args.eager === true)
      const listSeconds = ((await app.listed) - app.started) / 1000
      await app.core.dispose()
      return { listSeconds }
    }
    const loop = monitorEventLoopDelay({ resolution: 10 })
    loop.enable()
    let app = await open(dataDir, root, false)
    const firstResultsColdSeconds = await firstPage(app, app.started, 200)
    const listColdSeconds = ((await app.listed) - app.started) / 1000
    while (app.reports.length === 0) await sleep(200)
    if (app.reports[0]?.failed) throw new Error(`bench: the build failed: ${app.reports[0].failed}`)
    const fullColdSeconds = (now() - app.started) / 1000
    loop.disable()

    fs.mkdirSync(changesDir)
    const changeMs: number[] = []
    for (let i = 0; i < args.changes; i++) {
      const file = path.join(changesDir, `change-${i % Math.ceil(args.changes / 2)}.md`)
      const marker = `延迟标记第${i}号变更`
      const t = now()
      // New files first, then edits of the same files.
      if (fs.existsSync(file)) fs.appendFileSync(file, `\n<p>${marker}</p>\n`)
      else fs.writeFileSync(file, `---\ntitle: 变更 ${i}\n---\n<p>${marker}</p>\n`)
      while ((await app.core.search({ query: `"${marker}"`, limit: 1 })).total !== 1) {
        if (now() - t > CHANGE_DEADLINE_MS) throw new Error(`bench: change ${i} never searchable`)
        await sleep(5)
      }
      changeMs.push(now() - t)
    }

    const articleTotal = (await app.core.listArticles({ limit: 1 })).total
    const t = now()
    await app.core.dispose()
    const closeSeconds = (now() - t) / 1000

    app = await open(dataDir, root, false)
    while ((await app.core.listArticles({ limit: 1 })).total < articleTotal) await sleep(5)
    const warmListShownSeconds = (now() - app.started) / 1000
    const warmFirstResultsSeconds = await firstPage(app, app.started, 20)
    const warmListSeconds = ((await app.listed) - app.started) / 1000
    while (app.reports.length === 0) await sleep(20)
    const warmSyncedSeconds = (now() - app.started) / 1000
    await app.core.dispose()
    return {
      listColdSeconds,
      firstResultsColdSeconds,
      fullColdSeconds,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
      changeMs,
      closeSeconds,
      warmFirstResultsSeconds,
      warmListShownSeconds,
      warmListSeconds,
      warmSyncedSeconds,
      warmReport: app.reports[0] ?? null,
    }
  } finally {
    fs.rmSync(changesDir, { recursive: true, force: true })
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2]?.startsWith('{'))
  runBenchChild(work).catch(exitOnError)
