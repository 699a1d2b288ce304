import { describe, expect, it } from 'vitest'
import type { MethodName } from '../../../src/shared/contract/api'
import { createClient, type Transport } from '../../../src/shared/contract/client'
import { dispatch } from '../../../src/shared/contract/dispatch'
import type { ClientEvent, EventListener } from '../../../src/shared/contract/events'
import { isArchiveEvent } from '../../../src/shared/contract/events'
import { createHttpTransport, type FetchLike } from '../../../src/shared/contract/httpTransport'
import { METHOD_NAMES } from '../../../src/shared/contract/methods'
import { isResult, toResult, unwrap } from '../../../src/shared/contract/result'
import { ApiError, type Result } from '../../../src/shared/errors'
import { createFakeApi, sampleArgs } from '../../support/fakeApi'

/** A transport that answers through dispatch() straight into a fake engine, recording calls. */
function loopbackTransport() {
  const fake = createFakeApi()
  const sent: { method: MethodName; arg: unknown }[] = []
  const transport: Transport = {
    call: (method, arg) => {
      sent.push({ method, arg })
      return dispatch(fake, method, arg)
    },
    subscribe: (listener: EventListener) => fake.subscribe(listener),
  }
  return { fake, sent, client: createClient(transport) }
}

describe('createClient', () => {
  it('has one function per method of the table, each sending its own name', async () => {
    const { sent, client } = loopbackTransport()
    await client.openArchive({ path: '/a' })
    const firstId = (await client.listArticles({ limit: 1 })).items[0]!.id
    const args = sampleArgs(firstId)
    for (const name of METHOD_NAMES.filter((m) => m !== 'closeArchive' && m !== 'openArchive')) {
      const call = client[name] as (arg: unknown) => Promise<unknown>
      await call(args[name])
      expect(sent.at(-1)).toEqual({ method: name, arg: args[name] })
    }
    await client.closeArchive()
    expect(sent.at(-1)?.method).toBe('closeArchive')
    expect(await client.getArchiveInfo()).toBeNull()
  })

  it('throws the engine error as an ApiError with the same code', async () => {
    const { client } = loopbackTransport()
    await expect(client.listArticles({})).rejects.toMatchObject({
      name: 'ApiError',
      code: 'NO_ARCHIVE_OPEN',
    })
    await client.openArchive({ path: '/a' })
    const error = await client.getArticle({ id: 'nope' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('ARTICLE_NOT_FOUND')
    expect((error as ApiError).message).toContain('nope')
  })

  it('refuses bad arguments before the engine sees them', async () => {
    const { fake, client } = loopbackTransport()
    const bad = client.openArchive as (arg: unknown) => Promise<unknown>
    await expect(bad({ path: 1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(fake.calls).toEqual([])
  })

  it('passes events through onEvent and stops after unsubscribe', async () => {
    const { fake, client } = loopbackTransport()
    const seen: ClientEvent[] = []
    const off = client.onEvent((event) => seen.push(event))
    fake.emit({ type: 'articles-changed', upserted: ['a'], removed: [], renamed: [] })
    off()
    fake.emit({ type: 'articles-changed', upserted: ['b'], removed: [], renamed: [] })
    expect(seen).toEqual([{ type: 'articles-changed', upserted: ['a'], removed: [], renamed: [] }])
  })
})

describe('dispatch', () => {
  it('refuses unknown and inherited method names with UNKNOWN_METHOD', async () => {
    const fake = createFakeApi()
    for (const name of ['nope', 'constructor', '__proto__', 'subscribe', 'emit', 7]) {
      const result = await dispatch(fake, name, undefined)
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    }
    expect(fake.calls).toEqual([])
  })

  it('turns thrown Errors (sync or async) into INTERNAL naming the method', async () => {
    const fake = createFakeApi()
    const throwing = {
      ...fake,
      getHealth: () => {
        throw new Error('disk on fire')
      },
      getSettings: () => Promise.reject(new TypeError('bad state')),
    }
    expect(await dispatch(throwing, 'getHealth', undefined)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'getHealth: disk on fire' },
    })
    expect(await dispatch(throwing, 'getSettings', null)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'getSettings: bad state' },
    })
  })

  it('hands the engine undefined for a null argument', async () => {
    const fake = createFakeApi()
    const result = await dispatch(fake, 'getRecentArchives', null)
    expect(result).toEqual({ ok: true, value: [] })
    expect(fake.calls).toEqual([{ method: 'getRecentArchives', arg: undefined }])
  })
})

describe('toResult / unwrap', () => {
  it('round-trips values and ApiErrors', async () => {
    expect(unwrap(await toResult(Promise.resolve(5)))).toBe(5)
    const failed = await toResult(Promise.reject(new ApiError('QUERY_INVALID', 'search: bad')))
    expect(failed).toEqual({ ok: false, error: { code: 'QUERY_INVALID', message: 'search: bad' } })
    expect(() => unwrap(failed)).toThrow(ApiError)
    try {
      unwrap(failed)
    } catch (error) {
      expect((error as ApiError).code).toBe('QUERY_INVALID')
      expect((error as ApiError).message).toBe('search: bad')
    }
  })

  it('carries a detail both ways, and drops one not shaped as a detail', async () => {
    const detail = { reason: 'noSuchMonth', values: { token: 'date:2021-13', month: 13 } }
    const failed = await toResult(
      Promise.reject(new ApiError('QUERY_INVALID', 'Search: month 13', detail)),
    )
    expect(failed).toEqual({
      ok: false,
      error: { code: 'QUERY_INVALID', message: 'Search: month 13', detail },
    })
    expect(() => unwrap(failed)).toThrow(expect.objectContaining({ detail }))
    const odd = {
      ok: false,
      error: { code: 'QUERY_INVALID', message: 'm', detail: { reason: 1, values: null } },
    } as unknown as Result<never>
    try {
      unwrap(odd)
      expect.unreachable()
    } catch (error) {
      expect((error as ApiError).code).toBe('QUERY_INVALID')
      expect((error as ApiError).detail).toBeUndefined()
    }
  })

  it('maps a code this build does not know to INTERNAL, keeping it in the message', () => {
    const foreign = {
      ok: false,
      error: { code: 'FUTURE_CODE', message: 'x' },
    } as unknown as Result<never>
    expect(() => unwrap(foreign)).toThrow(/FUTURE_CODE: x/)
    try {
      unwrap(foreign)
    } catch (error) {
      expect((error as ApiError).code).toBe('INTERNAL')
    }
  })

  it('recognises results and events from the wire', () => {
    expect(isResult({ ok: true })).toBe(true)
    expect(isResult({ ok: false, error: { code: 'X', message: 'm' } })).toBe(true)
    expect(isResult({ ok: false })).toBe(false)
    expect(isResult({ ok: 'yes' })).toBe(false)
    expect(isResult(null)).toBe(false)
    expect(isArchiveEvent({ type: 'index-progress' })).toBe(true)
    expect(isArchiveEvent({ type: 'toString' })).toBe(false)
    expect(isArchiveEvent('index-progress')).toBe(false)
  })
})

describe('createHttpTransport', () => {
  const responding =
    (status: number, body: string): FetchLike =>
    () =>
      Promise.resolve({ status, text: () => Promise.resolve(body) })

  it('posts JSON to /api/<method> with the bearer token', async () => {
    const requests: { url: string; init: Parameters<FetchLike>[1] }[] = []
    const fetch: FetchLike = (url, init) => {
      requests.push({ url, init })
      return Promise.resolve({ status: 200, text: () => Promise.resolve('{"ok":true,"value":3}') })
    }
    const transport = createHttpTransport({ baseUrl: 'http://h:1/', token: 'tok', fetch })
    expect(await transport.call('getSettings', undefined)).toEqual({ ok: true, value: 3 })
    await transport.call('getArticle', { id: 'x' })
    expect(requests[0]).toEqual({
      url: 'http://h:1/api/getSettings',
      init: {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: 'Bearer tok' },
        body: 'null',
      },
    })
    expect(requests[1]?.init.body).toBe('{"id":"x"}')
  })

  it('reads the error from the body whatever the status', async () => {
    const body = '{"ok":false,"error":{"code":"ARTICLE_NOT_FOUND","message":"m"}}'
    const transport = createHttpTransport({ fetch: responding(404, body) })
    expect(await transport.call('getArticle', { id: 'x' })).toEqual(JSON.parse(body))
  })

  it('reports non-JSON answers and network failures as INTERNAL, never rejecting', async () => {
    const html = createHttpTransport({ fetch: responding(502, '<html>Bad gateway</html>') })
    expect(await html.call('getSettings', undefined)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('HTTP 502') as string },
    })
    const down = createHttpTransport({ fetch: () => Promise.reject(new Error('ECONNREFUSED')) })
    expect(await down.call('getSettings', undefined)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('ECONNREFUSED') as string },
    })
  })

  it('opens one EventSource for all listeners, with the token, and closes it after the last', () => {
    const { opened, FakeSource } = fakeEventSources()
    const transport = createHttpTransport({
      baseUrl: 'http://h',
      token: 'a b',
      EventSource: FakeSource,
    })
    const a: ClientEvent[] = []
    const b: ClientEvent[] = []
    const offA = transport.subscribe((e) => a.push(e))
    const offB = transport.subscribe((e) => b.push(e))
    expect(opened.map((s) => s.url)).toEqual(['http://h/api/events?token=a%20b'])
    const source = opened[0]!
    source.onmessage?.({ data: '{"type":"archive-status","status":"ready"}' })
    source.onmessage?.({ data: 'not json' })
    source.onmessage?.({ data: '{"type":"unknown"}' })
    // Only the transport says the connection changed: the wire cannot.
    source.onmessage?.({ data: '{"type":"connection","state":"restored"}' })
    offA()
    source.onmessage?.({ data: '{"type":"archive-status","status":"missing"}' })
    expect(a).toEqual([{ type: 'archive-status', status: 'ready' }])
    expect(b.map((e) => (e.type === 'archive-status' ? e.status : e.type))).toEqual([
      'ready',
      'missing',
    ])
    expect(source.closed).toBe(false)
    offB()
    expect(source.closed).toBe(true)
  })

  it('says when the stream dropped and, once per reconnection, that it is back', () => {
    const { opened, FakeSource } = fakeEventSources()
    const transport = createHttpTransport({ EventSource: FakeSource })
    const seen: ClientEvent[] = []
    const off = transport.subscribe((e) => seen.push(e))
    const source = opened[0]!
    // The first connection missed nothing.
    source.open()
    expect(seen).toEqual([])
    // The browser retries by itself, erroring at each failed attempt: one 'lost' for them all.
    source.fail(0)
    source.fail(0)
    source.fail(0)
    expect(seen).toEqual([{ type: 'connection', state: 'lost' }])
    source.open()
    source.onmessage?.({ data: '{"type":"archive-status","status":"ready"}' })
    // A second drop is a second gap.
    source.fail(0)
    source.open()
    source.open()
    expect(seen).toEqual([
      { type: 'connection', state: 'lost' },
      { type: 'connection', state: 'restored' },
      { type: 'archive-status', status: 'ready' },
      { type: 'connection', state: 'lost' },
      { type: 'connection', state: 'restored' },
    ])
    expect(opened).toHaveLength(1)
    off()
  })

  it('starts over, less often each time, when the browser gives up on the stream', () => {
    const { opened, FakeSource } = fakeEventSources()
    const timers = fakeTimers()
    const transport = createHttpTransport({ EventSource: FakeSource, timers })
    const seen: ClientEvent[] = []
    const off = transport.subscribe((e) => seen.push(e))
    opened[0]!.open()
    // A proxy answered 502 while the server restarted: EventSource closes for good.
    opened[0]!.fail(2)
    expect(opened[0]!.closed).toBe(true)
    expect(timers.pending()).toEqual([2000])
    // Another listener meanwhile does not open a stream before its time.
    const offOther = transport.subscribe(() => undefined)
    expect(opened).toHaveLength(1)
    timers.runAll()
    expect(opened).toHaveLength(2)
    opened[1]!.fail(2)
    expect(timers.pending()).toEqual([4000])
    timers.runAll()
    opened[2]!.open()
    expect(seen).toEqual([
      { type: 'connection', state: 'lost' },
      { type: 'connection', state: 'restored' },
    ])
    // Back to the first delay after a success; the last listener gone, no timer is left.
    opened[2]!.fail(2)
    expect(timers.pending()).toEqual([2000])
    offOther()
    off()
    expect(timers.pending()).toEqual([])
    expect(opened).toHaveLength(3)
  })
})

/** EventSources that tests drive: `open()` and `fail(readyState)` play the browser's part. */
function fakeEventSources() {
  const opened: FakeSource[] = []
  class FakeSource {
    onmessage: ((event: { data: unknown }) => void) | null = null
    onopen: (() => void) | null = null
    onerror: (() => void) | null = null
    readyState = 0
    closed = false
    constructor(readonly url: string) {
      opened.push(this)
    }
    open() {
      this.readyState = 1
      this.onopen?.()
    }
    /** 0: the browser will retry; 2: it gave up. */
    fail(readyState: 0 | 2) {
      this.readyState = readyState
      this.onerror?.()
    }
    close() {
      this.readyState = 2
      this.closed = true
    }
  }
  return { opened, FakeSource }
}

function fakeTimers() {
  let next = 1
  const timers = new Map<number, { run: () => void; ms: number }>()
  return {
    setTimeout(run: () => void, ms: number) {
      timers.set(next, { run, ms })
      return next++
    },
    clearTimeout(handle: unknown) {
      timers.delete(handle as number)
    },
    pending: () => [...timers.values()].map((timer) => timer.ms),
    runAll() {
      const due = [...timers.entries()]
      timers.clear()
      for (const [, timer] of due) timer.run()
    },
  }
}
