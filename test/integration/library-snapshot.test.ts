/**
 * The library's catalog snapshot: a reopen lists the saved catalog at once, reads again only
 * the files whose stat changed while the app was closed, and ends equal to the folder (list
 * and search); a snapshot that cannot be trusted (damaged, older format, other time zone)
 * is ignored and every file is read. "The truth" is a fresh scan of the folder.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ArchiveSession, type OpenReport } from '../../src/main/core/library/archiveSession'
import { CATALOG_SNAPSHOT_FILE } from '../../src/main/core/library/catalogSnapshot'
import { scanArchive } from '../../src/main/core/archive/scan'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import { createSearchService, type SyncReport } from '../../src/main/core/search/searchService'
import type { ArticleSummary } from '../../src/shared/types/article'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

const cleanup: string[] = []
const sessions: ArchiveSession[] = []
const cores: Core[] = []
afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close()
  for (const core of cores.splice(0)) await core.dispose()
  for (const dir of cleanup.splice(0)) await removeDir(dir)
})

async function tempDir(prefix: string): Promise<string> {
  const dir = await makeTempDir(prefix)
  cleanup.push(dir)
  return dir
}

async function writeArticles(root: string, count: number): Promise<string[]> {
  const files: Record<string, string> = {}
  for (let i = 0; i < count; i++)
    files[`c${i % 5}/a${i}.md`] = articleText({ title: `文章${i}`, body: `<p>正文${i}号内容</p>` })
  await writeTree(root, files)
  return Object.keys(files).sort()
}

/** id → hash of every article on disk now. */
async function truth(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  for await (const article of scanArchive(root, { workers: 0 })) found.set(article.id, article.hash)
  return found
}

function byId(summaries: Iterable<ArticleSummary>): Map<string, string> {
  return new Map([...summaries].map((s) => [s.id, s.hash]))
}

interface Opened {
  session: ArchiveSession
  report: OpenReport
  /** What the catalog held when it was first complete (the snapshot's, before verification). */
  ready: { from: 'snapshot' | 'scan'; summaries: Map<string, string> }
}

async function openSession(
  root: string,
  snapshotDir: string,
  timeZone = 'Asia/Shanghai',
): Promise<Opened> {
  let report: OpenReport | null = null
  let ready: Opened['ready'] | null = null
  const { session, scanned } = await ArchiveSession.open(root, {
    watch: false,
    snapshotDir,
    read: { timeZone },
    listener: {
      onOpened: (r) => (report = r),
      onCatalogReady: (summaries, from) => (ready = { from, summaries: byId(summaries) }),
    },
  })
  sessions.push(session)
  await scanned
  if (!report || !ready) throw new Error('the session did not report its open')
  return { session, report, ready }
}

async function closeSession(session: ArchiveSession): Promise<void> {
  sessions.splice(sessions.indexOf(session), 1)
  await session.close()
}

/** Changes made while the app is closed; returns the ids whose files must be read again. */
function changeWhileClosed(root: string, files: string[]): string[] {
  const [edited, deleted, renamed] = files as [string, string, string]
  fs.appendFileSync(path.join(root, edited), '\n<p>改动标记</p>\n')
  fs.rmSync(path.join(root, deleted))
  fs.renameSync(path.join(root, renamed), path.join(root, 'c0/moved.md'))
  fs.writeFileSync(
    path.join(root, 'c1/new.md'),
    articleText({ title: '新文章', body: '<p>新增标记</p>' }),
  )
  return [edited, 'c0/moved.md', 'c1/new.md'].sort()
}

describe('library catalog snapshot', () => {
  it('reopens from the snapshot, reading only the files that changed while closed', async () => {
    const root = await tempDir('lib-snap-archive-')
    const dataDir = await tempDir('lib-snap-data-')
    const files = await writeArticles(root, 40)

    let opened = await openSession(root, dataDir)
    expect(opened.ready.from).toBe('scan')
    expect(opened.report).toMatchObject({ fromSnapshot: false, reason: 'there is no snapshot' })
    expect(opened.report.read.length).toBe(40)
    const before = byId(opened.session.summaries())
    await closeSession(opened.session)
    expect(fs.existsSync(path.join(dataDir, CATALOG_SNAPSHOT_FILE))).toBe(true)

    // Nothing changed: nothing is read.
    opened = await openSession(root, dataDir)
    expect(opened.ready).toEqual({ from: 'snapshot', summaries: before })
    expect(opened.report).toMatchObject({ fromSnapshot: true, read: [], unchanged: 40 })
    await closeSession(opened.session)

    const reread = changeWhileClosed(root, files)
    opened = await openSession(root, dataDir)
    // Listed at once as it was, then verified: only the new and changed files were read.
    expect(opened.ready).toEqual({ from: 'snapshot', summaries: before })
    expect([...opened.report.read].sort()).toEqual(reread)
    expect(opened.report).toMatchObject({ unchanged: 37, removed: 2 })
    expect(byId(opened.session.summaries())).toEqual(await truth(root))
    expect(opened.session.status).toBe('ready')
  })

  const damages: Array<[string, (file: string) => void, RegExp]> = [
    [
      'truncated',
      (file) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2)),
      /checksum/,
    ],
    [
      'corrupt',
      (file) => {
        const bytes = fs.readFileSync(file)
        const at = Math.floor(bytes.length * 0.6)
        bytes[at] = (bytes[at] ?? 0) ^ 0x55
        fs.writeFileSync(file, bytes)
      },
      /checksum/,
    ],
    [
      'older-format',
      (file) =>
        fs.writeFileSync(
          file,
          fs.readFileSync(file, 'utf8').replace(/^ABCATALOG \d+ /, 'ABCATALOG 0 '),
        ),
      /format 0/,
    ],
    ['not a snapshot', (file) => fs.writeFileSync(file, 'hello'), /not a catalog snapshot/],
  ]

  it.each(damages)('reads every file when the snapshot is %s', async (_name, damage, reason) => {
    const root = await tempDir('lib-snap-archive-')
    const dataDir = await tempDir('lib-snap-data-')
    const files = await writeArticles(root, 30)
    await closeSession((await openSession(root, dataDir)).session)
    changeWhileClosed(root, files)
    damage(path.join(dataDir, CATALOG_SNAPSHOT_FILE))

    const opened = await openSession(root, dataDir)
    expect(opened.ready.from).toBe('scan')
    expect(opened.report.fromSnapshot).toBe(false)
    expect(opened.report.reason).toMatch(reason)
    expect(opened.report.read.length).toBe(30)
    expect(byId(opened.session.summaries())).toEqual(await truth(root))
  })

  it('reads every file when the time zone changed since the snapshot', async () => {
    const root = await tempDir('lib-snap-archive-')
    const dataDir = await tempDir('lib-snap-data-')
    await writeTree(root, {
      'a.md': '---\ntitle: 无时区\ndate: 2021-06-28 18:03:38\n---\n<p>x</p>\n',
    })
    const first = await openSession(root, dataDir, 'Asia/Shanghai')
    const dateThere = first.session.get('a.md')?.date
    await closeSession(first.session)

    const opened = await openSession(root, dataDir, 'UTC')
    expect(opened.report.fromSnapshot).toBe(false)
    expect(opened.report.reason).toMatch(/time zone/)
    // The date is read again in the new zone, not taken from the snapshot.
    expect(opened.session.get('a.md')?.date).not.toBe(dateThere)
    expect(opened.session.get('a.md')?.date).toBe('2021-06-28T18:03:38.000Z')
  })

  it('converges when files change while the snapshot is being verified', async () => {
    const root = await tempDir('lib-snap-archive-')
    const dataDir = await tempDir('lib-snap-data-')
    const files = await writeArticles(root, 300)
    await closeSession((await openSession(root, dataDir)).session)
    changeWhileClosed(root, files)

    let verifying: 'snapshot' | 'scan' | null = null
    const { session, scanned } = await ArchiveSession.open(root, {
      snapshotDir: dataDir,
      read: { timeZone: 'Asia/Shanghai' },
      watchOptions: { debounceMs: 20 },
      listener: { onCatalogReady: (_summaries, from) => (verifying = from) },
    })
    sessions.push(session)
    await waitFor(() => verifying !== null, 'the catalog to be listed')
    expect(verifying).toBe('snapshot')
    // Made while the snapshot is verified (or just after): the watcher's batches follow it.
    fs.appendFileSync(path.join(root, files[10] as string), '\n<p>验证中改动</p>\n')
    fs.rmSync(path.join(root, files[11] as string))
    fs.writeFileSync(path.join(root, 'c2/during.md'), articleText({ title: '验证中新增' }))
    await scanned
    await waitFor(async () => {
      await session.settled()
      const expected = await truth(root)
      const actual = byId(session.summaries())
      return expected.size === actual.size && [...expected].every(([id, h]) => actual.get(id) === h)
    }, 'the catalog to equal the folder')
  })

  it('after a reopen, the list and the search equal the folder', async () => {
    const root = await tempDir('lib-snap-archive-')
    const dataDir = await tempDir('lib-snap-data-')
    const files = await writeArticles(root, 50)
    fs.appendFileSync(path.join(root, files[2] as string), '\n<p>删除标记</p>\n')

    const start = async (): Promise<{ core: Core; reports: SyncReport[] }> => {
      const reports: SyncReport[] = []
      const core = await createCore(
        { dataDir, watch: false },
        {
          createSearch: (options) =>
            createSearchService({ ...options, scanWorkers: 0, onSynced: (r) => reports.push(r) }),
        },
      )
      cores.push(core)
      await core.openArchive({ path: root })
      await waitFor(async () => (await core.getArchiveInfo())?.status === 'ready', 'the list')
      await waitFor(() => reports.length > 0, 'the index to be up to date')
      return { core, reports }
    }
    let app = await start()
    await app.core.dispose()
    cores.splice(cores.indexOf(app.core), 1)

    // files[1] is deleted, files[2] (with the marker) moved; files[0] gains a marker.
    changeWhileClosed(root, files)
    app = await start()
    expect(app.reports[0]).toMatchObject({ restored: true, reindexed: 0 })
    const expected = await truth(root)
    const list = await app.core.listArticles({ limit: 1000 })
    expect(list.total).toBe(expected.size)
    expect(list.items.map((item) => item.id).sort()).toEqual([...expected.keys()].sort())
    const ids = async (query: string) =>
      (await app.core.search({ query, limit: 100 })).hits.map((h) => h.id).sort()
    expect(await ids('改动标记')).toEqual([files[0]])
    expect(await ids('新增标记')).toEqual(['c1/new.md'])
    expect(await ids('删除标记')).toEqual(['c0/moved.md'])
    const deletedNumber = /a(\d+)\.md$/.exec(files[1] as string)?.[1]
    expect(await ids(`"正文${deletedNumber}号内容"`)).toEqual([])
    expect((await app.core.search({ query: '内容', limit: 1 })).total).toBe(expected.size - 1)
  })
})
