/**
 * Just enough of the browser's EventSource for tests under Node 20 (which has none): one GET,
 * `data:` lines joined per event, `onmessage` called with `{ data }`, `onopen` once the stream answered. No reconnection,
 * so no `onerror` either: the transport would start over, and tests here close servers on purpose.
 */
import http from 'node:http'
import type { EventSourceLike } from '../../src/shared/contract/httpTransport'

export class NodeEventSource implements EventSourceLike {
  onmessage: ((event: { data: unknown }) => void) | null = null
  onopen: (() => void) | null = null
  onerror: (() => void) | null = null
  readyState = 0
  /** Every chunk received, comments included, for tests that look at the raw stream. */
  raw = ''
  /** Resolves with the response's status once headers arrive. */
  readonly opened: Promise<number>
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>
  private readonly request: http.ClientRequest

  constructor(url: string, headers: Record<string, string> = {}) {
    let resolveOpened: (status: number) => void = () => undefined
    let resolveEnded: () => void = () => undefined
    this.opened = new Promise((resolve) => (resolveOpened = resolve))
    this.ended = new Promise((resolve) => (resolveEnded = resolve))
    this.request = http.get(url, { headers }, (res) => {
      resolveOpened(res.statusCode ?? 0)
      this.readyState = res.statusCode === 200 ? 1 : 2
      if (this.readyState === 1) this.onopen?.()
      res.setEncoding('utf8')
      let buffer = ''
      res.on('data', (chunk: string) => {
        this.raw += chunk
        buffer += chunk
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).replace(/^ /, ''))
          if (data.length) this.onmessage?.({ data: data.join('\n') })
        }
      })
      res.on('end', () => resolveEnded())
      res.on('close', () => {
        this.readyState = 2
        resolveEnded()
      })
    })
    this.request.on('error', () => {
      this.readyState = 2
      resolveOpened(0)
      resolveEnded()
    })
  }

  close(): void {
    this.readyState = 2
    this.request.destroy()
  }
}
