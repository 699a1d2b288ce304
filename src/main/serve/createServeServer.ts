/**
 * Serve mode: the contract over HTTP, for a browser instead of Electron.
 *   POST /api/<method>  the method's argument as JSON -> `{ ok, value | error }`
 *   GET  /api/events    server-sent events (ArchiveEvent)
 *   GET  /img/<key>     an image from the cache, by key only
 *   GET  anything else  the built renderer
 * Binds loopback by default; any other address requires a token (generated when not given).
 * Read-only towards the archive: no route writes its files.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ArchiveApi } from '../../shared/contract/api'
import type { SubscribeFn } from '../../shared/contract/events'
import { createLogger } from '../core/log'
import { handleApiCall } from './apiRoute'
import { generateToken, isAuthorized, isLoopbackHost, tokenCookie, tokensEqual } from './auth'
import { readBody } from './body'
import { createEventStreams } from './eventStream'
import { listenError } from './listenError'
import { serveImage, type ImageFileLookup } from './images'
import { sendError, sendResult, sendText, setSecurityHeaders } from './respond'
import { createStaticFiles } from './staticFiles'

const log = createLogger('serve')

export interface ServeOptions {
  api: ArchiveApi
  /** The engine's event stream; without it /api/events stays open but silent. */
  events?: SubscribeFn
  /** The built renderer (out/renderer); without it only /api and /img answer. */
  rendererDir?: string
  /** Default 127.0.0.1. Anything but loopback requires a token. */
  host?: string
  /** Default 0: a free port. */
  port?: number
  /** Required off loopback (generated when missing); optional on loopback. */
  token?: string
  /** Resolves an image cache key to its file; without it /img answers 404. */
  imageFile?: ImageFileLookup
  /** Largest accepted request body, default 1 MB. */
  maxBodyBytes?: number
  /** Interval of the SSE heartbeat comments, default 15 s. */
  heartbeatMs?: number
}

export interface ServeServer {
  /** Base URL to connect to (a wildcard bind address is replaced by loopback). */
  url: string
  /** The token requests must carry, or null (loopback without a token). */
  token: string | null
  /** URL to open in a browser: with `?token=` when a token is set (the page then sets a cookie). */
  pageUrl: string
  close(): Promise<void>
}

const DEFAULT_MAX_BODY = 1024 * 1024

export async function createServeServer(options: ServeOptions): Promise<ServeServer> {
  const host = options.host ?? '127.0.0.1'
  const token = options.token ?? (isLoopbackHost(host) ? null : generateToken())
  if (token !== null && token.length < 16) {
    throw new Error('serve: a token must be at least 16 characters long')
  }
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY
  const staticFiles = await createStaticFiles(options.rendererDir)
  const streams = createEventStreams(options.events, options.heartbeatMs ?? 15_000)

  async function handleApi(req: IncomingMessage, res: ServerResponse, name: string) {
    if (name === 'events') {
      if (req.method !== 'GET') {
        sendError(res, 'INVALID_ARGUMENT', 'serve: /api/events takes GET', 405, { Allow: 'GET' })
        return
      }
      streams.open(req, res)
      return
    }
    if (req.method !== 'POST') {
      sendError(res, 'INVALID_ARGUMENT', `serve: /api/${name.slice(0, 100)} takes POST`, 405, {
        Allow: 'POST',
      })
      return
    }
    // A cross-site form or simple fetch cannot send application/json without a CORS preflight,
    // which this server never grants; requiring it closes that door even with a cookie.
    const type = req.headers['content-type'] ?? ''
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      sendError(res, 'INVALID_ARGUMENT', 'serve: the body must be application/json', 415)
      return
    }
    const origin = req.headers.origin
    if (origin !== undefined && !sameOrigin(origin, req.headers.host)) {
      sendError(res, 'UNAUTHORIZED', 'serve: cross-origin calls are refused', 403)
      return
    }
    const started = performance.now()
    const body = await readBody(req, maxBody)
    if (body.kind === 'aborted') return
    if (body.kind === 'too-large') {
      sendError(res, 'INVALID_ARGUMENT', `serve: the request body exceeds ${maxBody} bytes`, 413, {
        Connection: 'close',
      })
      return
    }
    const result = await handleApiCall(options.api, name, body.text)
    if (!result.ok && result.error.code === 'INTERNAL') {
      log.error(`${name} failed`, result.error.message)
    }
    sendResult(res, result)
    // ARCHIVE_BROWSER_LOG=debug: the server's share of each call (the ui bench reads it).
    log.debug('answered', { method: name, ms: performance.now() - started })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res)
    const rawUrl = req.url ?? '/'
    const q = rawUrl.indexOf('?')
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q)
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1))
    if (!rawPath.startsWith('/')) {
      sendText(res, 400, 'Bad request target')
      return
    }
    const isApi = rawPath === '/api' || rawPath.startsWith('/api/')
    const isImage = rawPath.startsWith('/img/')
    if (isApi || isImage) {
      if (!isAuthorized(req, query, token)) {
        sendError(res, 'UNAUTHORIZED', 'serve: a valid token is required')
        return
      }
      if (isApi) await handleApi(req, res, rawPath.slice('/api/'.length))
      else await serveImage(req, res, rawPath.slice('/img/'.length), options.imageFile)
      return
    }
    const offered = query.get('token')
    if (token !== null && offered !== null) {
      // The page was opened with ?token=: remember it in a cookie, then drop it from the address
      // bar (and from history) with a redirect.
      if (!tokensEqual(offered, token)) {
        sendText(res, 401, 'Wrong token')
        return
      }
      res.writeHead(303, { Location: rawPath, 'Set-Cookie': tokenCookie(token) })
      res.end()
      return
    }
    await staticFiles.serve(req, res, rawPath)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The path only: the query may hold the token.
      const where = (req.url ?? '').split('?')[0]?.slice(0, 200) ?? ''
      log.error(`unhandled error for ${req.method ?? '?'} ${where}`, error)
      if (!res.headersSent) sendError(res, 'INTERNAL', 'serve: unexpected error')
      else res.destroy()
    })
  })
  server.headersTimeout = 20_000
  server.requestTimeout = 60_000
  server.on('clientError', (error, socket) => {
    log.debug('malformed request', error)
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(listenError(error, host, options.port ?? 0))
    server.once('error', onError)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', onError)
      resolve()
    })
  })
  server.on('error', (error) => log.error('server error', error))

  const { port } = server.address() as AddressInfo
  const url = `http://${urlHost(host)}:${port}`
  log.info(`listening on ${url}${token ? ' (token required)' : ''}`)

  let closing: Promise<void> | null = null
  return {
    url,
    token,
    pageUrl: token ? `${url}/?token=${token}` : `${url}/`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        streams.closeAll()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

function sameOrigin(origin: string, hostHeader: string | undefined): boolean {
  try {
    return new URL(origin).host === (hostHeader ?? '').toLowerCase()
  } catch {
    return false
  }
}
