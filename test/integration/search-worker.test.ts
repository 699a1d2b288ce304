/**
 * The search worker: builds from an archive folder on its own thread with progress, answers
 * like an in-process index, survives search during a build, and cancels.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeArchive } from '../support/generator/index'
import { scanArchive } from '../../src/main/core/archive/scan'
import { createSearchWorkerClient, type BuildProgress } from '../../src/main/core/search/client'
import { createSearchIndex } from '../../src/main/core/search/searchIndex'
import { ApiError } from '../../src/shared/errors'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'search-worker-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('search worker', () => {
  it('builds with progress and answers like an in-process index', async () => {
    const root = path.join(tmp, 'small')
    fs.mkdirSync(root)
    await writeArchive(root, 120, 4)
    const client = createSearchWorkerClient()
    try {
      await client.open()
      const progress: BuildProgress[] = []
      const build = client.build(root, { scanWorkers: 0, onProgress: (p) => progress.push(p) })
      const done = await build.done
      expect(done.indexed).toBe(120)
      expect(progress.length).toBeGreaterThan(0)
      expect(progress[progress.length - 1]).toEqual({ read: 120, indexed: 120, total: 120 })

      const local = createSearchIndex()
      for await (const a of scanArchive(root, { workers: 0 })) local.add(a)
      for (const query of ['的', '手机', 'date:2021-06', '"，"', 'source:IT之家 的']) {
        const mine = await client.search(query, { limit: 10 })
        const theirs = local.search(query, { limit: 10 })
        expect({ query, total: mine.total, ids: mine.hits.map((h) => h.id) }).toEqual({
          query,
          total: theirs.total,
          ids: theirs.hits.map((h) => h.id),
        })
      }
      // The reason crosses the thread, for the UI to word the error in its language.
      await expect(client.search('nope:x')).rejects.toMatchObject({
        code: 'QUERY_INVALID',
        detail: { reason: 'unknownField', values: { field: 'nope', token: 'nope:x' } },
      })
    } finally {
      await client.close()
    }
  })

  it('reads texts from the archive when opened with its folder: same answers, no text copy', async () => {
    const root = path.join(tmp, 'derived')
    const dir = path.join(tmp, 'derived-index')
    fs.mkdirSync(root)
    fs.mkdirSync(dir)
    await writeArchive(root, 80, 9)
    let client = createSearchWorkerClient()
    try {
      expect((await client.open(dir, undefined, undefined, false, root)).restored).toBe(false)
      await client.build(root, { scanWorkers: 0 }).done
      const local = createSearchIndex()
      for await (const a of scanArchive(root, { workers: 0 })) local.add(a)
      for (const query of ['的', '手机', '"。 "', 'source:IT之家 的', 'intel']) {
        const mine = await client.search(query, { limit: 10 })
        const theirs = local.search(query, { limit: 10 })
        expect({ query, total: mine.total, hits: mine.hits }).toEqual({
          query,
          total: theirs.total,
          hits: theirs.hits,
        })
      }
      await client.save()
      expect(fs.existsSync(path.join(dir, 'text.bin'))).toBe(false)
      await client.close()
      client = createSearchWorkerClient()
      expect((await client.open(dir, undefined, undefined, false, root)).restored).toBe(true)
      const again = await client.search('手机', { limit: 10 })
      expect(again.hits).toEqual(local.search('手机', { limit: 10 }).hits)
    } finally {
      await client.close()
    }
  })

  it('keeps what the host sent during a build over the build’s own (older) reads', async () => {
    const root = path.join(tmp, 'race')
    fs.mkdirSync(root)
    await writeArchive(root, 400, 6)
    const order: string[] = []
    for await (const a of scanArchive(root, { workers: 0 })) order.push(a.id)
    // The last ids the build will read: the host re-read them after a change (new text) or saw
    // them deleted, while the files the build is about to read still hold the old content.
    const late = order.slice(-12)
    const updated = late.slice(0, 8)
    const removed = late.slice(8)
    const client = createSearchWorkerClient()
    try {
      await client.open()
      // In an object: TypeScript cannot see the callback assign it and would narrow a `let` to null.
      const sent: { done: Promise<unknown> | null } = { done: null }
      const build = client.build(root, {
        scanWorkers: 0,
        onProgress: (p) => {
          if (sent.done !== null || p.read === 0 || p.read > 300) return
          sent.done = Promise.all([
            client.add(
              updated.map((id, i) => ({
                id,
                title: `更新 ${i}`,
                date: null,
                categories: [],
                text: `主机更新标记${i}`,
              })),
            ),
            client.remove(removed),
          ])
        },
      })
      const done = await build.done
      expect(sent.done).not.toBeNull()
      await sent.done
      expect(done.size).toBe(order.length - removed.length)
      expect((await client.search('主机更新标记', { limit: 0 })).total).toBe(updated.length)
      const all = await client.search('的', { limit: 0 })
      for (const id of removed) expect(all.matchedIds).not.toContain(id)
    } finally {
      await client.close()
    }
  })

  it('answers searches during a build and cancels it', async () => {
    const root = path.join(tmp, 'large')
    fs.mkdirSync(root)
    await writeArchive(root, 600, 5)
    const client = createSearchWorkerClient()
    try {
      await client.open()
      let cancelled = false
      let searchedDuringBuild: number | null = null
      const build = client.build(root, {
        scanWorkers: 0,
        onProgress: (p) => {
          if (p.read >= 50 && searchedDuringBuild === null) {
            searchedDuringBuild = -1
            void client.search('的').then((r) => {
              searchedDuringBuild = r.total
              build.cancel()
              cancelled = true
            })
          }
        },
      })
      const error = await build.done.then(
        () => null,
        (e: unknown) => e,
      )
      expect(cancelled).toBe(true)
      expect(searchedDuringBuild).toBeGreaterThan(0)
      expect(error).toBeInstanceOf(ApiError)
      expect((error as ApiError).code).toBe('CANCELLED')
      // A cancelled build leaves an empty index, ready for the next archive.
      expect((await client.search('的')).total).toBe(0)
    } finally {
      await client.close()
    }
  })

  it('merges the segments after a build, saves, and reopens merged', async () => {
    const root = path.join(tmp, 'merge')
    fs.mkdirSync(root)
    await writeArchive(root, 300, 7)
    const dir = path.join(tmp, 'merge-index')
    fs.mkdirSync(dir)
    const segments = (): string[] => fs.readdirSync(dir).filter((f) => f.includes('.seg'))
    const queries = ['的', '手机', '"，"', 'source:IT之家 的', 'date:2021-06']
    const client = createSearchWorkerClient()
    let expected: unknown[] = []
    try {
      await client.open(dir, 128 * 1024)
      await client.build(root, { scanWorkers: 0 }).done
      // While searches keep coming (someone typing), the merge waits.
      const typingUntil = Date.now() + 1500
      while (Date.now() < typingUntil) {
        await client.search('的', { limit: 5 })
        await new Promise((resolve) => setTimeout(resolve, 40))
      }
      await client.save()
      expect(segments().length).toBeGreaterThan(2)
      // Then it runs; the first save after it leaves two files.
      const deadline = Date.now() + 20_000
      while (Date.now() < deadline) {
        await client.save()
        if (segments().length === 2) break
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(segments().length).toBe(2)
      expect(fs.existsSync(path.join(dir, 'search-index.snapshot'))).toBe(true)
      for (const query of queries) {
        const r = await client.search(query, { limit: 10 })
        expected.push([query, r.total, r.hits.map((h) => h.id)])
      }
      const local = createSearchIndex()
      for await (const a of scanArchive(root, { workers: 0 })) local.add(a)
      expect(
        queries.map((query) => {
          const r = local.search(query, { limit: 10 })
          return [query, r.total, r.hits.map((h) => h.id)]
        }),
      ).toEqual(expected)
    } finally {
      await client.close()
    }
    const reopened = createSearchWorkerClient()
    try {
      expect((await reopened.open(dir, 128 * 1024)).restored).toBe(true)
      const answers: unknown[] = []
      for (const query of queries) {
        const r = await reopened.search(query, { limit: 10 })
        answers.push([query, r.total, r.hits.map((h) => h.id)])
      }
      expect(answers).toEqual(expected)
      expected = []
    } finally {
      await reopened.close()
    }
  })

  it('packs its word index once quiet, after a build and again after the host adds articles', async () => {
    const root = path.join(tmp, 'pack')
    const more = path.join(tmp, 'pack-more')
    fs.mkdirSync(root)
    fs.mkdirSync(more)
    await writeArchive(root, 300, 11)
    await writeArchive(more, 80, 12)
    const dir = path.join(tmp, 'pack-index')
    fs.mkdirSync(dir)
    const client = createSearchWorkerClient()
    const decodedSoon = async (below: number): Promise<number> => {
      const deadline = Date.now() + 20_000
      let decoded = (await client.stats()).wordTermsDecoded
      while (decoded >= below && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100))
        decoded = (await client.stats()).wordTermsDecoded
      }
      return decoded
    }
    try {
      await client.open(dir, 128 * 1024)
      await client.build(root, { scanWorkers: 0 }).done
      // A build leaves every term decoded (3k+ here); packing runs as soon as it is quiet.
      expect(await decodedSoon(1000)).toBeLessThan(1000)
      const added = []
      for await (const article of scanArchive(more, { workers: 0 })) added.push(article)
      // A search just before keeps the compaction waiting (500 ms), so the decoded terms show.
      await client.search('的', { limit: 1 })
      await client.add(added)
      expect((await client.stats()).wordTermsDecoded).toBeGreaterThan(1000)
      expect(await decodedSoon(1000)).toBeLessThan(1000)
      const local = createSearchIndex()
      for await (const a of scanArchive(root, { workers: 0 })) local.add(a)
      for (const a of added) local.add(a)
      for (const query of ['的', 'AMD', 'i', '20', 'iPhone 手机', 'title:AMD']) {
        const [worker, mine] = [
          await client.search(query, { limit: 10 }),
          local.search(query, { limit: 10 }),
        ]
        expect([query, worker.total, worker.hits.map((h) => h.id)]).toEqual([
          query,
          mine.total,
          mine.hits.map((h) => h.id),
        ])
      }
    } finally {
      await client.close()
    }
  })
})
