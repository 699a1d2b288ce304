/**
 * The native watch source on real folders: what its own walk reports, how it settles a name
 * change by looking at the disk, and that it lets go of what leaves the archive.
 */
import { watch } from 'node:fs'
import type { FSWatcher } from 'node:fs'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FolderWatchSource } from '../../src/main/core/watch/folderSource'
import type { WatchFolder } from '../../src/main/core/watch/folderSource'
import { waitFor } from '../support/waitFor'

const roots: string[] = []
const sources: FolderWatchSource[] = []
afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.close()))
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

function tempRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ab-folders-'))
  roots.push(root)
  return root
}

function write(root: string, files: Record<string, string>): void {
  for (const [id, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, id)), { recursive: true })
    writeFileSync(path.join(root, id), text)
  }
}

/** fs.watch, counting the watches that are open, and failing with `failWith` when set. */
function countingWatch(failWith?: { code: string; afterOpen: number }) {
  const open = new Set<FSWatcher>()
  let opened = 0
  const watchFolder: WatchFolder = (folder, options, listener) => {
    if (failWith && opened >= failWith.afterOpen) {
      throw Object.assign(new Error(`${failWith.code}: watch ${folder}`), { code: failWith.code })
    }
    opened++
    const handle = watch(folder, options, listener)
    open.add(handle)
    const close = handle.close.bind(handle)
    handle.close = () => {
      open.delete(handle)
      close()
    }
    return handle
  }
  return { watchFolder, open, opened: () => opened }
}

/** A source whose events are kept as 'event id' lines; ids relative to the root. */
function start(root: string, watchFolder?: WatchFolder) {
  const log: string[] = []
  const errors: Error[] = []
  let ready = false
  // The archive watcher's rule, simplified: dot-names are skipped, only .md files reported.
  const ignored = (absolute: string, stats?: { isFile(): boolean }) => {
    const name = path.basename(absolute)
    return name.startsWith('.') || (stats?.isFile() === true && !name.endsWith('.md'))
  }
  const source = new FolderWatchSource(root, ignored, watchFolder)
  sources.push(source)
  source.on('all', (event: string, absolute: string) => {
    log.push(`${event} ${path.relative(root, absolute).split(path.sep).join('/')}`)
  })
  source.on('ready', () => (ready = true))
  source.on('error', (error: Error) => errors.push(error))
  return { source, log, errors, isReady: () => ready }
}

const WAIT = { timeoutMs: 10_000, intervalMs: 10 }

/** `files` written under `root`, a source started there and its walk done; the log emptied. */
async function walked(root: string, files: Record<string, string>, watchFolder?: WatchFolder) {
  write(root, files)
  const started = start(root, watchFolder)
  await waitFor(started.isReady, 'ready', WAIT)
  started.log.length = 0
  return started
}

describe('FolderWatchSource', () => {
  it('walks the tree once, reports article files as added, and skips ignored folders unwatched', async () => {
    const root = tempRoot()
    write(root, {
      'a.md': 'a',
      'x/b.md': 'b',
      'x/y/c.md': 'c',
      'x/image.png': 'png',
      '.git/d.md': 'hidden',
    })
    const watches = countingWatch()
    const { log, isReady } = start(root, watches.watchFolder)
    await waitFor(isReady, 'ready', WAIT)
    expect(log.sort()).toEqual(['add a.md', 'add x/b.md', 'add x/y/c.md'])
    expect(watches.opened()).toBe(3) // root, x, x/y: not .git
  })

  it('yields to the event loop during a long walk', async () => {
    const root = tempRoot()
    const files: Record<string, string> = {}
    for (let i = 0; i < 20_000; i++) files[`d${i % 50}/f${i}.md`] = ''
    write(root, files)
    const { source, isReady } = start(root)
    let turns = 0
    let turnsAtFirstAdd = -1
    source.on('all', () => {
      if (turnsAtFirstAdd < 0) turnsAtFirstAdd = turns
    })
    const tick = setInterval(() => turns++, 0)
    try {
      await waitFor(isReady, 'ready', WAIT)
    } finally {
      clearInterval(tick)
    }
    // A walk in one go would let no timer run between its first file and its end.
    expect(turnsAtFirstAdd).toBeGreaterThanOrEqual(0)
    expect(turns - turnsAtFirstAdd).toBeGreaterThan(1)
  })

  it('reports a folder replaced by another of the same name as removed, then walks the new one', async () => {
    const root = tempRoot()
    const { log } = await walked(root, { 'x/old.md': 'old', 'x/sub/deep.md': 'deep' })
    rmSync(path.join(root, 'x'), { recursive: true })
    write(root, { 'x/new.md': 'new' })
    await waitFor(() => log.includes('add x/new.md'), 'the new folder walked', WAIT)
    expect(log).toContain('unlinkDir x')
    expect(log.indexOf('unlinkDir x')).toBeLessThan(log.indexOf('add x/new.md'))
  })

  it('settles a file replaced by a folder and a folder replaced by a file', async () => {
    const root = tempRoot()
    const { log } = await walked(root, { 'p.md': 'file', 'q.md/inner.md': 'in a folder' })
    rmSync(path.join(root, 'p.md'))
    write(root, { 'p.md/now.md': 'now a folder' })
    rmSync(path.join(root, 'q.md'), { recursive: true })
    writeFileSync(path.join(root, 'q.md'), 'now a file')
    await waitFor(
      () => log.includes('add p.md/now.md') && log.includes('add q.md'),
      'both replacements',
      WAIT,
    )
    expect(log).toContain('unlink p.md')
    expect(log).toContain('unlinkDir q.md')
  })

  it('walks a folder moved in and lets go of a folder moved out', async () => {
    const root = tempRoot()
    const outside = tempRoot()
    write(outside, { 'incoming/a.md': 'a', 'incoming/deeper/b.md': 'b' })
    const watches = countingWatch()
    const { log } = await walked(root, { 'leaving/c.md': 'c' }, watches.watchFolder)
    renameSync(path.join(outside, 'incoming'), path.join(root, 'incoming'))
    renameSync(path.join(root, 'leaving'), path.join(outside, 'leaving'))
    await waitFor(
      () => log.includes('add incoming/deeper/b.md') && log.includes('unlinkDir leaving'),
      'the move in and the move out',
      WAIT,
    )
    expect(log).toContain('add incoming/a.md')
    // The moved-out folder's watch is closed: writing there now is not news.
    expect(watches.open.size).toBe(3) // root, incoming, incoming/deeper
    const before = log.length
    writeFileSync(path.join(outside, 'leaving', 'late.md'), 'outside now')
    writeFileSync(path.join(root, 'marker.md'), 'm')
    await waitFor(() => log.includes('add marker.md'), 'the marker', WAIT)
    expect(log.slice(before).filter((line) => line.includes('late.md'))).toEqual([])
  })

  it('reports the root removed as an unlinkDir of the root itself', async () => {
    const root = path.join(tempRoot(), 'archive')
    const watches = countingWatch()
    const { log } = await walked(root, { 'a.md': 'a', 'x/b.md': 'b' }, watches.watchFolder)
    rmSync(root, { recursive: true })
    await waitFor(() => log.includes('unlinkDir '), 'the root removed', WAIT)
    expect(watches.open.size).toBe(0)
  })

  it('takes a folder touched or chmod-ed (rsync -a, touch) for what it is, not a removal', async () => {
    const root = path.join(tempRoot(), 'archive')
    const { log } = await walked(root, { 'sub/a.md': 'a', 'sub/deep/b.md': 'b' })
    const later = new Date(Date.now() + 60_000)
    utimesSync(path.join(root, 'sub'), later, later)
    utimesSync(path.join(root, 'sub', 'deep'), later, later)
    chmodSync(root, 0o755)
    utimesSync(root, later, later)
    writeFileSync(path.join(root, 'marker.md'), 'm') // events come in order: after the touches
    await waitFor(() => log.includes('add marker.md'), 'the marker', WAIT)
    // Linux reports a folder's own change under its own name: an 'unlink' of a name that does
    // not exist (sub/sub) is all it may leave, and the coalescer ignores those.
    expect(
      log.filter((line) => !line.startsWith('unlink ') && !line.endsWith(' marker.md')),
    ).toEqual([])
  })

  it('tells a removed child named like its folder from the folder itself', async () => {
    const root = path.join(tempRoot(), 'notes')
    const { log } = await walked(root, { 'notes/x.md': 'x', 'keep.md': 'k' })
    rmSync(path.join(root, 'notes'), { recursive: true })
    writeFileSync(path.join(root, 'marker.md'), 'm')
    await waitFor(() => log.includes('add marker.md'), 'the marker', WAIT)
    expect(log).toContain('unlinkDir notes')
    expect(log).not.toContain('unlinkDir ') // the root stays
  })

  it('drops a folder replaced by a file it ignores', async () => {
    const root = tempRoot()
    const { log } = await walked(root, { 'x/a.md': 'a' })
    rmSync(path.join(root, 'x'), { recursive: true })
    writeFileSync(path.join(root, 'x'), 'not an article')
    await waitFor(() => log.includes('unlinkDir x'), 'the folder dropped', WAIT)
  })

  it('is ready, with an error, when the root cannot be watched', async () => {
    const root = tempRoot()
    write(root, { 'a.md': 'a' })
    const failing: WatchFolder = (folder) => {
      throw Object.assign(new Error(`EACCES: watch ${folder}`), { code: 'EACCES' })
    }
    const { errors, isReady } = start(root, failing)
    await waitFor(isReady, 'ready', WAIT)
    expect((errors[0] as NodeJS.ErrnoException).code).toBe('EACCES')
  })

  it('fails with the system error when the watch table is full, so the watcher can poll', async () => {
    const root = tempRoot()
    write(root, { 'a/x.md': 'x', 'b/y.md': 'y' })
    const watches = countingWatch({ code: 'ENOSPC', afterOpen: 2 })
    const { errors } = start(root, watches.watchFolder)
    await waitFor(() => errors.length > 0, 'an error', WAIT)
    expect((errors[0] as NodeJS.ErrnoException).code).toBe('ENOSPC')
  })

  it('close() during the walk closes every watch and reports nothing more', async () => {
    const root = tempRoot()
    const files: Record<string, string> = {}
    for (let i = 0; i < 4000; i++) files[`d${i % 400}/f${i}.md`] = ''
    write(root, files)
    const watches = countingWatch()
    const { source, log, isReady } = start(root, watches.watchFolder)
    await waitFor(() => watches.opened() > 1, 'the walk to begin', {
      timeoutMs: 10_000,
      intervalMs: 0,
    })
    await source.close()
    const seen = log.length
    writeFileSync(path.join(root, 'after.md'), 'late')
    await new Promise((resolve) => setTimeout(resolve, 200)) // absence of events: nothing to poll for
    expect(log.length).toBe(seen)
    expect(isReady()).toBe(false)
    expect(watches.open.size).toBe(0)
  })
})
