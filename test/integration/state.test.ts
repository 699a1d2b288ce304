import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../src/shared/errors'
import { archiveDataDir, DEFAULT_SETTINGS, openStateStore } from '../../src/main/core/state'
import type { StateStore } from '../../src/main/core/state'

const dirs: string[] = []
const stores: StateStore[] = []

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ab-state-'))
  dirs.push(dir)
  return dir
}

async function open(dataDir: string, debounceMs = 20): Promise<StateStore> {
  const store = await openStateStore(dataDir, { debounceMs })
  stores.push(store)
  return store
}

describe('openStateStore', () => {
  it('creates the data folder and starts with defaults', async () => {
    const dataDir = path.join(tempDir(), 'does', 'not', 'exist')
    const store = await open(dataDir)
    expect(store.getSettings()).toEqual(DEFAULT_SETTINGS)
    expect(store.recentArchives()).toEqual([])
    expect(existsSync(dataDir)).toBe(true)
  })

  it('persists settings, recent archives and marks across a reopen', async () => {
    const dataDir = tempDir()
    const first = await open(dataDir)
    first.updateSettings({
      theme: 'dark',
      fontSize: 19,
      windowBounds: { width: 1000, height: 700, maximized: true },
    })
    first.addRecentArchive('/archives/one')
    first.addRecentArchive('/archives/two')
    first.addRecentArchive('/archives/one')
    const marks = await first.marks('/archives/one')
    marks.set('posts/a.md', 'hash-a', { favourite: true })
    await first.close()

    const state = JSON.parse(readFileSync(path.join(dataDir, 'state.json'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(state.version).toBe(1)
    expect(existsSync(path.join(archiveDataDir(dataDir, '/archives/one'), 'marks.json'))).toBe(true)

    const second = await open(dataDir)
    expect(second.getSettings()).toMatchObject({
      theme: 'dark',
      fontSize: 19,
      windowBounds: { width: 1000, height: 700, maximized: true },
    })
    expect(second.recentArchives().map((r) => r.path)).toEqual(['/archives/one', '/archives/two'])
    expect(second.recentArchives()[0]?.name).toBe('one')
    const reopened = await second.marks('/archives/one')
    expect(reopened.get('posts/a.md', 'hash-a').favourite).toBe(true)
    expect(reopened.favouriteHashes()).toEqual(new Set(['hash-a']))
    expect((await second.marks('/archives/two')).all()).toEqual([])
  })

  it('keeps at most 10 recent archives, most recent first, and removes on request', async () => {
    const store = await open(tempDir())
    for (let i = 0; i < 15; i++) store.addRecentArchive(`/a/${i}`)
    expect(store.recentArchives().map((r) => r.path)).toEqual(
      Array.from({ length: 10 }, (_, i) => `/a/${14 - i}`),
    )
    store.removeRecentArchive('/a/14')
    expect(store.recentArchives()[0]?.path).toBe('/a/13')
    expect(() => store.addRecentArchive('')).toThrow(ApiError)
  })

  it('refuses invalid settings without changing anything', async () => {
    const store = await open(tempDir())
    expect(() => store.updateSettings({ fontSize: 1000 })).toThrow(ApiError)
    expect(() => store.updateSettings({ theme: 'dark', nope: 1 } as never)).toThrow(/nope/)
    expect(store.getSettings()).toEqual(DEFAULT_SETTINGS)
    const returned = store.getSettings()
    returned.imageHostRules.push({ host: 'mutated.com' })
    expect(store.getSettings().imageHostRules).toEqual([])
  })

  it('a corrupt state.json is moved aside and the app starts with defaults', async () => {
    const dataDir = tempDir()
    writeFileSync(path.join(dataDir, 'state.json'), '{"version":1,"settings":{"theme":"da')
    const store = await open(dataDir)
    expect(store.getSettings()).toEqual(DEFAULT_SETTINGS)
    const names = readdirSync(dataDir)
    expect(names.some((n) => n.startsWith('state.json.corrupt-'))).toBe(true)
    store.updateSettings({ theme: 'light' })
    await store.flush()
    expect(JSON.parse(readFileSync(path.join(dataDir, 'state.json'), 'utf8'))).toMatchObject({
      settings: { theme: 'light' },
    })
  })

  it('a corrupt marks file is moved aside without touching the settings', async () => {
    const dataDir = tempDir()
    const first = await open(dataDir)
    first.updateSettings({ theme: 'dark' })
    ;(await first.marks('/arch')).set('a.md', 'h', { read: true })
    await first.close()
    const marksFile = path.join(archiveDataDir(dataDir, '/arch'), 'marks.json')
    writeFileSync(marksFile, '[1,2,3]')
    const second = await open(dataDir)
    expect(second.getSettings().theme).toBe('dark')
    expect((await second.marks('/arch')).all()).toEqual([])
    expect(
      readdirSync(path.dirname(marksFile)).some((n) => n.startsWith('marks.json.corrupt-')),
    ).toBe(true)
  })

  it('fills settings missing from an older file, drops invalid values, keeps unknown keys of newer versions', async () => {
    const dataDir = tempDir()
    writeFileSync(
      path.join(dataDir, 'state.json'),
      JSON.stringify({
        version: 7,
        settings: { theme: 'light', fontSize: -3, fromTheFuture: { x: 1 } },
        recent: [{ path: '/p', name: 'p', openedAt: 'x' }, 42],
      }),
    )
    const store = await open(dataDir)
    expect(store.getSettings()).toEqual({ ...DEFAULT_SETTINGS, theme: 'light' })
    expect(store.recentArchives()).toEqual([{ path: '/p', name: 'p', openedAt: 'x' }])
    store.updateSettings({ language: 'en' })
    await store.flush()
    const saved = JSON.parse(readFileSync(path.join(dataDir, 'state.json'), 'utf8')) as {
      settings: Record<string, unknown>
    }
    expect(saved.settings.fromTheFuture).toEqual({ x: 1 })
    expect(saved.settings.language).toBe('en')
  })

  it('marks survive a rename (by hash, or explicitly) and an edit (by path)', async () => {
    const dataDir = tempDir()
    const store = await open(dataDir)
    const marks = await store.marks('/arch')
    marks.set('a.md', 'h1', { read: true, favourite: true })
    marks.set('b.md', 'h2', { read: true })
    marks.rename('b.md', 'renamed/b.md')
    await store.close()
    const again = await (await open(dataDir)).marks('/arch')
    expect(again.get('moved-without-notice.md', 'h1')).toMatchObject({
      read: true,
      favourite: true,
    })
    expect(again.get('a.md', 'edited-hash')).toMatchObject({ read: true, favourite: true })
    expect(again.get('renamed/b.md', 'h2').read).toBe(true)
    expect(again.get('b.md', 'h-other').read).toBe(false)
  })

  it('returns the same marks object for the same archive and keeps archives apart', async () => {
    const store = await open(tempDir())
    const [a1, a2] = await Promise.all([store.marks('/x'), store.marks('/x')])
    expect(a1).toBe(a2)
    a1.set('a.md', 'h', { read: true })
    expect((await store.marks('/y')).get('a.md', 'other').read).toBe(false)
  })

  it('coalesces many updates into few writes and flushes on close', async () => {
    const dataDir = tempDir()
    const store = await openStateStore(dataDir, { debounceMs: 60_000 })
    const marks = await store.marks('/arch')
    for (let i = 0; i < 1000; i++) marks.set(`p/${i}.md`, `h${i}`, { read: true })
    store.updateSettings({ fontSize: 20 })
    expect(existsSync(path.join(dataDir, 'state.json'))).toBe(false)
    await store.close()
    const saved = JSON.parse(
      readFileSync(path.join(archiveDataDir(dataDir, '/arch'), 'marks.json'), 'utf8'),
    ) as { marks: unknown[]; root: string }
    expect(saved.marks).toHaveLength(1000)
    expect(saved.root).toBe(path.resolve('/arch'))
    expect(JSON.parse(readFileSync(path.join(dataDir, 'state.json'), 'utf8'))).toMatchObject({
      settings: { fontSize: 20 },
    })
    await expect(store.marks('/arch')).rejects.toThrow(/closed/)
  })
})
