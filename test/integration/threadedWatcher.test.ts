/**
 * The watcher in its worker thread (watch/threadedWatcher.ts + watchThread.ts) against a real
 * folder: what the thread sees arrives here as the same events the in-thread watcher emits,
 * the initial files cross once, close ends the thread, and a thread that dies is replaced by a
 * watcher on this thread.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import { watchArchiveInThread } from '../../src/main/core/watch'
import { startWorker } from '../../src/main/core/workers/workerEntry'
import type { ArchiveWatcher, WatchBatch, WatchEvent } from '../../src/main/core/watch'
import { waitFor } from '../support/waitFor'

const roots: string[] = []
const watchers: ArchiveWatcher[] = []
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.close()))
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
})

function tempRoot(files: string[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ab-threadwatch-'))
  roots.push(root)
  for (const id of files) {
    mkdirSync(path.dirname(path.join(root, id)), { recursive: true })
    writeFileSync(path.join(root, id), `---\ntitle: ${id}\n---\n正文`)
  }
  return root
}

/** Starts the watcher on the real thread (kept, for the tests that end it), unless told otherwise. */
function start(root: string, options: Parameters<typeof watchArchiveInThread>[2] = {}) {
  const events: WatchEvent[] = []
  let thread: Worker | null = null
  const watcher = watchArchiveInThread(root, (event) => events.push(event), {
    debounceMs: 30,
    maxWaitMs: 200,
    rootCheckMs: 100,
    startThread: (input) =>
      (thread = startWorker('watchWorker', 'watch/watchThread.ts', { workerData: input })),
    ...options,
  })
  watchers.push(watcher)
  const batches = (): WatchBatch[] => events.flatMap((e) => (e.type === 'batch' ? [e.batch] : []))
  return { watcher, events, batches, thread: () => thread as Worker }
}

/** Nice values of this process's threads (Linux), from /proc/self/task/<tid>/stat. */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      // Fields after the command name (which may hold spaces) in parentheses; nice is field 19.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return [Number(fields[16])]
    } catch {
      return [] // the thread ended meanwhile
    }
  })
}

describe('the watcher in a worker thread', () => {
  it.runIf(process.platform === 'linux')(
    'runs its thread at a background priority, leaving the others as they were',
    async () => {
      const before = threadNiceValues()
      expect(before.filter((nice) => nice === 10)).toEqual([])
      const { watcher } = start(tempRoot(['a.md']))
      await watcher.ready
      const after = threadNiceValues()
      expect(after.filter((nice) => nice === 10)).toHaveLength(1)
      expect(after.filter((nice) => nice !== 10).every((nice) => before.includes(nice))).toBe(true)
    },
  )

  it('hands over the initial files once and reports later changes as batches', async () => {
    const root = tempRoot(['a.md', 'sub/b.md', 'sub/deep/c.html', 'notes.txt'])
    const { watcher, batches } = start(root)
    await watcher.ready
    expect(watcher.mode()).toBe('native')
    const initial = watcher.takeInitialFiles() ?? []
    expect([...initial].sort()).toEqual(['a.md', 'sub/b.md', 'sub/deep/c.html'])
    expect(watcher.takeInitialFiles()).toBeNull()
    // With each file's mtime and size as the walk saw them, in the same order.
    const stamps = watcher.takeInitialStamps()
    expect(stamps).toEqual(
      Float64Array.from(
        initial.flatMap((id) => {
          const stat = statSync(path.join(root, id))
          return [stat.mtimeMs, stat.size]
        }),
      ),
    )
    expect(watcher.takeInitialStamps()).toBeNull()

    writeFileSync(path.join(root, 'sub', 'new.md'), '---\ntitle: 新\n---\n')
    writeFileSync(path.join(root, 'a.md'), '---\ntitle: 改\n---\n')
    rmSync(path.join(root, 'sub', 'b.md'))
    await waitFor(() => {
      const seen = batches()
      const upserted = new Set(seen.flatMap((b) => b.upserted))
      const removed = new Set(seen.flatMap((b) => b.removed))
      return upserted.has('sub/new.md') && upserted.has('a.md') && removed.has('sub/b.md')
    }, 'the three changes to arrive from the thread')
  })

  it('reports the root going missing across the thread', async () => {
    const root = tempRoot(['a.md'])
    const { watcher, events } = start(root)
    await watcher.ready
    rmSync(root, { recursive: true, force: true })
    await waitFor(
      () => events.some((e) => e.type === 'root-missing'),
      'root-missing from the thread',
    )
  })

  it('ends its thread on close and sends nothing afterwards', async () => {
    const root = tempRoot(['a.md'])
    const { watcher, events, thread } = start(root)
    await watcher.ready
    const exited = new Promise<number>((resolve) => thread().once('exit', resolve))
    await watcher.close()
    await exited
    writeFileSync(path.join(root, 'late.md'), '---\ntitle: late\n---\n')
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(events).toEqual([])
  })

  it('asks for a rescan when the thread dies after it was watching, and keeps watching', async () => {
    const root = tempRoot(['a.md'])
    const { watcher, events, batches, thread } = start(root)
    await watcher.ready
    expect(watcher.takeInitialFiles()).toEqual(['a.md'])
    await thread().terminate()
    await waitFor(() => events.some((e) => e.type === 'resync'), 'a resync after the fallback')
    expect(events[0]).toMatchObject({ type: 'error' })
    writeFileSync(path.join(root, 'b.md'), '---\ntitle: b\n---\n')
    await waitFor(
      () => batches().some((b) => b.upserted.includes('b.md')),
      'the fallback watcher to report b.md',
    )
  })

  it('closes cleanly while its thread is still starting', async () => {
    const root = tempRoot(['a.md'])
    const { watcher, events, thread } = start(root)
    const exited = new Promise<number>((resolve) => thread().once('exit', resolve))
    const closing = watcher.close()
    expect(watcher.close()).toBe(closing) // a second close waits for the same end
    await closing
    await watcher.ready
    await exited
    expect(watcher.takeInitialFiles()).toBeNull()
    writeFileSync(path.join(root, 'late.md'), '---\ntitle: late\n---\n')
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(events).toEqual([])
  })

  it('falls back to watching from this thread when the thread dies', async () => {
    const root = tempRoot(['a.md', 'b.md'])
    const { watcher, events, batches } = start(root, {
      startThread: () => new Worker('process.exit(3)', { eval: true }),
    })
    await watcher.ready
    expect(events[0]).toEqual({
      type: 'error',
      message: 'the watcher thread stopped (exit code 3); watching continues',
    })
    expect(watcher.takeInitialFiles()?.sort()).toEqual(['a.md', 'b.md'])
    writeFileSync(path.join(root, 'c.md'), '---\ntitle: c\n---\n')
    await waitFor(
      () => batches().some((b) => b.upserted.includes('c.md')),
      'the fallback watcher to report c.md',
    )
  })
})
