/**
 * The watcher's initial walk runs beside the session's first load, so files created or deleted
 * meanwhile can be known to one side only. A scripted watch source decides exactly what the watcher
 * saw; the session must end equal to the folder, not to either side's view.
 */
import { EventEmitter } from 'node:events'
import { symlinkSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ArchiveSession, type SessionOptions } from '../../src/main/core/library/archiveSession'
import { scanArchive } from '../../src/main/core/archive/scan'
import type { WatchSource } from '../../src/main/core/watch'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

class ScriptedSource extends EventEmitter {
  constructor(readonly root: string) {
    super()
  }
  add(id: string): void {
    this.emit('all', 'add', path.join(this.root, ...id.split('/')))
  }
  close(): Promise<void> {
    return Promise.resolve()
  }
}

describe('ArchiveSession and the watcher’s initial walk', () => {
  let root: string
  let session: ArchiveSession | null = null
  beforeEach(async () => {
    root = await makeTempDir()
  })
  afterEach(async () => {
    await session?.close()
    session = null
    await removeDir(root)
  })

  /** Opens `root` with a scripted watch source; resolves once the first load listed `size` files. */
  async function openScripted(size: number, options: Omit<SessionOptions, 'watchOptions'> = {}) {
    const fakes: ScriptedSource[] = []
    const opened = await ArchiveSession.open(root, {
      ...options,
      watchOptions: {
        debounceMs: 20,
        watchFactory: (target) => {
          const fake = new ScriptedSource(target)
          fakes.push(fake)
          return fake satisfies WatchSource
        },
      },
    })
    session = opened.session
    await waitFor(() => session?.size === size && fakes.length === 1, 'the first load')
    return { session: opened.session, scanned: opened.scanned, fake: fakes[0] as ScriptedSource }
  }

  it('reads what only the watcher saw and drops what only the first load saw', async () => {
    await writeTree(root, {
      'a.md': articleText({ title: '甲' }),
      'b.md': articleText({ title: '乙' }),
      'gone.md': articleText({ title: '已删' }),
    })
    const { session, scanned, fake } = await openScripted(3)
    let scannedDone = false
    void scanned.then(() => (scannedDone = true))
    // While the watcher still walks: gone.md is deleted before its walk reaches it, and
    // late.md is created after the first load listed the folder but before the walk did.
    await rm(path.join(root, 'gone.md'))
    await writeTree(root, { 'late.md': articleText({ title: '后来' }) })
    for (const id of ['a.md', 'b.md', 'late.md']) fake.add(id)
    expect(scannedDone).toBe(false) // not live before the watcher is
    fake.emit('ready')
    await scanned
    expect([...session.summaries()].map((s) => s.id).sort()).toEqual(['a.md', 'b.md', 'late.md'])
    expect(session.get('late.md')?.title).toBe('后来')
  })

  it('follows the scanner, not the watcher, where a folder is a symlink', async () => {
    // The scanner follows symlinked folders (each real folder once); the watcher does not, so it
    // knows real/x.md where the catalog may list link/x.md: no article may appear twice.
    await writeTree(root, {
      'real/x.md': articleText({ title: '真' }),
      'top.md': articleText({ title: '顶' }),
    })
    symlinkSync(path.join(root, 'real'), path.join(root, 'link'))
    const truth: string[] = []
    for await (const article of scanArchive(root)) truth.push(article.id)
    const { session, scanned, fake } = await openScripted(2)
    // The watcher names the file by the other path than the catalog does (which one the
    // scanner took depends on the folder's listing order).
    const listedAs = [...session.summaries()].find((s) => s.title === '真')?.id
    fake.add(listedAs === 'real/x.md' ? 'link/x.md' : 'real/x.md')
    fake.add('top.md')
    fake.emit('ready')
    await scanned
    expect([...session.summaries()].map((s) => s.id).sort()).toEqual(truth.sort())
    expect(truth).toHaveLength(2)
  })

  it('leaves the catalog alone when both sides saw the same files', async () => {
    await writeTree(root, { 'a.md': articleText({ title: '甲' }) })
    const changes: number[] = []
    const { session, scanned, fake } = await openScripted(1, {
      listener: { onChange: (change) => changes.push(change.upserted.length) },
    })
    fake.add('a.md')
    fake.emit('ready')
    await scanned
    expect(changes).toEqual([])
    expect(session.size).toBe(1)
  })
})
