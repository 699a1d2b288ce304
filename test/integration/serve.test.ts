/**
 * Serve mode over real loopback sockets: the generated client against the fake engine, events
 * over SSE, tokens, limits and malformed input. Paths are sent raw (node:http), because fetch
 * would normalise `..` away before the server ever saw it.
 */
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createClient } from '../../src/shared/contract/client'
import type { ClientEvent } from '../../src/shared/contract/events'
import { createHttpTransport } from '../../src/shared/contract/httpTransport'
import { METHOD_NAMES } from '../../src/shared/contract/methods'
import { createServeServer, ServeListenError, type ServeServer } from '../../src/main/serve'
import { CONTENT_SECURITY_POLICY } from '../../src/main/serve/respond'
import { ApiError } from '../../src/shared/errors'
import { setLogSink } from '../../src/main/core/log'
import { createFakeApi, fakeArticle, sampleArgs, type FakeApi } from '../support/fakeApi'
import { NodeEventSource } from '../support/nodeEventSource'

interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

/** One request with the path exactly as given. */
function raw(
  base: string,
  requestPath: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname,
        port,
        path: requestPath,
        method: options.method ?? 'GET',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

const postJson = (
  base: string,
  method: string,
  body: string,
  headers: Record<string, string> = {},
) =>
  raw(base, `/api/${method}`, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/json', ...headers },
  })

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex')
const KEY_PNG = 'a'.repeat(64)
const KEY_SVG = 'b'.repeat(64)
const KEY_TEXT = 'c'.repeat(64)
const KEY_RECORDED = 'd'.repeat(64)
const SECRET = 'TOP-SECRET-OUTSIDE-THE-RENDERER'

let dir: string
let rendererDir: string
let fake: FakeApi
let server: ServeServer
const imageLookups: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'serve-test-'))
  rendererDir = path.join(dir, 'renderer')
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true })
  await writeFile(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><title>Archive Browser</title>',
  )
  await writeFile(path.join(rendererDir, 'assets', 'app-1234.js'), 'console.log(1)')
  await writeFile(path.join(rendererDir, 'style.css'), 'body{}')
  await writeFile(path.join(rendererDir, '.env'), SECRET)
  await writeFile(path.join(dir, 'secret.txt'), SECRET)
  await symlink(path.join(dir, 'secret.txt'), path.join(rendererDir, 'link.txt'))
  const cache = path.join(dir, 'cache')
  await mkdir(cache)
  await writeFile(path.join(cache, 'png'), PNG)
  await writeFile(
    path.join(cache, 'svg'),
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
  )
  await writeFile(path.join(cache, 'text'), SECRET)
  await writeFile(path.join(cache, 'recorded'), PNG)
  const files: Record<string, string | { path: string; contentType: string }> = {
    [KEY_PNG]: path.join(cache, 'png'),
    [KEY_SVG]: path.join(cache, 'svg'),
    [KEY_TEXT]: path.join(cache, 'text'),
    [KEY_RECORDED]: { path: path.join(cache, 'recorded'), contentType: 'image/webp' },
  }
  fake = createFakeApi()
  server = await createServeServer({
    api: fake,
    events: fake.subscribe,
    rendererDir,
    heartbeatMs: 20,
    imageFile: (key) => {
      imageLookups.push(key)
      return Promise.resolve(files[key] ?? null)
    },
  })
})

afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

describe('serve mode: the contract over HTTP', () => {
  it('binds loopback without a token by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.token).toBeNull()
  })

  it('says why it cannot listen: a port in use, a host that does not resolve', async () => {
    const port = Number(new URL(server.url).port)
    const taken = createServeServer({ api: createFakeApi(), port })
    await expect(taken).rejects.toBeInstanceOf(ServeListenError)
    await expect(taken).rejects.toMatchObject({
      reason: 'port-in-use',
      message: `serve: port ${port} on 127.0.0.1 is in use`,
    })
    // .invalid never resolves (RFC 2606).
    await expect(
      createServeServer({ api: createFakeApi(), host: 'no-such-host.invalid' }),
    ).rejects.toMatchObject({
      reason: 'unknown-host',
      message: 'serve: cannot resolve host "no-such-host.invalid"',
    })
  })

  it('answers every method of the table through the generated client', async () => {
    const client = createClient(createHttpTransport({ baseUrl: server.url }))
    const info = await client.openArchive({ path: '/archives/sample' })
    expect(info).toMatchObject({ name: 'sample', status: 'ready', articleCount: 60 })
    const id = fakeArticle(3).id
    const args = sampleArgs(id)
    for (const name of [
      ...METHOD_NAMES.filter((m) => m !== 'closeArchive'),
      'closeArchive' as const,
    ]) {
      const before = fake.calls.length
      const call = client[name] as (arg: unknown) => Promise<unknown>
      await call(args[name])
      expect(
        fake.calls.slice(before).map((c) => c.method),
        name,
      ).toEqual([name])
    }
    expect(await client.getArchiveInfo()).toBeNull()
  })

  it('returns the engine values intact (paging, Chinese text, marks)', async () => {
    const client = createClient(createHttpTransport({ baseUrl: server.url }))
    await client.openArchive({ path: '/archives/sample' })
    const page = await client.listArticles({ offset: 5, limit: 7, sort: 'title', order: 'asc' })
    expect(page.total).toBe(60)
    expect(page.items).toHaveLength(7)
    expect(page).toEqual(
      await fake.listArticles({ offset: 5, limit: 7, sort: 'title', order: 'asc' }),
    )
    const id = page.items[0]!.id
    expect((await client.getArticle({ id })).bodyHtml).toContain('这是第')
    const mark = await client.setMark({ id, favourite: true })
    expect(mark).toMatchObject({ id, favourite: true, read: false })
    const favourites = await client.listArticles({ filter: { marks: 'favourite' } })
    expect(favourites.items.map((item) => item.id)).toContain(id)
    expect(favourites.items.every((item) => item.favourite)).toBe(true)
    const found = await client.search({ query: '芯片' })
    expect(found.total).toBeGreaterThan(0)
    const hit = found.hits[0]!
    const [start, end] = hit.snippet.marks[0]!
    expect(hit.snippet.text.slice(start, end)).toBe('芯片')
  })

  it('throws engine errors as ApiErrors with the code, and uses the mapped status', async () => {
    const client = createClient(createHttpTransport({ baseUrl: server.url }))
    await client.openArchive({ path: '/archives/sample' })
    const missing = await client.getArticle({ id: 'no/such.md' }).catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(ApiError)
    expect(missing).toMatchObject({ code: 'ARTICLE_NOT_FOUND' })
    await expect(client.search({ query: 'bogus:x' })).rejects.toMatchObject({
      code: 'QUERY_INVALID',
    })
    await expect(client.openArchive({ path: '/missing' })).rejects.toMatchObject({
      code: 'ARCHIVE_NOT_FOUND',
    })
    await expect(client.listArticles({ limit: 5000 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    })
    await client.exportPdf({ ids: [], destination: '/x.pdf' })
    await expect(client.exportPdf({ ids: [], destination: '/x.pdf' })).rejects.toMatchObject({
      code: 'DESTINATION_EXISTS',
    })

    const statuses = await Promise.all([
      postJson(server.url, 'getArticle', '{"id":"no/such.md"}'),
      postJson(server.url, 'search', '{"query":"bogus:x"}'),
      postJson(server.url, 'exportPdf', '{"ids":[],"destination":"/x.pdf"}'),
      postJson(server.url, 'listArticles', '{"limit":0}'),
    ])
    expect(statuses.map((r) => r.status)).toEqual([404, 400, 409, 400])
    expect(JSON.parse(statuses[0].body)).toMatchObject({
      ok: false,
      error: { code: 'ARTICLE_NOT_FOUND' },
    })
  })

  it('reports an engine crash as 500 INTERNAL, logs it without the token, and keeps serving', async () => {
    const broken = { ...createFakeApi(), getHealth: () => Promise.reject(new Error('boom')) }
    const other = await createServeServer({
      api: broken,
      imageFile: () => Promise.reject(new Error('cache index corrupt')),
    })
    const logged: string[] = []
    const restore = setLogSink((level, name, message) =>
      logged.push(`${level} ${name}: ${message}`),
    )
    try {
      const image = await raw(other.url, `/img/${KEY_PNG}?token=${'9'.repeat(64)}`)
      expect(image.status).toBe(500)
      expect(JSON.parse(image.body)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
      const response = await postJson(other.url, 'getHealth', '')
      expect(response.status).toBe(500)
      expect(JSON.parse(response.body)).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: 'getHealth: boom' },
      })
      expect((await postJson(other.url, 'getSettings', '')).status).toBe(200)
      expect(logged).toEqual([
        `error serve: unhandled error for GET /img/${KEY_PNG}`,
        'error serve: getHealth failed',
      ])
    } finally {
      restore()
      await other.close()
    }
  })

  it('handles 200 concurrent requests', async () => {
    const client = createClient(createHttpTransport({ baseUrl: server.url }))
    await client.openArchive({ path: '/archives/sample' })
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2
          ? client.listArticles({ offset: i % 60, limit: 1 })
          : client.getArticle({ id: fakeArticle(i % 60).id }),
      ),
    )
    expect(results).toHaveLength(200)
    results.forEach((value, i) => {
      if (i % 2) expect(value).toMatchObject({ total: 60 })
      else expect(value).toMatchObject({ id: fakeArticle(i % 60).id })
    })
  })
})

describe('serve mode: events', () => {
  it('streams engine events to the client and unsubscribes on disconnect', async () => {
    const sources: NodeEventSource[] = []
    class TrackedSource extends NodeEventSource {
      constructor(url: string) {
        super(url)
        sources.push(this)
      }
    }
    const client = createClient(
      createHttpTransport({ baseUrl: server.url, EventSource: TrackedSource }),
    )
    const seen: ClientEvent[] = []
    const off = client.onEvent((event) => seen.push(event))
    expect(await sources[0]!.opened).toBe(200)
    await vi.waitFor(() => expect(fake.listenerCount).toBe(1))

    await client.openArchive({ path: '/archives/sample' })
    fake.emit({
      type: 'articles-changed',
      upserted: ['a/b.md', '中文/文章.md'],
      removed: ['old.md'],
      renamed: [{ from: 'old.md', to: '中文/文章.md' }],
    })
    await vi.waitFor(() => expect(seen).toHaveLength(4))
    expect(seen).toEqual([
      { type: 'archive-status', status: 'scanning' },
      { type: 'index-progress', read: 60, indexed: 60, total: 60, done: true },
      { type: 'archive-status', status: 'ready' },
      {
        type: 'articles-changed',
        upserted: ['a/b.md', '中文/文章.md'],
        removed: ['old.md'],
        renamed: [{ from: 'old.md', to: '中文/文章.md' }],
      },
    ])
    // Heartbeats (every 20 ms here) are comments: on the wire, never delivered as events.
    await vi.waitFor(() => expect(sources[0]!.raw).toContain(': heartbeat'))
    expect(seen).toHaveLength(4)

    off()
    await vi.waitFor(() => expect(fake.listenerCount).toBe(0))
  })

  it('refuses POST on the event stream', async () => {
    const response = await postJson(server.url, 'events', '{}')
    expect(response.status).toBe(405)
    expect(response.headers.allow).toBe('GET')
  })

  it('ends open streams when the server closes', async () => {
    const api = createFakeApi()
    const other = await createServeServer({ api, events: api.subscribe })
    const source = new NodeEventSource(`${other.url}/api/events`)
    expect(await source.opened).toBe(200)
    await vi.waitFor(() => expect(api.listenerCount).toBe(1))
    await other.close()
    await source.ended
    expect(api.listenerCount).toBe(0)
  })
})

describe('serve mode: tokens', () => {
  const token = 'f'.repeat(64)
  let guarded: ServeServer

  beforeAll(async () => {
    guarded = await createServeServer({
      api: fake,
      events: fake.subscribe,
      rendererDir,
      token,
      imageFile: (key) => Promise.resolve(key === KEY_PNG ? path.join(dir, 'cache', 'png') : null),
    })
  })
  afterAll(() => guarded.close())

  it('refuses /api and /img without the token, with a JSON 401', async () => {
    for (const response of [
      await postJson(guarded.url, 'getSettings', ''),
      await postJson(guarded.url, 'getSettings', '', { Authorization: `Bearer ${'0'.repeat(64)}` }),
      await postJson(guarded.url, 'getSettings', '', { Authorization: token }),
      await raw(guarded.url, `/api/events?token=${'0'.repeat(64)}`),
      await raw(guarded.url, `/img/${KEY_PNG}`),
    ]) {
      expect(response.status).toBe(401)
      expect(JSON.parse(response.body)).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      })
    }
  })

  it('accepts the bearer header, the query parameter and the cookie', async () => {
    expect(
      (await postJson(guarded.url, 'getSettings', '', { Authorization: `Bearer ${token}` })).status,
    ).toBe(200)
    expect((await raw(guarded.url, `/img/${KEY_PNG}?token=${token}`)).status).toBe(200)
    const client = createClient(createHttpTransport({ baseUrl: guarded.url, token }))
    expect(await client.getSettings()).toMatchObject({ theme: expect.any(String) as string })

    const page = await raw(guarded.url, `/?token=${token}`)
    expect(page.status).toBe(303)
    expect(page.headers.location).toBe('/')
    const cookie = page.headers['set-cookie']?.[0] ?? ''
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const withCookie = await postJson(guarded.url, 'getSettings', '', {
      Cookie: cookie.split(';')[0]!,
    })
    expect(withCookie.status).toBe(200)
    expect((await raw(guarded.url, `/?token=${'0'.repeat(64)}`)).status).toBe(401)
  })

  it('streams events with ?token=', async () => {
    const source = new NodeEventSource(`${guarded.url}/api/events?token=${token}`)
    expect(await source.opened).toBe(200)
    source.close()
  })

  it('serves the page itself without a token (it holds no data)', async () => {
    expect((await raw(guarded.url, '/')).status).toBe(200)
  })

  it('generates a 32-byte token when bound off loopback without one', async () => {
    const open = await createServeServer({ api: createFakeApi(), host: '0.0.0.0' })
    try {
      expect(open.token).toMatch(/^[0-9a-f]{64}$/)
      expect(open.pageUrl).toBe(`${open.url}/?token=${open.token}`)
      expect((await postJson(open.url, 'getSettings', '')).status).toBe(401)
      const ok = await postJson(open.url, 'getSettings', '', {
        Authorization: `Bearer ${open.token}`,
      })
      expect(ok.status).toBe(200)
    } finally {
      await open.close()
    }
  })

  it('refuses a foreign Host header on loopback without a token (DNS rebinding)', async () => {
    const response = await postJson(server.url, 'getSettings', '', { Host: 'evil.example:80' })
    expect(response.status).toBe(401)
    const local = await postJson(server.url, 'getSettings', '', {
      Host: `localhost:${new URL(server.url).port}`,
    })
    expect(local.status).toBe(200)
  })
})

describe('serve mode: refusing bad input', () => {
  it.each([
    '/../secret.txt',
    '/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '/index.html%00.js',
    '/%00',
    '/.env',
    '/%2eenv',
    '/link.txt',
    '/img/../../secret.txt',
    '/img/..%2f..%2fsecret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '/%',
  ])('refuses %s', async (target) => {
    const response = await raw(server.url, target)
    expect([400, 404]).toContain(response.status)
    expect(response.body).not.toContain(SECRET)
  })

  it('has real targets for those attempts (so the refusals mean something)', async () => {
    expect(await readFile(path.join(rendererDir, '..', 'secret.txt'), 'utf8')).toBe(SECRET)
    expect(await readFile(path.join(rendererDir, 'link.txt'), 'utf8')).toBe(SECRET)
  })

  it('answers an oversized body with 413', async () => {
    const big = JSON.stringify({ query: 'x'.repeat(2 * 1024 * 1024) })
    const response = await postJson(server.url, 'search', big)
    expect(response.status).toBe(413)
    expect(JSON.parse(response.body)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    })
  })

  it('answers malformed JSON with 400, unknown methods with 404, wrong verbs with 405', async () => {
    const malformed = await postJson(server.url, 'listArticles', '{"limit": 3')
    expect(malformed.status).toBe(400)
    expect(JSON.parse(malformed.body)).toMatchObject({ error: { code: 'INVALID_ARGUMENT' } })
    for (const name of ['nope', 'constructor', '__proto__', '', 'list%41rticles']) {
      const unknown = await postJson(server.url, name, '{}')
      expect(unknown.status, name).toBe(404)
      expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: 'UNKNOWN_METHOD' } })
    }
    const get = await raw(server.url, '/api/listArticles')
    expect(get.status).toBe(405)
    expect(get.headers.allow).toBe('POST')
    expect((await raw(server.url, '/', { method: 'DELETE' })).status).toBe(405)
  })

  it('refuses non-JSON bodies and cross-origin calls', async () => {
    const form = await raw(server.url, '/api/getSettings', {
      method: 'POST',
      body: 'a=1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(form.status).toBe(415)
    const crossOrigin = await postJson(server.url, 'getSettings', '', {
      Origin: 'https://evil.example',
    })
    expect(crossOrigin.status).toBe(403)
    const sameOrigin = await postJson(server.url, 'getSettings', '', { Origin: server.url })
    expect(sameOrigin.status).toBe(200)
  })

  it('survives garbage on the socket', async () => {
    const { port } = new URL(server.url)
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.write('\x00\x01 NOT HTTP\r\n\r\n'),
      )
      let data = ''
      socket.on('data', (chunk) => (data += chunk.toString()))
      socket.on('close', () => resolve(data))
      socket.on('error', () => resolve(data))
    })
    expect(reply).toMatch(/^HTTP\/1\.1 400/)
    expect((await postJson(server.url, 'getSettings', '')).status).toBe(200)
  })
})

describe('serve mode: static files and images', () => {
  it('serves index.html for / and client routes, with the security headers', async () => {
    const index = await raw(server.url, '/')
    expect(index.status).toBe(200)
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(index.body).toContain('Archive Browser')
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'",
    )
    expect(index.headers['x-content-type-options']).toBe('nosniff')
    expect(index.headers['referrer-policy']).toBe('no-referrer')
    expect((await raw(server.url, encodeURI('/library/新媒体'))).body).toContain('Archive Browser')
  })

  it('serves assets with their content types and answers 404 for missing files', async () => {
    const js = await raw(server.url, '/assets/app-1234.js')
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(js.headers['cache-control']).toContain('immutable')
    expect((await raw(server.url, '/style.css')).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    )
    expect((await raw(server.url, '/missing.js')).status).toBe(404)
    const head = await raw(server.url, '/style.css', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it('never caches API answers', async () => {
    const response = await postJson(server.url, 'getSettings', '')
    expect(response.headers['cache-control']).toBe('no-store')
  })

  it('serves cached images by key, typed by the record or the bytes', async () => {
    const png = await raw(server.url, `/img/${KEY_PNG}`)
    expect(png.status).toBe(200)
    expect(png.headers['content-type']).toBe('image/png')
    expect((await raw(server.url, `/img/${KEY_RECORDED}`)).headers['content-type']).toBe(
      'image/webp',
    )
    const svg = await raw(server.url, `/img/${KEY_SVG}`)
    expect(svg.headers['content-type']).toBe('image/svg+xml')
    expect(svg.headers['content-security-policy']).toContain('sandbox')
  })

  it('refuses keys of the wrong form without asking the cache, and non-images', async () => {
    imageLookups.length = 0
    for (const key of [
      'abc',
      KEY_PNG.toUpperCase(),
      `${KEY_PNG}.png`,
      `${KEY_PNG}/x`,
      '..%2f' + KEY_PNG,
    ]) {
      expect((await raw(server.url, `/img/${key}`)).status).toBe(404)
    }
    expect(imageLookups).toEqual([])
    const text = await raw(server.url, `/img/${KEY_TEXT}`)
    expect(text.status).toBe(404)
    expect(text.body).not.toContain(SECRET)
    expect((await raw(server.url, `/img/${'e'.repeat(64)}`)).status).toBe(404)
  })

  it('answers 404 for pages when no renderer is built', async () => {
    const bare = await createServeServer({ api: createFakeApi() })
    try {
      expect((await raw(bare.url, '/')).status).toBe(404)
      expect((await raw(bare.url, `/img/${KEY_PNG}`)).status).toBe(404)
    } finally {
      await bare.close()
    }
  })
})
