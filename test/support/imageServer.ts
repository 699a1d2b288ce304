/**
 * Image servers for the image cache's tests and bench: real HTTP on 127.0.0.1, each request
 * logged (path, headers, arrival order), behaviour given per test by a handler. Nothing here
 * ever reaches beyond the loopback address.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export interface LoggedRequest {
  path: string
  headers: http.IncomingHttpHeaders
}

export interface ImageServer {
  /** http://127.0.0.1:<port> */
  origin: string
  /** host:port, as the cache keys hosts. */
  host: string
  url(path: string): string
  requests: LoggedRequest[]
  /** Requests being answered right now, and the most at once so far. */
  inFlight: number
  maxInFlight: number
  close(): Promise<void>
}

export type Handler = (req: IncomingMessage, res: ServerResponse, server: ImageServer) => void

export async function startImageServer(handler: Handler): Promise<ImageServer> {
  const server = http.createServer()
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const api: ImageServer = {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    url: (path) => `http://127.0.0.1:${port}${path.startsWith('/') ? path : `/${path}`}`,
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    api.requests.push({ path: req.url ?? '', headers: req.headers })
    api.inFlight++
    api.maxInFlight = Math.max(api.maxInFlight, api.inFlight)
    let counted = true
    const done = () => {
      if (!counted) return
      counted = false
      api.inFlight--
    }
    res.on('close', done)
    res.on('finish', done)
    handler(req, res, api)
  })
  return api
}

/** A body that starts like a JPEG (FF D8 FF E0) and is `size` bytes long, filled from `seed`. */
export function jpegBytes(size: number, seed = 1): Buffer {
  const body = Buffer.alloc(Math.max(size, 16))
  let x = seed >>> 0 || 1
  for (let i = 0; i < body.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    body[i] = x & 0xff
  }
  body.set([0xff, 0xd8, 0xff, 0xe0], 0)
  return body
}

export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

export function sendImage(res: ServerResponse, body: Buffer, type = 'image/jpeg'): void {
  res.writeHead(200, { 'content-type': type, 'content-length': body.length })
  res.end(body)
}
