/**
 * The image cache against real HTTP servers on 127.0.0.1: hotlink protection, per-host Referer
 * rules, timeouts, 404, retries (5xx, 429 + Retry-After), redirects, bodies that are not images,
 * too large or cut off, many images at once, offline mode and one download per URL.
 */
import { readFile } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { imageKey } from '../../src/main/core/images/imageKey'
import {
  jpegBytes,
  PNG_BYTES,
  sendImage,
  startImageServer,
  type ImageServer,
} from '../support/imageServer'
import { openTestCache, type TestCache } from './image-cache-helpers'

let cache: TestCache | null = null
const servers: ImageServer[] = []

async function server(handler: Parameters<typeof startImageServer>[0]): Promise<ImageServer> {
  const started = await startImageServer(handler)
  servers.push(started)
  return started
}

afterEach(async () => {
  await cache?.cleanup()
  cache = null
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

describe('image cache downloads', () => {
  it('sends no Referer by default, so a hotlink-protected host answers', async () => {
    const body = jpegBytes(5000, 7)
    const host = await server((req, res) => {
      if (req.headers.referer) {
        res.writeHead(403).end('hotlinking')
        return
      }
      sendImage(res, body)
    })
    cache = await openTestCache()
    const state = await cache.service.ensure(host.url('/a.jpg'))
    expect(state.status).toBe('cached')
    expect(host.requests[0]?.headers.referer).toBeUndefined()
    const file = await cache.service.file(state.key)
    expect(file?.contentType).toBe('image/jpeg')
    expect(Buffer.compare(await readFile(file?.path ?? ''), body)).toBe(0)

    // A rule that sends a Referer to this host makes it refuse: recorded as http-403, never served.
    cache.settings.imageHostRules = [{ host: host.host, referer: 'https://elsewhere.example/' }]
    const refused = await cache.service.ensure(host.url('/b.jpg'))
    expect(refused).toMatchObject({ status: 'failed', reason: 'http-403' })
    expect(await cache.service.file(refused.key)).toBeNull()
    expect(host.requests.at(-1)?.headers.referer).toBe('https://elsewhere.example/')
  })

  it('sends the Referer and User-Agent of a per-host rule, read live from the settings', async () => {
    const host = await server((req, res) => {
      if (req.headers.referer !== 'https://www.ithome.com/' || req.headers['user-agent'] !== 'UA/1')
        res.writeHead(403).end()
      else sendImage(res, PNG_BYTES, 'image/png')
    })
    cache = await openTestCache()
    expect((await cache.service.ensure(host.url('/x.png'))).reason).toBe('http-403')
    cache.settings.imageHostRules = [
      { host: '127.0.0.1', referer: 'https://www.ithome.com/', userAgent: 'UA/1' },
    ]
    const state = await cache.service.retry(imageKey(host.url('/x.png')))
    expect(state.status).toBe('pending')
    await cache.service.downloadsIdle()
    expect(cache.service.states([state.key])[0]?.status).toBe('cached')
    expect((await cache.service.file(state.key))?.contentType).toBe('image/png')
  })

  it('blocks a host by rule without a single request', async () => {
    const host = await server((_req, res) => sendImage(res, PNG_BYTES, 'image/png'))
    cache = await openTestCache({ imageHostRules: [{ host: host.host, action: 'block' }] })
    const state = await cache.service.ensure(host.url('/x.png'))
    expect(state).toMatchObject({ status: 'blocked' })
    expect(host.requests).toHaveLength(0)
  })

  it('times out a slow response, retries it, then records a timeout', async () => {
    const host = await server(() => {
      // Never answers; the socket is closed when the server closes.
    })
    cache = await openTestCache({ imageTimeoutMs: 1000 }, { maxAttempts: 2 })
    const state = await cache.service.ensure(host.url('/slow.jpg'))
    expect(state).toMatchObject({ status: 'failed', reason: 'timeout' })
    expect(host.requests).toHaveLength(2)
    expect(cache.retries.map((r) => r.status)).toEqual(['timeout'])
  })

  it('times out a body that stops arriving', async () => {
    const host = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': 100_000 })
      res.write(jpegBytes(1000))
    })
    cache = await openTestCache({ imageTimeoutMs: 1000 }, { maxAttempts: 1 })
    expect((await cache.service.ensure(host.url('/stall.jpg'))).reason).toBe('timeout')
  })

  it('does not retry a 404 or a 410', async () => {
    const host = await server((req, res) => res.writeHead(req.url === '/gone' ? 410 : 404).end())
    cache = await openTestCache()
    expect((await cache.service.ensure(host.url('/missing.jpg'))).reason).toBe('http-404')
    expect((await cache.service.ensure(host.url('/gone'))).reason).toBe('http-410')
    expect(host.requests).toHaveLength(2)
    expect(cache.retries).toHaveLength(0)
  })

  it('retries a 500 with backoff and succeeds', async () => {
    let calls = 0
    const host = await server((_req, res) => {
      if (++calls < 3) res.writeHead(500).end('busy')
      else sendImage(res, jpegBytes(2000))
    })
    cache = await openTestCache()
    const state = await cache.service.ensure(host.url('/flaky.jpg'))
    expect(state.status).toBe('cached')
    expect(host.requests).toHaveLength(3)
    expect(cache.retries.map((r) => r.status)).toEqual(['http-500', 'http-500'])
    // Exponential: the second wait is about twice the first (jitter is ±20 %).
    const [first, second] = cache.retries.map((r) => r.delayMs) as [number, number]
    expect(second).toBeGreaterThan(first)
  })

  it('waits as long as Retry-After says after a 429', async () => {
    let calls = 0
    const host = await server((_req, res) => {
      if (++calls === 1) res.writeHead(429, { 'retry-after': '1' }).end()
      else sendImage(res, jpegBytes(2000))
    })
    cache = await openTestCache()
    const state = await cache.service.ensure(host.url('/limited.jpg'))
    expect(state.status).toBe('cached')
    expect(cache.retries).toEqual([{ key: state.key, delayMs: 1000, status: 'http-429' }])
  })

  it('gives up on a Retry-After longer than it will wait', async () => {
    const host = await server((_req, res) => res.writeHead(503, { 'retry-after': '3600' }).end())
    cache = await openTestCache()
    expect((await cache.service.ensure(host.url('/later.jpg'))).reason).toBe('http-503')
    expect(host.requests).toHaveLength(1)
  })

  it('follows up to 5 redirects, refuses a sixth and any non-http target', async () => {
    const host = await server((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x')
      const hops = Number(url.searchParams.get('hops') ?? 0)
      if (url.pathname === '/ftp') res.writeHead(302, { location: 'ftp://127.0.0.1/a.jpg' }).end()
      else if (url.pathname === '/file')
        res.writeHead(301, { location: 'file:///etc/passwd' }).end()
      else if (hops > 0) res.writeHead(302, { location: `/r?hops=${hops - 1}` }).end()
      else sendImage(res, PNG_BYTES, 'image/png')
    })
    cache = await openTestCache()
    expect((await cache.service.ensure(host.url('/r?hops=5'))).status).toBe('cached')
    expect((await cache.service.ensure(host.url('/r?hops=6'))).reason).toBe('too-many-redirects')
    expect((await cache.service.ensure(host.url('/ftp'))).reason).toBe('bad-redirect')
    expect((await cache.service.ensure(host.url('/file'))).reason).toBe('bad-redirect')
  })

  it('refuses an HTML page served as image/jpeg, and never serves it', async () => {
    const host = await server((_req, res) => {
      const html = Buffer.from('<!doctype html><html><body>防盗链</body></html>')
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': html.length })
      res.end(html)
    })
    cache = await openTestCache()
    const state = await cache.service.ensure(host.url('/fake.jpg'))
    expect(state).toMatchObject({ status: 'failed', reason: 'not-image' })
    expect(await cache.service.file(state.key)).toBeNull()
  })

  it('accepts SVG only when served as image/svg+xml', async () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')
    const host = await server((req, res) =>
      sendImage(res, svg, req.url === '/good.svg' ? 'image/svg+xml' : 'text/xml'),
    )
    cache = await openTestCache()
    expect((await cache.service.ensure(host.url('/good.svg'))).status).toBe('cached')
    expect((await cache.service.ensure(host.url('/bad.svg'))).reason).toBe('not-image')
  })

  it('refuses a body over the size limit, announced or not', async () => {
    const big = jpegBytes(10_000)
    const host = await server((req, res) => {
      if (req.url === '/announced.jpg') sendImage(res, big)
      else {
        res.writeHead(200, { 'content-type': 'image/jpeg' }) // chunked: no length announced
        res.end(big)
      }
    })
    cache = await openTestCache({ imageMaxBytes: 4096 })
    expect((await cache.service.ensure(host.url('/announced.jpg'))).reason).toBe('too-large')
    expect((await cache.service.ensure(host.url('/chunked.jpg'))).reason).toBe('too-large')
  })

  it('records a connection cut mid-body as truncated, after retrying, and keeps no half file', async () => {
    const host = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': 50_000 })
      res.write(jpegBytes(10_000), () => res.socket?.destroy())
    })
    cache = await openTestCache({}, { maxAttempts: 3 })
    const state = await cache.service.ensure(host.url('/cut.jpg'))
    expect(state).toMatchObject({ status: 'failed', reason: 'truncated' })
    expect(host.requests).toHaveLength(3)
    expect(await cache.service.file(state.key)).toBeNull()
  })

  it('downloads concurrent requests for one URL once', async () => {
    const host = await server((_req, res) => setTimeout(() => sendImage(res, jpegBytes(3000)), 50))
    cache = await openTestCache()
    const url = host.url('/same.jpg')
    const states = await Promise.all(Array.from({ length: 20 }, () => cache!.service.ensure(url)))
    expect(new Set(states.map((s) => s.status))).toEqual(new Set(['cached']))
    expect(host.requests).toHaveLength(1)
  })

  it('makes zero requests when offline', async () => {
    const host = await server((_req, res) => sendImage(res, jpegBytes(3000)))
    cache = await openTestCache({ offlineOnly: true })
    const state = await cache.service.ensure(host.url('/a.jpg'))
    expect(state).toMatchObject({ status: 'not-cached', reason: 'offline' })
    cache.service.setArchive(null)
    expect(host.requests).toHaveLength(0)
  })
})
