import { EventEmitter } from 'node:events'
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { watchArchive } from '../../../src/main/core/watch'
import type {
  ArchiveWatcher,
  WatchEvent,
  WatchSource,
  WatchSourceOptions,
} from '../../../src/main/core/watch'

/** A scripted watch source: the test decides which events arrive and when. */
class FakeSource extends EventEmitter {
  closed = false
  constructor(
    readonly root: string,
    readonly options: WatchSourceOptions,
  ) {
    super()
  }
  send(event: 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir', id: string): void {
    this.emit('all', event, id === '' ? this.root : path.join(this.root, ...id.split('/')))
  }
  close(): Promise<void> {
    this.closed = true
    return Promise.resolve()
  }
}

const roots: string[] = []
const watchers: ArchiveWatcher[] = []
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.close()))
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

function setup(rootCheckMs = 1000) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ab-fakewatch-'))
  roots.push(root)
  const fakes: FakeSource[] = []
  const events: WatchEvent[] = []
  const watcher = watchArchive(root, (event) => events.push(event), {
    debounceMs: 10,
    maxWaitMs: 50,
    rootCheckMs,
    watchFactory: (target, options) => {
      const fake = new FakeSource(target, options)
      fakes.push(fake)
      return fake satisfies WatchSource
    },
  })
  watchers.push(watcher)
  return { root, fakes, events, watcher }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

async function started(fakes: FakeSource[], count = 1): Promise<FakeSource> {
  await until(() => fakes.length >= count, 'the watcher to start')
  return fakes[count - 1] as FakeSource
}

const batches = (events: WatchEvent[]) =>
  events.flatMap((e) => (e.type === 'batch' ? [e.batch] : []))

describe('watchArchive wiring (scripted source)', () => {
  it('asks for a native source with an ignore filter', async () => {
    const { fakes } = setup()
    const fake = await started(fakes)
    expect(fake.options.mode).toBe('native')
    const ignored = fake.options.ignored as (
      p: string,
      stats?: { isFile(): boolean; isSymbolicLink(): boolean },
    ) => boolean
    const file = { isFile: () => true, isSymbolicLink: () => false }
    expect(ignored(path.join(fake.root, 'a.md'), file)).toBe(false)
    expect(ignored(path.join(fake.root, 'a.png'), file)).toBe(true)
    expect(ignored(path.join(fake.root, 'folder.png'))).toBe(false) // no stats yet: may be a folder
    expect(ignored(path.join(fake.root, '.git'))).toBe(true)
    expect(ignored(fake.root)).toBe(false)
  })

  it('treats the initial scan as known files, not news', async () => {
    const { fakes, events, watcher } = setup()
    const fake = await started(fakes)
    fake.send('addDir', '')
    fake.send('add', 'a.md')
    fake.send('add', 'sub/b.md')
    fake.emit('ready')
    await watcher.ready
    fake.send('change', 'a.md')
    await until(() => batches(events).length > 0, 'a batch')
    expect(batches(events)).toEqual([{ upserted: ['a.md'], removed: [] }])
  })

  it('expands a folder removal even when the source reports only unlinkDir', async () => {
    const { fakes, events, watcher } = setup()
    const fake = await started(fakes)
    for (const id of ['sub/a.md', 'sub/deep/b.md', 'keep.md', 'subway/c.md']) fake.send('add', id)
    fake.emit('ready')
    await watcher.ready
    fake.send('unlinkDir', 'sub')
    await until(() => batches(events).length > 0, 'a batch')
    expect(batches(events)).toEqual([{ upserted: [], removed: ['sub/a.md', 'sub/deep/b.md'] }])
  })

  it('coalesces a storm of events on one file into one upsert', async () => {
    const { fakes, events, watcher } = setup()
    const fake = await started(fakes)
    fake.emit('ready')
    await watcher.ready
    for (let i = 0; i < 500; i++)
      fake.send(i % 3 === 2 ? 'unlink' : i % 3 === 0 ? 'add' : 'change', 'x.md')
    fake.send('add', 'x.md')
    await until(() => batches(events).length > 0, 'a batch')
    expect(batches(events)).toEqual([{ upserted: ['x.md'], removed: [] }])
  })

  it('reports other errors and keeps going', async () => {
    const { fakes, events, watcher } = setup()
    const fake = await started(fakes)
    fake.emit('ready')
    await watcher.ready
    fake.emit('error', Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))
    expect(events).toEqual([{ type: 'error', message: 'watch: EACCES: permission denied' }])
    expect(watcher.mode()).toBe('native')
  })

  it('on ENOSPC: one degraded event, a polling restart, then resync; a second ENOSPC is just an error', async () => {
    const { fakes, events, watcher } = setup()
    const native = await started(fakes)
    native.emit('error', Object.assign(new Error('ENOSPC: watchers'), { code: 'ENOSPC' }))
    native.emit('error', Object.assign(new Error('ENOSPC: again'), { code: 'ENOSPC' })) // stale: ignored
    const polling = await started(fakes, 2)
    expect(native.closed).toBe(true)
    expect(polling.options.mode).toBe('polling')
    polling.emit('ready')
    await watcher.ready // the initial start was superseded; ready follows the polling scan
    await until(() => events.some((e) => e.type === 'resync'), 'resync')
    expect(events.map((e) => e.type)).toEqual(['degraded', 'resync'])
    expect(watcher.mode()).toBe('polling')
    polling.emit('error', Object.assign(new Error('EMFILE: too many'), { code: 'EMFILE' }))
    expect(events.map((e) => e.type)).toEqual(['degraded', 'resync', 'error'])
    expect(fakes).toHaveLength(2)
  })

  it("turns the source's unlinkDir of the root into root-missing and drops the pending batch", async () => {
    const { fakes, events, watcher } = setup()
    const fake = await started(fakes)
    fake.send('add', 'a.md')
    fake.emit('ready')
    await watcher.ready
    fake.send('unlink', 'a.md')
    fake.send('unlinkDir', '')
    expect(events.map((e) => e.type)).toEqual(['root-missing'])
    expect(fake.closed).toBe(true)
  })

  it('close() closes the source, emits nothing more, and is idempotent', async () => {
    const { fakes, events, watcher } = setup()
    const fake = await started(fakes)
    fake.emit('ready')
    await watcher.ready
    fake.send('add', 'late.md')
    await watcher.close()
    await watcher.close()
    fake.send('add', 'later.md')
    await new Promise((resolve) => setTimeout(resolve, 80)) // longer than maxWait: nothing may fire
    expect(fake.closed).toBe(true)
    expect(events).toEqual([])
  })

  it('notices by stat alone a root renamed away, replaced by another folder, and restored', async () => {
    const { root, fakes, events, watcher } = setup(20)
    const first = await started(fakes)
    first.emit('ready')
    await watcher.ready
    renameSync(root, `${root}-away`) // the fake reports nothing: only the periodic stat can tell
    roots.push(`${root}-away`)
    await until(() => events.length === 1, 'root-missing')
    expect(first.closed).toBe(true)
    mkdirSync(root) // a different folder (new inode) under the same name
    const second = await started(fakes, 2)
    second.emit('ready')
    await until(() => events.length === 2, 'root-restored')
    expect(events).toEqual([
      { type: 'root-missing', root },
      { type: 'root-restored', root },
    ])
    rmSync(root, { recursive: true })
    renameSync(`${root}-away`, root) // the original folder is back: its inode differs from the one watched
    await until(() => fakes.length === 3, 'a restart on the replaced folder')
    expect(second.closed).toBe(true)
    expect(events.map((e) => e.type)).toContain('root-missing')
  })
})
