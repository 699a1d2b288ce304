/**
 * Two engines on one data folder with the same archive open (the app or serve mode, and a CLI
 * run): one owns the archive's folder (state/archiveLock.ts) and the other answers correctly
 * without writing anything there. Before, both wrote one index folder: the owner's searches
 * then failed with "text store … is shorter than expected", or missed hits.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import { createSearchService, type SyncReport } from '../../src/main/core/search/searchService'
import { LOCK_FILE } from '../../src/main/core/state/archiveLock'
import { archiveDataDir } from '../../src/main/core/state/paths'
import { setLogSink, setLogLevel, type LogLevel } from '../../src/main/core/log'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

const repo = path.resolve(import.meta.dirname, '../..')
const tsx = path.join(repo, 'node_modules', '.bin', 'tsx')
const entry = path.join(repo, 'src/main/cli/index.ts')

let work = ''
let root = ''
let dataDir = ''
let archiveDir = ''
const cores: Core[] = []

/** `count` articles from `from`, every one about 英特尔 when `about`. */
function articles(from: number, count: number, about: boolean): Record<string, string> {
  const files: Record<string, string> = {}
  for (let i = from; i < from + count; i++)
    files[`source/_posts/n${i}.md`] = articleText({
      title: `文章${i}`,
      body: `<p>${about ? '英特尔的新处理器' : '今天天气不错'}，第${i}篇。</p>`,
    })
  return files
}

beforeEach(async () => {
  work = await makeTempDir('archive-browser-shared-')
  root = path.join(work, 'archive')
  dataDir = path.join(work, 'data')
  await writeTree(root, { ...articles(0, 11, true), ...articles(11, 29, false) })
  archiveDir = archiveDataDir(dataDir, fs.realpathSync(root))
})
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose()
  await removeDir(work)
})

async function start(watch: boolean): Promise<{ core: Core; reports: SyncReport[] }> {
  const reports: SyncReport[] = []
  const core = await createCore(
    { dataDir, watch, watchStart: 'load' },
    {
      createSearch: (options) =>
        createSearchService({ ...options, onSynced: (report) => reports.push(report) }),
    },
  )
  cores.push(core)
  await core.openArchive({ path: root })
  await waitFor(() => reports.length > 0, 'the index to be up to date')
  return { core, reports }
}

async function dispose(core: Core): Promise<void> {
  cores.splice(cores.indexOf(core), 1)
  await core.dispose()
}

/** Every file under the archive's data folder with its size and mtime. */
function stateOf(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort().map((name) => {
    const stat = fs.statSync(path.join(dir, name))
    return `${name} ${stat.isDirectory() ? 'dir' : `${stat.size} ${stat.mtimeMs}`}`
  })
}

const total = async (core: Core, query = '英特尔') => (await core.search({ query })).total

describe('two engines on one data folder', () => {
  it('the second answers right and writes nothing; the owner keeps answering right', async () => {
    // A first run leaves a saved index and catalog, as a running app would have.
    await dispose((await start(false)).core)
    const owner = await start(true)
    expect(owner.reports[0]?.restored).toBe(true)
    expect(fs.existsSync(path.join(archiveDir, LOCK_FILE))).toBe(true)
    expect(await total(owner.core)).toBe(11)

    // 20 new articles: the owner follows them; the other finds them against the saved catalog.
    await writeTree(root, articles(100, 20, true))
    await waitFor(async () => (await total(owner.core)) === 31, 'the owner to see the new files')
    const before = stateOf(archiveDir)

    const warnings: string[] = []
    const restoreSink = setLogSink((level: LogLevel, name, message) => {
      if (level === 'warn') warnings.push(`${name}: ${message}`)
    })
    setLogLevel('warn')
    let second: Awaited<ReturnType<typeof start>>
    try {
      second = await start(true)
    } finally {
      setLogLevel('error')
      restoreSink()
    }
    expect(warnings.filter((w) => w.includes('is open in another process'))).toHaveLength(1)
    expect(second.reports[0]?.restored).toBe(true) // the owner's saved index, read only
    for (let round = 0; round < 3; round++) {
      expect(await total(second.core)).toBe(31)
      expect(await total(owner.core)).toBe(31)
      expect(await total(second.core, '天气')).toBe(29)
    }
    await second.core.setMark({ id: 'source/_posts/n0.md', favourite: true })
    await dispose(second.core)
    // Nothing of the archive's folder was written by the second engine: index, catalog, marks.
    expect(stateOf(archiveDir)).toEqual(before)
    expect(await total(owner.core)).toBe(31)

    // The owner saves and lets go; the next engine owns the folder and restores it.
    await dispose(owner.core)
    expect(fs.existsSync(path.join(archiveDir, LOCK_FILE))).toBe(false)
    const next = await start(false)
    expect(next.reports[0]?.restored).toBe(true)
    expect(await total(next.core)).toBe(31)
    expect(fs.existsSync(path.join(archiveDir, LOCK_FILE))).toBe(true)
  })

  it('a CLI search while an engine owns the archive: right answer, one log line, nothing written', async () => {
    await dispose((await start(false)).core)
    const owner = await start(true)
    await writeTree(root, articles(100, 20, true))
    await waitFor(async () => (await total(owner.core)) === 31, 'the owner to see the new files')
    const before = stateOf(archiveDir)
    const result = spawnSync(tsx, [entry, 'search', root, '英特尔', '--json'], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, ARCHIVE_BROWSER_DATA_DIR: dataDir, ARCHIVE_BROWSER_LOG: 'warn' },
    })
    expect(result.status).toBe(0)
    expect((JSON.parse(result.stdout) as { total: number }).total).toBe(31)
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('['))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^\[warn\] library: the archive .* is open in another process/)
    expect(lines[0]).toContain(`process ${process.pid}`)
    expect(stateOf(archiveDir)).toEqual(before)
    expect(await total(owner.core)).toBe(31)
  })
})
