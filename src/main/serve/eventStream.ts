/**
 * `GET /api/events`: the engine's events as server-sent events. One engine subscription per
 * connection, dropped when the client goes away. A client too slow to keep up is disconnected
 * (its EventSource reconnects and re-reads state) instead of buffering without bound.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ArchiveEvent, SubscribeFn } from '../../shared/contract/events'
import { createLogger } from '../core/log'

const log = createLogger('serve')

/** Bytes queued for one client before it counts as stuck. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024

export interface EventStreams {
  open(req: IncomingMessage, res: ServerResponse): void
  /** Ends every open stream (server shutdown). */
  closeAll(): void
  readonly count: number
}

export function createEventStreams(
  subscribe: SubscribeFn | undefined,
  heartbeatMs: number,
): EventStreams {
  const open = new Set<() => void>()

  function start(_req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      // Tells reverse proxies (nginx) not to buffer the stream.
      'X-Accel-Buffering': 'no',
    })
    res.write('retry: 2000\n\n')
    res.flushHeaders()

    let closed = false
    const write = (chunk: string) => {
      if (closed) return
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        log.warn('event stream client is not reading; disconnecting it')
        stop()
        return
      }
      res.write(chunk)
    }
    const unsubscribe = subscribe
      ? subscribe((event: ArchiveEvent) => write(`data: ${JSON.stringify(event)}\n\n`))
      : () => undefined
    // Comments keep proxies and idle timeouts from closing a quiet stream.
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), heartbeatMs)
    heartbeat.unref()

    function stop(): void {
      if (closed) return
      closed = true
      clearInterval(heartbeat)
      open.delete(stop)
      try {
        unsubscribe()
      } catch (error) {
        log.error('unsubscribing an event stream failed', error)
      }
      res.end()
    }
    open.add(stop)
    // res 'close' fires when the client disconnects (req 'close' only means the body was read).
    res.on('close', stop)
    res.on('error', stop)
  }

  return {
    open: start,
    closeAll: () => {
      for (const stop of [...open]) stop()
    },
    get count() {
      return open.size
    },
  }
}
