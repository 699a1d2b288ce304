/**
 * The client side of serve mode: calls are `POST /api/<method>` with the argument as JSON, events
 * come from `GET /api/events` (server-sent events). Uses the platform's fetch and EventSource,
 * typed here structurally so src/shared stays free of DOM and Node types.
 */
import type { Result } from '../errors'
import type { MethodName } from './api'
import type { Transport } from './client'
import { isArchiveEvent, type EventListener } from './events'
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
  close(): void
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
}

export function createHttpTransport(options: HttpTransportOptions = {}): Transport {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '')
  const platform = globalThis as unknown as {
    fetch?: FetchLike
    EventSource?: EventSourceConstructor
  }
  const doFetch = options.fetch ?? platform.fetch
  const EventSourceImpl = options.EventSource ?? platform.EventSource
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (options.token) headers.Authorization = `Bearer ${options.token}`

  const listeners = new Set<EventListener>()
  let source: EventSourceLike | null = null

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
    if (!isArchiveEvent(event)) return
    for (const listener of [...listeners]) {
      try {
        listener(event)
      } catch (error) {
        // One failing listener must not starve the others; surface it as an unhandled rejection.
        void Promise.reject(error instanceof Error ? error : new Error(String(error)))
      }
    }
  }

  function subscribe(listener: EventListener): () => void {
    listeners.add(listener)
    if (!source && EventSourceImpl) {
      const query = options.token ? `?token=${encodeURIComponent(options.token)}` : ''
      // EventSource cannot send headers, hence the token in the query; it reconnects by itself.
      source = new EventSourceImpl(`${base}/api/events${query}`)
      source.onmessage = (event) => deliver(event.data)
    }
    return () => {
      listeners.delete(listener)
      if (listeners.size === 0 && source) {
        source.close()
        source = null
      }
    }
  }

  return { call, subscribe }
}

function transportError(message: string): Result<never> {
  return { ok: false, error: { code: 'INTERNAL', message: `http transport: ${message}` } }
}
