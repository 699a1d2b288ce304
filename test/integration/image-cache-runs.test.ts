/**
 * Runs of the image cache over an archive's images, against servers on 127.0.0.1: a thousand
 * images at once within the concurrency limits, a second run that downloads nothing, restart from
 * the manifest, cancel, retry failed, eviction order and favourites, coalesced events.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { imageKey } from '../../src/main/core/images/imageKey'
import { jpegBytes, sendImage, startImageServer, type ImageServer } from '../support/imageServer'
import { waitFor } from '../support/waitFor'
import { fakeSource, openTestCache, type TestCache } from './image-cache-helpers'

let cache: TestCache | null = null
const servers: ImageServer[] = []

afterEach(async () => {
  await cache?.cleanup()
  cache = null
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function imageHosts(count: number, delayMs = 0): Promise<ImageServer[]> {
  for (let i = 0; i < count; i++) {
    servers.push(
      await startImageServer((req, res) => {
        const size = 200 + (Number(/\d+/.exec(req.url ?? '')?.[0] ?? 0) % 50) * 40
        const send = () => sendImage(res, jpegBytes(size, size))
        if (delayMs > 0) setTimeout(send, delayMs)
        else send()
      }),
    )
  }
  return servers.slice(-count)
}

/** `perArticle` images per article, spread over the hosts; some URLs repeat across articles. */
function archiveOf(
  hosts: ImageServer[],
  images: number,
  perArticle = 10,
): Record<string, string[]> {
  const articles: Record<string, string[]> = {}
  for (let i = 0; i < images; i++) {
    const host = hosts[i % hosts.length] as ImageServer
    const id = `posts/${Math.floor(i / perArticle)}.md`
    ;(articles[id] ??= []).push(host.url(`/img/${i}.jpg`))
  }
  // The same image in two articles, once with an upper-case host: one key, one download.
  const first = articles['posts/0.md']?.[0] ?? ''
  articles['posts/extra.md'] = [first, first.replace('http://127.0.0.1', 'HTTP://127.0.0.1')]
  return articles
}

async function runToEnd(cache: TestCache) {
  cache.service.cacheAll()
  const done = cache.service.runDone()
  expect(done).not.toBeNull()
  return done!
}

describe('image cache runs', () => {
  it('caches 1,000 images at once within the global and per-host limits', async () => {
    const hosts = await imageHosts(4, 5)
    cache = await openTestCache({ imageConcurrency: 6, imagePerHostLimit: 2 })
    cache.service.setArchive(fakeSource('/archive', archiveOf(hosts, 1000)))
    const summary = await runToEnd(cache)
    expect(summary).toMatchObject({ requested: 1000, ok: 1000, failed: 0, cancelled: false })
    const requests = hosts.reduce((n, h) => n + h.requests.length, 0)
    expect(requests).toBe(1000)
    for (const host of hosts) expect(host.maxInFlight).toBeLessThanOrEqual(2)
    expect(hosts.reduce((n, h) => n + h.maxInFlight, 0)).toBeLessThanOrEqual(8)
    const status = cache.service.status()
    expect(status).toMatchObject({ total: 1000, cached: 1000, failed: 0, running: false })
    expect(status.bytes).toBe(summary.bytes)
    // Progress events were coalesced: far fewer than one per image.
    const progress = cache.events.filter((e) => e.type === 'cache-progress')
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.length).toBeLessThan(200)
  })

  it('keeps only a window of a run in the queue, and every host busy when images are grouped by host', async () => {
    const hosts = await imageHosts(4, 5)
    cache = await openTestCache(
      { imageConcurrency: 8, imagePerHostLimit: 2 },
      { runWindow: { total: 24, perHost: 6 } },
    )
    // Articles by source folder: all of one host's images come before the next host's.
    const articles: Record<string, string[]> = {}
    hosts.forEach((host, h) => {
      for (let i = 0; i < 150; i++)
        (articles[`posts/h${h}/${Math.floor(i / 10)}.md`] ??= []).push(host.url(`/img/${i}.jpg`))
    })
    cache.service.setArchive(fakeSource('/archive', articles))
    let maxPending = 0
    let allHostsAtOnce = false
    const sampler = setInterval(() => {
      maxPending = Math.max(maxPending, cache!.service.status().pending)
      if (hosts.every((host) => host.inFlight > 0)) allHostsAtOnce = true
    }, 2)
    const summary = await runToEnd(cache)
    clearInterval(sampler)
    expect(summary).toMatchObject({ requested: 600, ok: 600, failed: 0 })
    expect(maxPending).toBeGreaterThan(0)
    expect(maxPending).toBeLessThanOrEqual(24)
    expect(allHostsAtOnce).toBe(true)
    for (const host of hosts) expect(host.maxInFlight).toBeLessThanOrEqual(2)
  })

  it('"Retry failed" during the background run still asks for every image the run had not queued', async () => {
    const hosts = await imageHosts(2, 5)
    cache = await openTestCache(
      { imageConcurrency: 2, imagePerHostLimit: 1 },
      { runWindow: { total: 6, perHost: 3 } },
    )
    cache.service.setArchive(fakeSource('/archive', archiveOf(hosts, 200)))
    cache.service.cacheAll()
    await waitFor(() => cache!.service.status().cached >= 4, 'a few images cached')
    cache.service.retryFailed() // supersedes the run that has queued only its window so far
    await waitFor(() => !cache!.service.status().running, 'the runs to end')
    await cache.service.downloadsIdle()
    expect(cache.service.status()).toMatchObject({ total: 200, cached: 200 })
  })

  it('downloads nothing new on a second run, and resumes from the manifest after a restart', async () => {
    const hosts = await imageHosts(2)
    cache = await openTestCache()
    const archive = archiveOf(hosts, 60)
    cache.service.setArchive(fakeSource('/archive', archive))
    expect((await runToEnd(cache)).ok).toBe(60)
    const after = hosts.map((h) => h.requests.length)
    expect((await runToEnd(cache)).requested).toBe(0)
    await cache.reopen()
    cache.service.setArchive(fakeSource('/archive', archive))
    expect((await runToEnd(cache)).requested).toBe(0)
    expect(hosts.map((h) => h.requests.length)).toEqual(after)
    const key = imageKey(archive['posts/0.md']?.[0] ?? '')
    expect((await cache.service.file(key))?.contentType).toBe('image/jpeg')
    expect(cache.service.status()).toMatchObject({ total: 60, cached: 60 })
  })

  it('restarts an interrupted run where it stopped', async () => {
    const hosts = await imageHosts(1, 30)
    cache = await openTestCache({ imageConcurrency: 2, imagePerHostLimit: 2 })
    const archive = archiveOf(hosts, 40)
    cache.service.setArchive(fakeSource('/archive', archive))
    cache.service.cacheAll()
    await waitFor(() => cache!.service.status().cached >= 10, 'ten images cached')
    await cache.reopen() // stops the run mid-way, as quitting the app would
    const cachedBefore = hosts[0]!.requests.length
    cache.service.setArchive(fakeSource('/archive', archive))
    const summary = await runToEnd(cache)
    expect(summary.requested).toBeLessThan(40)
    expect(cache.service.status()).toMatchObject({ total: 40, cached: 40 })
    // Each image was asked for at most once more than needed (those cut off by the restart).
    expect(hosts[0]!.requests.length).toBeLessThanOrEqual(cachedBefore + summary.requested)
  })

  it('cancels a run: queued downloads are dropped and nothing more is asked', async () => {
    const hosts = await imageHosts(1, 20)
    cache = await openTestCache({ imageConcurrency: 1, imagePerHostLimit: 1 })
    cache.service.setArchive(fakeSource('/archive', archiveOf(hosts, 100)))
    cache.service.cacheAll()
    await waitFor(() => cache!.service.status().cached >= 2, 'two images cached')
    const status = cache.service.cancel()
    expect(status.running).toBe(false)
    await cache.service.downloadsIdle()
    const asked = hosts[0]!.requests.length
    expect(asked).toBeLessThan(100)
    expect(cache.service.status().pending).toBe(0)
    expect(hosts[0]!.requests.length).toBe(asked)
  })

  it('retries failed images on demand', async () => {
    let broken = true
    const host = await startImageServer((_req, res) => {
      if (broken) res.writeHead(404).end()
      else sendImage(res, jpegBytes(500))
    })
    servers.push(host)
    cache = await openTestCache()
    cache.service.setArchive(
      fakeSource('/archive', { 'a.md': [host.url('/1.jpg'), host.url('/2.jpg')] }),
    )
    expect((await runToEnd(cache)).byReason).toEqual({ 'http-404': 2 })
    const report = cache.service.report({})
    expect(report.byStatus).toEqual({ 'http-404': 2 })
    expect(report.failures.map((f) => f.reason)).toEqual(['http-404', 'http-404'])
    expect(report.byHost).toEqual([{ host: host.host, total: 2, cached: 0, failed: 2, bytes: 0 }])
    broken = false
    cache.service.retryFailed()
    const summary = await cache.service.runDone()!
    expect(summary).toMatchObject({ requested: 2, ok: 2 })
    expect(cache.service.report({}).byStatus).toEqual({ ok: 2 })
  })

  it('remembers what discovery found, and reads again only articles whose content changed', async () => {
    const hosts = await imageHosts(1)
    cache = await openTestCache({ offlineOnly: true })
    const archive = archiveOf(hosts, 30)
    const reads: string[] = []
    const counted = (hashSuffix: string) => {
      const source = fakeSource(cache!.dataDir + '-archive', archive)
      return {
        ...source,
        articlesWithImages: () =>
          source
            .articlesWithImages()
            .map((a) => (a.id === 'posts/0.md' ? { ...a, hash: a.hash + hashSuffix } : a)),
        read: (id: string) => {
          reads.push(id)
          return source.read(id)
        },
      }
    }
    cache.service.setArchive(counted(''))
    await runToEnd(cache)
    expect(reads.length).toBe(Object.keys(archive).length)
    expect(cache.service.status().total).toBe(30)
    reads.length = 0
    await cache.reopen()
    cache.service.setArchive(counted('-edited'))
    await runToEnd(cache)
    expect(reads).toEqual(['posts/0.md'])
    expect(cache.service.status().total).toBe(30)
  })

  it('evicts the least recently read images over the cap, never those of favourites', async () => {
    const hosts = await imageHosts(1)
    // Images are 200–2160 bytes; a 6 KB cap holds a handful.
    // One download at a time, so "least recently" is well defined.
    cache = await openTestCache({
      imageCacheCapBytes: 6000,
      imageConcurrency: 1,
      imagePerHostLimit: 1,
    })
    const urls = Array.from({ length: 12 }, (_, i) => hosts[0]!.url(`/img/${i * 50 + 49}.jpg`))
    cache.service.setArchive(
      fakeSource('/archive', { 'fav.md': [urls[0]!], 'other.md': urls.slice(1) }, ['fav.md']),
    )
    // Discovery pins the favourite's image before anything is downloaded.
    await runToEnd(cache)
    const keys = urls.map((u) => imageKey(u))
    expect(await cache.service.file(keys[0]!)).not.toBeNull()
    expect(cache.service.status().bytes).toBeLessThanOrEqual(6000)
    // The most recently downloaded images are the ones kept (after the pinned one).
    const kept = keys.map((k) => cache!.service.states([k])[0]!.status === 'cached')
    expect(kept[0]).toBe(true)
    expect(kept[11]).toBe(true)
    expect(kept[1]).toBe(false)
  })

  it('keeps the images a reader asked for over the cap for a while, then evicts them as usual', async () => {
    const hosts = await imageHosts(1)
    // 2,000-byte images (see imageHosts); the favourite's fills the 3,000-byte cap's low water.
    const [fav, read, later] = [45, 95, 145].map((n) => hosts[0]!.url(`/img/${n}.jpg`))
    cache = await openTestCache({ imageCacheCapBytes: 3000 }, { background: false, holdMs: 400 })
    const service = cache.service
    service.setArchive(fakeSource('/archive', { 'fav.md': [fav!], 'read.md': [read!] }))
    const [favKey, readKey, laterKey] = [fav!, read!, later!].map((url) => imageKey(url))
    service.pin([favKey!])
    const open = async (url: string) => {
      service.describe([{ url, source: 'img', key: imageKey(url), status: 'not-cached' }], true)
      await service.downloadsIdle()
    }
    const status = (key: string) => service.states([key])[0]!.status
    await open(fav!)
    // Downloaded for the reader with the favourite filling the cap: kept, over the cap.
    await open(read!)
    expect([status(favKey!), status(readKey!)]).toEqual(['cached', 'cached'])
    expect(service.status().bytes).toBe(4000)
    expect(service.report({}).cacheBytes).toBeGreaterThan(service.report({}).capBytes)
    // Read again: nothing downloaded again.
    const requests = hosts[0]!.requests.length
    await open(read!)
    expect(hosts[0]!.requests.length).toBe(requests)
    // Once the hold is over, the next download evicts it (least recently read, not pinned).
    await new Promise((resolve) => setTimeout(resolve, 450))
    await open(later!)
    expect([status(favKey!), status(readKey!), status(laterKey!)]).toEqual([
      'cached',
      'not-cached',
      'cached',
    ])
  })
})
