/** The manifest journal (replay, torn last line, compaction) and the download queue's rules. */
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Manifest, type ManifestEntry } from '../../../src/main/core/images/manifest'
import {
  DownloadQueue,
  HIGH,
  LOW,
  NORMAL,
  type QueueJob,
  type Step,
} from '../../../src/main/core/images/downloadQueue'
import { CacheFiles } from '../../../src/main/core/images/cacheFiles'
import { makeTempDir, removeDir } from '../../support/tempDir'

const dirs: string[] = []
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir))
})

const entry = (key: string, status = 'ok'): ManifestEntry => ({
  key,
  url: `https://img.example.com/${key}.jpg`,
  status,
  bytes: status === 'ok' ? 10 : 0,
  type: status === 'ok' ? 'image/jpeg' : undefined,
  attempts: 1,
  lastTry: 1000,
  access: 1000,
})

describe('manifest', () => {
  it('survives a restart, and skips a line cut by a crash', async () => {
    const dir = await makeTempDir()
    dirs.push(dir)
    const file = path.join(dir, 'manifest.jsonl')
    const first = await Manifest.open(file)
    first.put(entry('a'))
    first.put(entry('b', 'http-404'))
    first.touch('a', 5000)
    first.remove('b')
    first.put(entry('c', 'timeout'))
    first.setPins('archive1', new Set(['a']))
    await first.close()
    await appendFile(file, '{"k":"d","u":"https://x/d.jpg","s":"ok","b":') // torn write
    const second = await Manifest.open(file)
    expect([...second.entries.keys()].sort()).toEqual(['a', 'c'])
    expect(second.get('a')?.access).toBe(5000)
    expect(second.get('c')?.status).toBe('timeout')
    expect(second.isPinned('a')).toBe(true)
    await second.close()
  })

  it('compacts a journal of mostly dead lines into one line per entry', async () => {
    const dir = await makeTempDir()
    dirs.push(dir)
    const file = path.join(dir, 'manifest.jsonl')
    const manifest = await Manifest.open(file)
    for (let i = 0; i < 12_000; i++) manifest.touch('a', i) // touches of a missing key: no lines
    manifest.put(entry('a'))
    for (let i = 0; i < 12_000; i++) manifest.touch('a', i + 1)
    await manifest.close()
    const lines = (await readFile(file, 'utf8')).trim().split('\n')
    expect(lines.length).toBeLessThan(10)
    const reopened = await Manifest.open(file)
    expect(reopened.get('a')?.access).toBe(12_000)
    await reopened.close()
  })
})

describe('download queue', () => {
  function setup(limits: { concurrency: number; perHost: number }) {
    const started: string[] = []
    const finishers = new Map<string, (step: Step<string>) => void>()
    const queue = new DownloadQueue<string>(
      { concurrency: () => limits.concurrency, perHost: () => limits.perHost },
      (job: QueueJob) =>
        new Promise<Step<string>>((resolve) => {
          started.push(job.key)
          finishers.set(job.key, resolve)
        }),
    )
    const finish = async (key: string, step: Step<string> = { done: key }) => {
      finishers.get(key)?.(step)
      await new Promise((r) => setImmediate(r))
    }
    return { queue, started, finish }
  }

  it('runs higher priorities first and hosts round-robin within the per-host limit', async () => {
    const { queue, started, finish } = setup({ concurrency: 2, perHost: 1 })
    void queue.enqueue('low1', 'u', 'h1', LOW)
    void queue.enqueue('low2', 'u', 'h1', LOW)
    void queue.enqueue('n1', 'u', 'h1', NORMAL)
    void queue.enqueue('n2', 'u', 'h2', NORMAL)
    expect(started).toEqual(['low1', 'n2']) // low1 started before the others arrived
    void queue.enqueue('hi', 'u', 'h1', HIGH)
    await finish('low1')
    expect(started.at(-1)).toBe('hi')
    await finish('hi')
    expect(started.at(-1)).toBe('n1')
    await finish('n1')
    await finish('n2')
    expect(started.at(-1)).toBe('low2')
  })

  it('shares one job per key, raises its priority, and retries without holding a slot', async () => {
    const { queue, started, finish } = setup({ concurrency: 1, perHost: 1 })
    const a = queue.enqueue('a', 'u', 'h', LOW)
    const b1 = queue.enqueue('b', 'u', 'h', LOW)
    const b2 = queue.enqueue('b', 'u', 'h', HIGH)
    expect(queue.priorityOf('b')).toBe(HIGH)
    await finish('a', { retryInMs: 30 }) // a waits; b takes the slot meanwhile
    expect(started).toEqual(['a', 'b'])
    await finish('b')
    expect(await b1).toBe('b')
    expect(await b2).toBe('b')
    await new Promise((r) => setTimeout(r, 60))
    expect(started).toEqual(['a', 'b', 'a'])
    await finish('a')
    expect(await a).toBe('a')
  })

  it('cancels queued and running jobs with null', async () => {
    const { queue, finish } = setup({ concurrency: 1, perHost: 1 })
    const running = queue.enqueue('r', 'u', 'h', NORMAL)
    const queued = queue.enqueue('q', 'u', 'h', NORMAL)
    const kept = queue.enqueue('k', 'u', 'h', HIGH)
    expect(queue.cancel((job) => job.priority > HIGH)).toBe(2)
    expect(await queued).toBeNull()
    await finish('r')
    expect(await running).toBeNull()
    await finish('k')
    expect(await kept).toBe('k')
    await queue.idle()
  })
})

describe('cache files', () => {
  it('removes partial downloads left by a crashed run, never those of a live process', async () => {
    const dir = await makeTempDir()
    dirs.push(dir)
    const files = new CacheFiles(dir)
    await files.open()
    const key = 'a'.repeat(64)
    const dead = path.join(files.tempDir, `${key}.999999999.1.part`)
    const live = path.join(files.tempDir, `${key}.${process.ppid}.1.part`)
    await writeFile(dead, 'half an image')
    await writeFile(live, 'being written')
    await new CacheFiles(dir).open()
    expect(await readdir(files.tempDir)).toEqual([path.basename(live)])
    expect(() => files.pathOf('../../etc/passwd')).toThrow(/not an image key/)
  })
})
