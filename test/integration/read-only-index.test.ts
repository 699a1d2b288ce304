/**
 * A saved search index in a folder that cannot be written (read-only mount, immutable files,
 * or, from defect 1 on, another process's folder) answers correctly and writes nothing there:
 * from its snapshot, read only, with changes in memory; or, without a usable snapshot, from a
 * private temporary index. Never an empty answer, never a process that does not exit.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import { createSearchService, type SyncReport } from '../../src/main/core/search/searchService'
import { SNAPSHOT_FILE } from '../../src/main/core/search/snapshot'
import { archiveDataDir } from '../../src/main/core/state/paths'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { folderState, makeUnwritable } from '../support/unwritable'
import { waitFor } from '../support/waitFor'

const repo = path.resolve(import.meta.dirname, '../..')
const tsx = path.join(repo, 'node_modules', '.bin', 'tsx')
const entry = path.join(repo, 'src/main/cli/index.ts')

/** 40 articles, every fourth about 英特尔: 10 matches. */
function articles(): Record<string, string> {
  const files: Record<string, string> = {}
  for (let i = 0; i < 40; i++) {
    const topic = i % 4 === 0 ? '英特尔发布新处理器' : '今天天气不错'
    files[`source/_posts/n${i}.md`] = articleText({
      title: `文章${i}`,
      body: `<p>${topic}，第${i}篇。</p>`,
    })
  }
  return files
}

let work = ''
let root = ''
let dataDir = ''
let searchDir = ''
let undo: (() => void) | null = null
const cores: Core[] = []

beforeEach(async () => {
  work = await makeTempDir('archive-browser-ro-index-')
  root = path.join(work, 'archive')
  dataDir = path.join(work, 'data')
  await writeTree(root, articles())
  searchDir = path.join(archiveDataDir(dataDir, fs.realpathSync(root)), 'search')
})
afterEach(async () => {
  undo?.()
  undo = null
  for (const core of cores.splice(0)) await core.dispose()
  await removeDir(work)
})

async function start(): Promise<{ core: Core; reports: SyncReport[] }> {
  const reports: SyncReport[] = []
  const core = await createCore(
    { dataDir, watch: false },
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

/** Builds and saves the index, then makes its folder and files unwritable. */
async function savedThenUnwritable(
  before: () => void = () => {},
): Promise<{ skip: string } | null> {
  const { core } = await start()
  expect((await core.search({ query: '英特尔' })).total).toBe(10)
  await dispose(core)
  before()
  const files = fs.readdirSync(searchDir).map((name) => path.join(searchDir, name))
  const made = makeUnwritable([...files, searchDir])
  if ('skip' in made) return made
  undo = made.undo
  return null
}

describe('a search index folder that cannot be written', () => {
  it('answers from its snapshot, read only, with changes since in memory; writes nothing', async (context) => {
    const made = await savedThenUnwritable()
    if (made) {
      console.info(`skipped: ${made.skip}`)
      return context.skip()
    }
    const before = folderState(searchDir)
    // A change since the save: the library finds it, and the index adds it in memory.
    fs.writeFileSync(
      path.join(root, 'source/_posts/new.md'),
      articleText({ title: '新文章', body: '<p>英特尔的新闻</p>' }),
    )
    const { core, reports } = await start()
    expect(reports[0]?.restored).toBe(true)
    const found = await core.search({ query: '英特尔', limit: 50 })
    expect(found.total).toBe(11)
    expect(found.hits.map((hit) => hit.id)).toContain('source/_posts/new.md')
    expect((await core.search({ query: '天气' })).total).toBe(30)
    await dispose(core)
    expect(folderState(searchDir)).toEqual(before)
  })

  it('without a usable snapshot, builds a private index elsewhere and removes it', async (context) => {
    const made = await savedThenUnwritable(() => fs.rmSync(path.join(searchDir, SNAPSHOT_FILE)))
    if (made) {
      console.info(`skipped: ${made.skip}`)
      return context.skip()
    }
    const before = folderState(searchDir)
    const { core, reports } = await start()
    expect(reports[0]?.restored).toBe(false)
    expect((await core.search({ query: '英特尔' })).total).toBe(10)
    await dispose(core)
    expect(folderState(searchDir)).toEqual(before)
  })

  it('the CLI answers and exits (it hung after EBADF on close) when the snapshot is gone', async (context) => {
    const made = await savedThenUnwritable(() => fs.rmSync(path.join(searchDir, SNAPSHOT_FILE)))
    if (made) {
      console.info(`skipped: ${made.skip}`)
      return context.skip()
    }
    const result = spawnSync(tsx, [entry, 'search', root, '英特尔', '--json'], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, ARCHIVE_BROWSER_DATA_DIR: dataDir, ARCHIVE_BROWSER_LOG: 'error' },
    })
    expect(result.error).toBeUndefined() // no timeout: the process ended by itself
    expect(result.status).toBe(0)
    expect((JSON.parse(result.stdout) as { total: number }).total).toBe(10)
    expect(result.stderr).not.toContain('EBADF')
  })
})
