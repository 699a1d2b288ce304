/**
 * Just enough of the browser's EventSource for tests under Node 20 (which has none): one GET,
 * `data:` lines joined per event, `onmessage` called with `{ data }`. No reconnection.
 */
import http from 'node:http'
import type { EventSourceLike } from '../../src/shared/contract/httpTransport'

export class NodeEventSource implements EventSourceLike {
  onmessage: ((event: { data: unknown }) => void) | null = null
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
      res.on('close', () => resolveEnded())
    })
    this.request.on('error', () => {
      resolveOpened(0)
      resolveEnded()
    })
  }

  close(): void {
    this.request.destroy()
  }
}
