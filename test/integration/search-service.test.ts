/**
 * The search index inside the running engine (createCore → search service → worker):
 * snapshots reused across opens with only changed files read again, snapshots that cannot be
 * trusted rebuilt, changes during a build, and a build cancelled by opening another archive.
 * "The truth" is a brute-force substring scan over the files on disk at the end.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import { scanArchive } from '../../src/main/core/archive/scan'
import {
  bruteForceSearch,
  toScanDocument,
  type ScanDocument,
} from '../../src/main/core/search/bruteForce'
import { parseQuery } from '../../src/main/core/search/queryParser'
import {
  createSearchService,
  type SearchTiming,
  type SyncReport,
} from '../../src/main/core/search/searchService'
import { SNAPSHOT_FILE } from '../../src/main/core/search/snapshot'
import { archiveDataDir } from '../../src/main/core/state/paths'
import { CATALOG_SNAPSHOT_FILE } from '../../src/main/core/library/catalogSnapshot'
import { writeArchive } from '../support/generator/index'
import { makeTempDir, removeDir } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

const QUERIES = ['的', '手机', '"，"', 'date:2021', '变更标记', '新增标记', '风暴标记']

const cleanup: string[] = []
const cores: Core[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose()
  for (const dir of cleanup.splice(0)) await removeDir(dir)
})

async function tempDir(prefix: string): Promise<string> {
  const dir = await makeTempDir(prefix)
  cleanup.push(dir)
  return dir
}

interface Harness {
  core: Core
  reports: SyncReport[]
  /** Called with every progress report of the index (indexed count, done). */
  onIndexed: ((indexed: number, done: boolean) => void) | null
}

async function startCore(dataDir: string, searchTextCopy?: boolean): Promise<Harness> {
  const harness: Harness = { core: null as unknown as Core, reports: [], onIndexed: null }
  harness.core = await createCore(
    // These tests change files right after opening while polling searches every 50 ms: the
    // watcher starts once the load is done, not at the user's first pause as by default
    // (which core-watch-start.test.ts covers).
    { dataDir, watchStart: 'load', ...(searchTextCopy === undefined ? {} : { searchTextCopy }) },
    {
      createSearch: (options) =>
        createSearchService({
          ...options,
          scanWorkers: 0,
          onIndexed: (indexed, done) => {
            options.onIndexed?.(indexed, done)
            harness.onIndexed?.(indexed, done)
          },
          onSynced: (report) => harness.reports.push(report),
        }),
    },
  )
  cores.push(harness.core)
  return harness
}

async function closeCore(harness: Harness): Promise<void> {
  cores.splice(cores.indexOf(harness.core), 1)
  await harness.core.dispose()
}

async function openAndSync(harness: Harness, root: string): Promise<SyncReport> {
  const before = harness.reports.length
  await harness.core.openArchive({ path: root })
  await waitFor(() => harness.reports.length > before, 'the index to be up to date')
  return harness.reports[before] as SyncReport
}

/** Up to this many matches are compared id by id; beyond, by count (the page limit is 500). */
const COMPARED = 500

/** What each query matches in the files on disk now, by brute force: its ids, or their count. */
async function truth(root: string): Promise<Map<string, string[] | number>> {
  const docs: ScanDocument[] = []
  for await (const article of scanArchive(root, { workers: 0 })) docs.push(toScanDocument(article))
  return new Map(
    QUERIES.map((q) => {
      const ids = bruteForceSearch(parseQuery(q), docs).sort()
      return [q, ids.length > COMPARED ? ids.length : ids]
    }),
  )
}

async function answers(core: Core): Promise<Map<string, string[] | number>> {
  const result = new Map<string, string[] | number>()
  for (const query of QUERIES) {
    const found = await core.search({ query, limit: COMPARED })
    result.set(query, found.total > COMPARED ? found.total : found.hits.map((h) => h.id).sort())
  }
  return result
}

async function expectTruth(core: Core, root: string): Promise<void> {
  expect(await answers(core)).toEqual(await truth(root))
}

/** Lists the archive's article files (generated archives: .html/.md under source/_posts). */
function articleFiles(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((f) => /\.(md|html?)$/.test(f))
    .sort()
}

function append(root: string, id: string, html: string): void {
  fs.appendFileSync(path.join(root, id), `\n${html}\n`)
}

/**
 * Removes the library's catalog snapshot, so the library scans every file and the index's own
 * sync is what brings it up to date (counted here); library-snapshot.test.ts covers the reopen
 * where the library's snapshot leads and its verification's changes feed the index.
 */
function dropLibrarySnapshot(dataDir: string, root: string): void {
  fs.rmSync(path.join(archiveDataDir(dataDir, fs.realpathSync(root)), CATALOG_SNAPSHOT_FILE))
}

function snapshotDir(dataDir: string, root: string): string {
  return path.join(archiveDataDir(dataDir, fs.realpathSync(root)), 'search')
}

describe('search service', () => {
  it('reopens from the snapshot without reading unchanged files, and reads only what changed while closed', async () => {
    const root = await tempDir('search-svc-archive-')
    const dataDir = await tempDir('search-svc-data-')
    await writeArchive(root, 60, 11)
    const files = articleFiles(root)
    expect(files.length).toBe(60)

    let app = await startCore(dataDir)
    const first = await openAndSync(app, root)
    expect(first).toMatchObject({ restored: false, reindexed: 60, cancelled: false })
    // A cold open indexes the scan's articles as the list fills (scanFeed.ts).
    expect(first.fed).toBeGreaterThan(0)
    await expectTruth(app.core, root)
    await closeCore(app)
    expect(fs.existsSync(path.join(snapshotDir(dataDir, root), SNAPSHOT_FILE))).toBe(true)

    // Unchanged: nothing is read again.
    app = await startCore(dataDir)
    const warm = await openAndSync(app, root)
    expect(warm).toMatchObject({ restored: true, reindexed: 0, removed: 0, unchanged: 60 })
    await expectTruth(app.core, root)
    await closeCore(app)

    // Changed, added, deleted and renamed while the app was closed.
    const [edited1, edited2, deleted, renamed] = files as [string, string, string, string]
    append(root, edited1, '<p>变更标记一号</p>')
    append(root, edited2, '<p>变更标记二号</p>')
    fs.rmSync(path.join(root, deleted))
    fs.renameSync(path.join(root, renamed), path.join(root, `${renamed}.moved.md`))
    fs.writeFileSync(
      path.join(root, 'new-article.md'),
      '---\ntitle: 新文章\ndate: 2021-06-01 10:00:00\n---\n<p>新增标记出现了，手机也在。</p>\n',
    )
    dropLibrarySnapshot(dataDir, root)
    app = await startCore(dataDir)
    const after = await openAndSync(app, root)
    expect(after).toMatchObject({ restored: true, reindexed: 4, removed: 2, unchanged: 56 })
    await expectTruth(app.core, root)
    expect((await app.core.search({ query: '变更标记' })).total).toBe(2)
    expect((await app.core.search({ query: '新增标记' })).total).toBe(1)
  })

  it('keeps a copy of the texts only when asked, and rebuilds once when that changes', async () => {
    const root = await tempDir('search-svc-archive-')
    const dataDir = await tempDir('search-svc-data-')
    await writeArchive(root, 40, 14)
    const textFile = path.join(snapshotDir(dataDir, root), 'text.bin')
    // The default reads the texts from the archive: no copy in the index folder.
    let app = await startCore(dataDir)
    await openAndSync(app, root)
    await closeCore(app)
    expect(fs.existsSync(textFile)).toBe(false)

    app = await startCore(dataDir, true)
    const copied = await openAndSync(app, root)
    expect(copied.restored).toBe(false)
    expect(copied.reason).toMatch(/reads its texts from the archive; this index needs its own copy/)
    await expectTruth(app.core, root)
    const [hit] = (await app.core.search({ query: '手机', limit: 1 })).hits
    expect(hit?.snippet.text).toContain('手机')
    await closeCore(app)
    expect(fs.statSync(textFile).size).toBeGreaterThan(0)

    app = await startCore(dataDir, true)
    expect(await openAndSync(app, root)).toMatchObject({ restored: true, reindexed: 0 })
    await closeCore(app)

    app = await startCore(dataDir)
    const back = await openAndSync(app, root)
    expect(back.restored).toBe(false)
    expect(back.reason).toMatch(/keeps a copy of the texts; this index reads them from the archive/)
    await expectTruth(app.core, root)
    await closeCore(app)
    expect(fs.existsSync(textFile)).toBe(false)
  })

  const damages: Array<[string, (dir: string) => void, RegExp]> = [
    ['missing', (dir) => fs.rmSync(path.join(dir, SNAPSHOT_FILE)), /no snapshot/],
    [
      'truncated',
      (dir) => {
        const file = path.join(dir, SNAPSHOT_FILE)
        fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2))
      },
      /checksum/,
    ],
    [
      'corrupt',
      (dir) => {
        const file = path.join(dir, SNAPSHOT_FILE)
        const bytes = fs.readFileSync(file)
        const at = Math.floor(bytes.length * 0.7)
        bytes[at] = (bytes[at] ?? 0) ^ 0x55
        fs.writeFileSync(file, bytes)
      },
      /checksum|JSON/,
    ],
    [
      'older-format',
      (dir) => {
        const file = path.join(dir, SNAPSHOT_FILE)
        const content = fs.readFileSync(file, 'utf8')
        fs.writeFileSync(file, content.replace(/^ABSEARCH \d+ /, 'ABSEARCH 0 '))
      },
      /format 0/,
    ],
    [
      'data file truncated',
      (dir) => {
        // The app reads texts from the archive: its data files are the posting segments.
        expect(fs.existsSync(path.join(dir, 'text.bin'))).toBe(false)
        const segment = fs.readdirSync(dir).find((name) => name.startsWith('bigram-'))
        expect(segment).toBeDefined()
        fs.truncateSync(path.join(dir, segment as string), 10)
      },
      /truncated/,
    ],
  ]

  it.each(damages)(
    'rebuilds from the files when the snapshot is %s, with results equal to the truth',
    async (_name, damage, reason) => {
      const root = await tempDir('search-svc-archive-')
      const dataDir = await tempDir('search-svc-data-')
      await writeArchive(root, 40, 12)
      let app = await startCore(dataDir)
      await openAndSync(app, root)
      await closeCore(app)
      // A change while closed too, so a wrongly trusted snapshot would answer differently.
      const [edited] = articleFiles(root) as [string]
      append(root, edited, '<p>变更标记三号</p>')
      damage(snapshotDir(dataDir, root))
      dropLibrarySnapshot(dataDir, root)

      app = await startCore(dataDir)
      const report = await openAndSync(app, root)
      expect(report.restored).toBe(false)
      expect(report.reason).toMatch(reason)
      expect(report.reindexed).toBe(40)
      await expectTruth(app.core, root)
      expect((await app.core.search({ query: '变更标记三号' })).total).toBe(1)
    },
  )

  it('follows a storm of edits, adds, renames and deletes made while it builds', async () => {
    const root = await tempDir('search-svc-archive-')
    const dataDir = await tempDir('search-svc-data-')
    await writeArchive(root, 300, 13)
    const files = articleFiles(root)
    const app = await startCore(dataDir)
    let stormDuringBuild: boolean | null = null
    app.onIndexed = (indexed, done) => {
      if (stormDuringBuild !== null || done || indexed === 0) return
      stormDuringBuild = app.reports.length === 0
      for (let i = 0; i < 40; i++) {
        const id = files[(i * 7) % files.length] as string
        const file = path.join(root, id)
        if (!fs.existsSync(file)) continue
        if (i % 4 === 0) append(root, id, `<p>风暴标记${i}号</p>`)
        else if (i % 4 === 1) fs.rmSync(file)
        else if (i % 4 === 2) fs.renameSync(file, `${file}.renamed-${i}.md`)
        else fs.writeFileSync(path.join(root, `storm-${i}.md`), `<p>风暴标记新文件${i}，手机。</p>`)
      }
    }
    await openAndSync(app, root)
    expect(stormDuringBuild).toBe(true)
    const expected = await truth(root)
    await waitFor(async () => {
      const mine = await answers(app.core)
      return JSON.stringify([...mine]) === JSON.stringify([...expected])
    }, 'the index to equal the files on disk')
    await expectTruth(app.core, root)
  })

  it.each([0, 2])(
    "numbers the listed ids before the first search; the warm-up's searches are nobody's (%i warm-up rounds)",
    async (warmUpRounds) => {
      const root = path.join(await tempDir('ab-search-prime-'), 'archive')
      await writeArchive(root, 40, 14)
      const timings: SearchTiming[] = []
      const reports: SyncReport[] = []
      const core = await createCore(
        { dataDir: await tempDir('ab-search-prime-data-') },
        {
          createSearch: (options) =>
            createSearchService({
              ...options,
              scanWorkers: 0,
              warmUpRounds,
              onSynced: (report) => reports.push(report),
              onSearched: (timing) => timings.push(timing),
            }),
        },
      )
      cores.push(core)
      await core.openArchive({ path: root })
      await waitFor(() => reports.length > 0, 'the index to be built')
      const result = await core.search({ query: '的' })
      expect(result.total).toBeGreaterThan(0)
      // Only this search was reported, and its ids had crossed to the worker before it.
      expect(timings).toHaveLength(1)
      expect(timings[0]?.idsSent).toBe(0)
    },
  )

  it('cancels a build when another archive is opened, and completes it on the next open', async () => {
    const big = await tempDir('search-svc-big-')
    const small = await tempDir('search-svc-small-')
    const dataDir = await tempDir('search-svc-data-')
    await writeArchive(big, 1500, 14)
    await writeArchive(small, 20, 15)
    let app = await startCore(dataDir)
    // In an object: TypeScript cannot see the callback assign it and would narrow a `let` to null.
    const switching: { opened: Promise<unknown> | null } = { opened: null }
    const first = app
    first.onIndexed = (indexed, done) => {
      if (switching.opened === null && !done && indexed > 0 && first.reports.length === 0)
        switching.opened = first.core.openArchive({ path: small })
    }
    await app.core.openArchive({ path: big })
    // The first articles are indexed while the list fills (scanFeed.ts): the switch may come
    // during the big archive's scan (no build or sync ran: no report) or during its sync.
    const smallRoot = fs.realpathSync(small)
    await waitFor(() => app.reports.some((r) => r.root === smallRoot), 'the small archive')
    await switching.opened
    const bigReport = app.reports.find((r) => r.root === fs.realpathSync(big))
    if (bigReport) expect(bigReport.cancelled).toBe(true)
    const smallReport = app.reports.find((r) => r.root === smallRoot) as SyncReport
    expect(smallReport).toMatchObject({ cancelled: false })
    await expectTruth(app.core, small)
    await closeCore(app)

    // What the cancelled build had indexed was saved; the next open reads only the rest.
    app = await startCore(dataDir)
    const resumed = await openAndSync(app, big)
    expect(resumed.restored).toBe(true)
    expect(resumed.unchanged).toBeGreaterThan(0)
    expect(resumed.reindexed).toBe(1500 - resumed.unchanged)
    await expectTruth(app.core, big)
  })
})
