import { afterEach, describe, expect, it } from 'vitest'
import type { EventEmitter } from 'node:events'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { walkArticleFiles } from '../../src/main/core/archive/walk'
import { createWatchSource, watchArchive } from '../../src/main/core/watch'
import type {
  ArchiveWatcher,
  WatchArchiveOptions,
  WatchBatch,
  WatchEvent,
  WatchSource,
} from '../../src/main/core/watch'
import { mulberry32 } from '../support/random'
import { waitFor } from '../support/waitFor'

const roots: string[] = []
const watchers: ArchiveWatcher[] = []

afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.close()))
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

function tempRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ab-watch-'))
  roots.push(root)
  return root
}

/** Every article file on disk, as the consumer would find by rescanning (test-side listing). */
function listArticles(root: string): string[] {
  const out: string[] = []
  if (!existsSync(root)) return out
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue
      const id = prefix ? `${prefix}/${entry.name}` : entry.name
      if (entry.isDirectory()) walk(path.join(dir, entry.name), id)
      else if (entry.name.endsWith('.md')) out.push(id)
    }
  }
  walk(root, '')
  return out.sort()
}

/** A consumer: applies batches to a set of ids, rescans on root-restored / resync. */
function startConsumer(root: string, options: WatchArchiveOptions = {}) {
  const model = new Set(listArticles(root))
  const events: WatchEvent[] = []
  const batches: WatchBatch[] = []
  const watcher = watchArchive(
    root,
    (event) => {
      events.push(event)
      if (event.type === 'batch') {
        batches.push(event.batch)
        for (const id of event.batch.removed) model.delete(id)
        for (const id of event.batch.upserted) model.add(id)
      } else if (event.type === 'root-restored' || event.type === 'resync') {
        model.clear()
        for (const id of listArticles(root)) model.add(id)
      }
    },
    { debounceMs: 50, maxWaitMs: 400, rootCheckMs: 200, ...options },
  )
  watchers.push(watcher)
  const converged = () => {
    const disk = listArticles(root)
    return disk.length === model.size && disk.every((id) => model.has(id))
  }
  return { watcher, model, events, batches, converged }
}

/** The watcher answers within tens of ms: poll often, give up after 10 s. */
const WATCH_WAIT = { timeoutMs: 10_000, intervalMs: 20 }

describe('watchArchive on a real folder', () => {
  it('converges to the folder contents after 1,000 random creates, edits, renames and deletes', async () => {
    const root = tempRoot()
    // 'm*' folders are also renamed whole, sometimes into a hidden '.h*' folder and back out.
    const dirs = ['', 'a', 'a/b', 'c', 'c/d/e', 'm0', 'm1', 'm2']
    const hidden: string[] = []
    for (const dir of dirs) mkdirSync(path.join(root, dir), { recursive: true })
    let files: string[] = []
    for (let i = 0; i < 80; i++) {
      const dir = dirs[i % dirs.length] as string
      const id = `${dir ? `${dir}/` : ''}seed-${i}.md`
      writeFileSync(path.join(root, id), `seed ${i}`)
      files.push(id)
    }
    const { watcher, batches, converged } = startConsumer(root)
    await watcher.ready
    const random = mulberry32(1234)
    const pick = () => Math.floor(random() * files.length)
    let counter = 0
    const renameDir = (from: string, to: string) => {
      renameSync(path.join(root, from), path.join(root, to))
      dirs.splice(dirs.indexOf(from), 1)
      if (!to.startsWith('.')) dirs.push(to)
      files = files.filter((id) => !id.startsWith(`${from}/`))
      if (!to.startsWith('.'))
        files.push(...readdirSync(path.join(root, to)).map((n) => `${to}/${n}`))
    }
    for (let op = 0; op < 1000; op++) {
      const roll = random()
      const dir = dirs[Math.floor(random() * dirs.length)] as string
      const fresh = `${dir ? `${dir}/` : ''}f-${counter++}.md`
      if (roll < 0.04) {
        const movable = dirs.filter((d) => d.startsWith('m'))
        if (hidden.length > 0 && (random() < 0.5 || movable.length === 0)) {
          renameDir(hidden.shift() as string, `m${counter++}`)
        } else if (movable.length > 0) {
          const from = movable[Math.floor(random() * movable.length)] as string
          const to = random() < 0.5 ? `m${counter++}` : `.h${counter++}`
          if (to.startsWith('.')) hidden.push(to)
          renameDir(from, to)
        }
      } else if (roll < 0.35 || files.length === 0) {
        writeFileSync(path.join(root, fresh), `new ${op}`)
        files.push(fresh)
      } else if (roll < 0.6) {
        writeFileSync(path.join(root, files[pick()] as string), `edit ${op}`)
      } else if (roll < 0.8) {
        const index = pick()
        renameSync(path.join(root, files[index] as string), path.join(root, fresh))
        files[index] = fresh
      } else {
        const [gone] = files.splice(pick(), 1)
        rmSync(path.join(root, gone as string))
      }
      if (op % 50 === 49) await new Promise((resolve) => setTimeout(resolve, random() * 60))
    }
    await waitFor(converged, 'the model to match the folder', WATCH_WAIT)
    expect(listArticles(root)).toEqual([...files].sort())
    expect(batches.length).toBeGreaterThan(0)
  })

  it('100 atomic saves (temp file renamed over the target) come out as exactly those 100 upserts', async () => {
    const root = tempRoot()
    const names = Array.from({ length: 100 }, (_, i) => `post-${i}.md`)
    for (const name of names) writeFileSync(path.join(root, name), 'v1')
    writeFileSync(path.join(root, 'untouched.md'), 'v1')
    const { watcher, batches } = startConsumer(root)
    await watcher.ready
    for (const name of names) {
      const temp = path.join(root, `.${name}.tmp`)
      writeFileSync(temp, 'v2')
      renameSync(temp, path.join(root, name))
    }
    const upserts = () => batches.flatMap((b) => b.upserted)
    await waitFor(
      () => new Set(upserts()).size >= names.length,
      'all saves to be reported',
      WATCH_WAIT,
    )
    // Sentinel: a later change proves no straggling events from the saves are still queued.
    writeFileSync(path.join(root, 'sentinel.md'), 's')
    await waitFor(() => upserts().includes('sentinel.md'), 'the sentinel', WATCH_WAIT)
    const saved = upserts().filter((id) => id !== 'sentinel.md')
    expect(saved.sort()).toEqual([...names].sort())
    expect(batches.flatMap((b) => b.removed)).toEqual([])
  })

  it('a 10,000-file burst is delivered in a few batches and every file is seen', async () => {
    const root = tempRoot()
    const { watcher, batches } = startConsumer(root, { debounceMs: 150, maxWaitMs: 1000 })
    await watcher.ready
    const expected: string[] = []
    for (let d = 0; d < 100; d++) {
      const dir = `burst-${d}`
      await mkdir(path.join(root, dir))
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => {
          expected.push(`${dir}/n-${i}.md`)
          return writeFile(path.join(root, dir, `n-${i}.md`), `# ${d}-${i}`)
        }),
      )
    }
    const seen = new Set<string>()
    let seenBatches = 0
    await waitFor(
      () => {
        for (const batch of batches.splice(0)) {
          seenBatches++
          for (const id of batch.upserted) seen.add(id)
        }
        return seen.size >= expected.length
      },
      'all 10,000 files',
      { timeoutMs: 20_000, intervalMs: 20 },
    )
    expect([...seen].sort()).toEqual(expected.sort())
    if (process.env.WATCH_TEST_VERBOSE) process.stderr.write(`10k burst: ${seenBatches} batches\n`)
    expect(seenBatches).toBeLessThan(100)
  })

  it('reports every file under a deleted subfolder as removed', async () => {
    const root = tempRoot()
    const doomed = ['sub/a.md', 'sub/b.md', 'sub/deep/c.md', 'sub/deep/deeper/d.md']
    for (const id of [...doomed, 'keep.md', 'subway/e.md']) {
      mkdirSync(path.dirname(path.join(root, id)), { recursive: true })
      writeFileSync(path.join(root, id), id)
    }
    const { watcher, batches } = startConsumer(root)
    await watcher.ready
    rmSync(path.join(root, 'sub'), { recursive: true })
    const removed = () => batches.flatMap((b) => b.removed)
    await waitFor(() => removed().length >= doomed.length, 'the removals', WATCH_WAIT)
    expect(removed().sort()).toEqual(doomed)
    expect(batches.flatMap((b) => b.upserted)).toEqual([])
  })

  it('a renamed folder is removed for the old paths and upserted for the new', async () => {
    const root = tempRoot()
    for (const id of ['old/a.md', 'old/x/b.md']) {
      mkdirSync(path.dirname(path.join(root, id)), { recursive: true })
      writeFileSync(path.join(root, id), id)
    }
    const { watcher, batches, converged } = startConsumer(root)
    await watcher.ready
    renameSync(path.join(root, 'old'), path.join(root, 'new'))
    await waitFor(converged, 'the rename', WATCH_WAIT)
    expect(batches.flatMap((b) => b.removed).sort()).toEqual(['old/a.md', 'old/x/b.md'])
    expect(batches.flatMap((b) => b.upserted).sort()).toEqual(['new/a.md', 'new/x/b.md'])
  })

  it('ignores dot-files, temp files, backups, dot-folders, node_modules and non-articles', async () => {
    const root = tempRoot()
    const { watcher, batches } = startConsumer(root)
    await watcher.ready
    for (const dir of ['.git', 'node_modules/pkg', 'notes'])
      mkdirSync(path.join(root, dir), { recursive: true })
    for (const id of [
      '.foo.md.swp',
      '.x.tmp',
      'a.md.tmp',
      'a.md~',
      '.git/a.md',
      'node_modules/pkg/r.md',
      'notes/x.txt',
      'img.png',
    ])
      writeFileSync(path.join(root, id), 'noise')
    writeFileSync(path.join(root, '.md'), 'a bare extension counts')
    writeFileSync(path.join(root, 'notes/Z.HTML'), '<p>z</p>')
    const upserts = () => batches.flatMap((b) => b.upserted)
    await waitFor(
      () => upserts().includes('notes/Z.HTML') && upserts().includes('.md'),
      'the articles',
      WATCH_WAIT,
    )
    expect(upserts().sort()).toEqual(['.md', 'notes/Z.HTML'])
  })

  it('enters folders named like backups or temp files, as the scanner does', async () => {
    const root = tempRoot()
    mkdirSync(path.join(root, 'drafts~'))
    mkdirSync(path.join(root, 'x.tmp'))
    writeFileSync(path.join(root, 'drafts~', 'a.md'), 'a')
    const { watcher, model, converged } = startConsumer(root)
    await watcher.ready
    writeFileSync(path.join(root, 'drafts~', 'b.md'), 'b')
    writeFileSync(path.join(root, 'x.tmp', 'c.md'), 'c')
    await waitFor(() => model.has('drafts~/b.md') && model.has('x.tmp/c.md'), 'both', WATCH_WAIT)
    expect(converged()).toBe(true)
    const scanned: string[] = []
    for await (const id of walkArticleFiles(root)) scanned.push(id)
    expect(scanned.sort()).toEqual([...model].sort())
  })

  it('reports the archive folder deleted while open, then restored', async () => {
    const parent = tempRoot()
    const root = path.join(parent, 'archive')
    mkdirSync(root)
    writeFileSync(path.join(root, 'a.md'), 'a')
    const { watcher, events, model, converged } = startConsumer(root)
    await watcher.ready
    rmSync(root, { recursive: true })
    await waitFor(() => events.some((e) => e.type === 'root-missing'), 'root-missing', WATCH_WAIT)
    expect(events.filter((e) => e.type === 'batch')).toEqual([])
    mkdirSync(root)
    writeFileSync(path.join(root, 'b.md'), 'b')
    await waitFor(() => events.some((e) => e.type === 'root-restored'), 'root-restored', WATCH_WAIT)
    expect([...model]).toEqual(['b.md'])
    writeFileSync(path.join(root, 'c.md'), 'c')
    await waitFor(() => model.has('c.md'), 'a change after the restore', WATCH_WAIT)
    expect(converged()).toBe(true)
  })

  it('reports the archive folder renamed away and back', async () => {
    const parent = tempRoot()
    const root = path.join(parent, 'archive')
    mkdirSync(root)
    writeFileSync(path.join(root, 'a.md'), 'a')
    const { watcher, events, converged } = startConsumer(root)
    await watcher.ready
    renameSync(root, `${root}-moved`)
    await waitFor(() => events.some((e) => e.type === 'root-missing'), 'root-missing', WATCH_WAIT)
    writeFileSync(path.join(`${root}-moved`, 'while-away.md'), 'x')
    renameSync(`${root}-moved`, root)
    await waitFor(() => events.some((e) => e.type === 'root-restored'), 'root-restored', WATCH_WAIT)
    expect(events.map((e) => e.type)).toEqual(['root-missing', 'root-restored'])
    writeFileSync(path.join(root, 'after.md'), 'x')
    await waitFor(converged, 'convergence after the restore', WATCH_WAIT)
  })

  it('watches through a symlinked root and never follows symlink loops', async () => {
    const parent = tempRoot()
    const real = path.join(parent, 'real')
    mkdirSync(path.join(real, 'sub'), { recursive: true })
    writeFileSync(path.join(real, 'sub', 'a.md'), 'a')
    symlinkSync('..', path.join(real, 'sub', 'loop'))
    symlinkSync(real, path.join(real, 'sub', 'loop-abs'))
    const link = path.join(parent, 'link')
    symlinkSync(real, link)
    const { watcher, batches } = startConsumer(link)
    await watcher.ready
    writeFileSync(path.join(real, 'sub', 'b.md'), 'b')
    await waitFor(
      () => batches.some((b) => b.upserted.includes('sub/b.md')),
      'the new file',
      WATCH_WAIT,
    )
    expect(batches.flatMap((b) => b.upserted)).toEqual(['sub/b.md'])
  })

  it('starts on a missing folder and picks it up when it appears', async () => {
    const root = path.join(tempRoot(), 'not-yet')
    const { watcher, events } = startConsumer(root)
    await watcher.ready
    expect(events.map((e) => e.type)).toEqual(['root-missing'])
    mkdirSync(root)
    await waitFor(() => events.some((e) => e.type === 'root-restored'), 'root-restored', WATCH_WAIT)
  })

  it('falls back to polling on ENOSPC and still delivers changes', async () => {
    const root = tempRoot()
    writeFileSync(path.join(root, 'a.md'), 'a')
    let nativeAttempts = 0
    const { watcher, events, model, converged } = startConsumer(root, {
      pollIntervalMs: 100,
      watchFactory: (target, options) => {
        const real = createWatchSource(target, options) as EventEmitter & WatchSource
        if (options.mode !== 'polling') {
          nativeAttempts++
          real.once('ready', () => {
            const error = Object.assign(
              new Error('ENOSPC: System limit for number of file watchers reached'),
              {
                code: 'ENOSPC',
              },
            )
            real.emit('error', error)
          })
        }
        return real
      },
    })
    await watcher.ready
    await waitFor(() => events.some((e) => e.type === 'resync'), 'resync', WATCH_WAIT)
    const degraded = events.filter((e) => e.type === 'degraded')
    expect(degraded).toHaveLength(1)
    const first = degraded[0]
    expect(first?.type === 'degraded' && first.code).toBe('WATCH_LIMIT')
    expect(first?.type === 'degraded' && first.message).toContain('max_user_watches')
    expect(watcher.mode()).toBe('polling')
    expect(nativeAttempts).toBe(1)
    writeFileSync(path.join(root, 'b.md'), 'b')
    rmSync(path.join(root, 'a.md'))
    await waitFor(
      () => model.has('b.md') && !model.has('a.md'),
      'polling to deliver the changes',
      WATCH_WAIT,
    )
    expect(converged()).toBe(true)
  })

  it('close() stops events', async () => {
    const root = tempRoot()
    const { watcher, events } = startConsumer(root)
    await watcher.ready
    await watcher.close()
    writeFileSync(path.join(root, 'late.md'), 'x')
    rmSync(root, { recursive: true })
    await new Promise((resolve) => setTimeout(resolve, 400)) // nothing to poll for: absence of events
    expect(events).toEqual([])
  })
})
