/**
 * The client side of serve mode: calls are `POST /api/<method>` with the argument as JSON, events
 * come from `GET /api/events` (server-sent events). Uses the platform's fetch and EventSource,
 * typed here structurally so src/shared stays free of DOM and Node types.
 *
 * The stream can drop (server restart, network blip, sleep, proxy timeout) and the events sent
 * until it is back are lost, so listeners hear a ConnectionEvent: 'lost' when it drops,
 * 'restored' when it is back, which tells them to re-read what they show.
 */
import type { Result } from '../errors'
import type { MethodName } from './api'
import type { Transport } from './client'
import { isArchiveEvent, type ClientEvent, type ClientEventListener } from './events'
import { isResult } from './result'

export interface FetchResponseLike {
  status: number
  text(): Promise<string>
}

export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<FetchResponseLike>

export interface EventSourceLike {
  onmessage: ((event: { data: unknown }) => void) | null
  onopen: (() => void) | null
  onerror: (() => void) | null
  /** 0 connecting, 1 open, 2 closed (the browser gave up and will not retry). */
  readonly readyState: number
  close(): void
}

/** The EventSource gave up for good. */
const CLOSED = 2
/** The first attempt to start over after the browser gave up, then twice as long each time. */
const REOPEN_FIRST_MS = 2_000
const REOPEN_MAX_MS = 30_000

export interface TimersLike {
  setTimeout(run: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export type EventSourceConstructor = new (url: string) => EventSourceLike

export interface HttpTransportOptions {
  /** Origin (and optional path prefix) of the server; '' means the page's own origin. */
  baseUrl?: string
  /**
   * Token for a server that requires one. A page served by that server does not need it: loading
   * it with `?token=` sets a cookie that same-origin requests carry.
   */
  token?: string
  /** Defaults to the global fetch. */
  fetch?: FetchLike
  /** Defaults to the global EventSource. */
  EventSource?: EventSourceConstructor
  /** Defaults to the global setTimeout/clearTimeout. */
  timers?: TimersLike
}

export function createHttpTransport(options: HttpTransportOptions = {}): Transport {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '')
  const platform = globalThis as unknown as {
    fetch?: FetchLike
    EventSource?: EventSourceConstructor
  } & TimersLike
  const doFetch = options.fetch ?? platform.fetch
  const EventSourceImpl = options.EventSource ?? platform.EventSource
  const timers: TimersLike = options.timers ?? {
    setTimeout: (run, ms) => platform.setTimeout(run, ms),
    clearTimeout: (handle) => platform.clearTimeout(handle),
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (options.token) headers.Authorization = `Bearer ${options.token}`

  const listeners = new Set<ClientEventListener>()
  let source: EventSourceLike | null = null
  /** The stream dropped and has not come back yet. */
  let lost = false
  let reopenTimer: unknown = null
  let reopenDelay = REOPEN_FIRST_MS

  async function call(method: MethodName, arg: unknown): Promise<Result<unknown>> {
    if (!doFetch) return transportError('no fetch available in this environment')
    let response: FetchResponseLike
    let text: string
    try {
      response = await doFetch(`${base}/api/${method}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(arg ?? null),
      })
      text = await response.text()
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return transportError(`cannot reach the server (${reason})`)
    }
    // Errors have 4xx/5xx statuses but the same JSON body, so the body decides, not the status.
    try {
      const parsed: unknown = JSON.parse(text)
      if (isResult(parsed)) return parsed
    } catch {
      // Not JSON (a proxy's error page, say): reported below.
    }
    return transportError(`unexpected response from the server (HTTP ${response.status})`)
  }

  function deliver(data: unknown): void {
    let event: unknown
    try {
      event = JSON.parse(String(data))
    } catch {
      return
    }
    if (isArchiveEvent(event)) emit(event)
  }

  function emit(event: ClientEvent): void {
    for (const listener of [...listeners]) {
      try {
        listener(event)
      } catch (error) {
        // One failing listener must not starve the others; surface it as an unhandled rejection.
        void Promise.reject(error instanceof Error ? error : new Error(String(error)))
      }
    }
  }

  function connect(): void {
    if (!EventSourceImpl) return
    const query = options.token ? `?token=${encodeURIComponent(options.token)}` : ''
    // EventSource cannot send headers, hence the token in the query.
    const current = new EventSourceImpl(`${base}/api/events${query}`)
    source = current
    current.onmessage = (event) => deliver(event.data)
    current.onopen = () => {
      reopenDelay = REOPEN_FIRST_MS
      // The first connection missed nothing: what the page read at load is current.
      if (!lost) return
      lost = false
      emit({ type: 'connection', state: 'restored' })
    }
    current.onerror = () => {
      if (source !== current) return
      if (!lost) {
        lost = true
        emit({ type: 'connection', state: 'lost' })
      }
      // The browser retries a dropped stream by itself, but gives up for good when an answer is
      // not the stream (a proxy's 502 while the server restarts, say): start over, less often
      // each time.
      if (current.readyState === CLOSED) {
        current.close()
        source = null
        reopenTimer = timers.setTimeout(() => {
          reopenTimer = null
          if (listeners.size > 0 && !source) connect()
        }, reopenDelay)
        reopenDelay = Math.min(reopenDelay * 2, REOPEN_MAX_MS)
      }
    }
  }

  function disconnect(): void {
    source?.close()
    source = null
    if (reopenTimer !== null) timers.clearTimeout(reopenTimer)
    reopenTimer = null
    lost = false
    reopenDelay = REOPEN_FIRST_MS
  }

  function subscribe(listener: ClientEventListener): () => void {
    listeners.add(listener)
    if (!source && reopenTimer === null) connect()
    return () => {
      listeners.delete(listener)
      if (listeners.size === 0) disconnect()
    }
  }

  return { call, subscribe }
}

function transportError(message: string): Result<never> {
  return { ok: false, error: { code: 'INTERNAL', message: `http transport: ${message}` } }
}
