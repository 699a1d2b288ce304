/**
 * One image download, every redirect hop included, streamed to a temp file and validated on the
 * way: Node's own http/https (no dependency; keep-alive agents shared by the caller).
 *
 * - Redirects are followed up to 5 times, to http(s) only; each hop gets its own host's rule.
 * - A connect timeout per hop, and one total timeout for the whole download (body included).
 * - The body must be an image by its first bytes (see imageType.ts) and at most `maxBytes`:
 *   a too-large Content-Length is refused before any byte is read, a body that grows past the
 *   cap or starts with anything but an image is cut off at once.
 * - Nothing here retries: the outcome says whether a retry could help, and after how long.
 */
import http, { type IncomingMessage } from 'node:http'
import https from 'node:https'
import { open } from 'node:fs/promises'
import {
  RASTER_SNIFF_BYTES,
  SVG_SNIFF_BYTES,
  declaresSvg,
  imageTypeOf,
  rasterType,
} from './imageType'
import type { HostPolicy } from './hostRules'

export const MAX_REDIRECTS = 5
const WRITE_BATCH_BYTES = 256 * 1024

export interface FetchImageOptions {
  url: string
  /** The rule for a host ('host' or 'host:port'), asked again at every hop. */
  policyFor: (host: string) => HostPolicy
  maxBytes: number
  /** The whole download, every hop and the body included. */
  timeoutMs: number
  /** From getting a socket to being connected, per hop. */
  connectTimeoutMs: number
  /** Where the body is written; the caller renames it into place on success or removes it. */
  tempPath: string
  signal?: AbortSignal
  agents?: { http: http.Agent; https: https.Agent }
}

export type FetchOutcome =
  { ok: true; bytes: number; type: string; finalUrl: string } | FetchFailure

export interface FetchFailure {
  ok: false
  /** Manifest status: 'http-404', 'timeout', 'not-image', 'too-large', 'network', 'cancelled'... */
  status: string
  detail: string
  /** A later try may succeed (timeouts, 429, 5xx, cut connections). */
  retryable: boolean
  /** From Retry-After, when the server said. */
  retryAfterMs?: number
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const RETRYABLE_HTTP = new Set([408, 425, 429, 500, 502, 503, 504])

class Timeout extends Error {
  constructor(readonly phase: 'connect' | 'total') {
    super(`${phase} timeout`)
  }
}
class Cancelled extends Error {}

export async function fetchImage(options: FetchImageOptions): Promise<FetchOutcome> {
  const controller = new AbortController()
  const cancel = () => controller.abort(new Cancelled('cancelled'))
  if (options.signal?.aborted) return failure('cancelled', 'cancelled', false)
  options.signal?.addEventListener('abort', cancel, { once: true })
  const total = setTimeout(() => controller.abort(new Timeout('total')), options.timeoutMs)
  let url = options.url
  try {
    for (let hop = 0; ; hop++) {
      const parsed = httpUrl(url)
      if (!parsed) return failure('bad-url', `not an http(s) URL: ${url.slice(0, 200)}`, false)
      const policy = options.policyFor(parsed.host.toLowerCase())
      if (policy.blocked)
        return failure('blocked', `${parsed.host} is blocked by a host rule`, false)
      const response = await sendRequest(parsed, policy, controller.signal, options)
      const code = response.statusCode ?? 0
      if (REDIRECTS.has(code)) {
        response.resume()
        const location = response.headers.location
        if (!location) return failure(`http-${code}`, `redirect without a Location`, false)
        if (hop >= MAX_REDIRECTS)
          return failure('too-many-redirects', `more than ${MAX_REDIRECTS} redirects`, false)
        let next: URL
        try {
          next = new URL(location, parsed)
        } catch {
          return failure('bad-redirect', `unreadable Location ${location.slice(0, 200)}`, false)
        }
        if (next.protocol !== 'http:' && next.protocol !== 'https:')
          return failure('bad-redirect', `redirect to ${next.protocol} refused`, false)
        url = next.href
        continue
      }
      if (code !== 200) {
        response.resume()
        return httpFailure(code, response)
      }
      return await receive(response, url, options)
    }
  } catch (error) {
    return errorFailure(controller.signal.reason ?? error, error)
  } finally {
    clearTimeout(total)
    options.signal?.removeEventListener('abort', cancel)
  }
}

function httpUrl(url: string): URL | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null
  } catch {
    return null
  }
}

function sendRequest(
  url: URL,
  policy: HostPolicy,
  signal: AbortSignal,
  options: FetchImageOptions,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const secure = url.protocol === 'https:'
    const headers: Record<string, string> = {
      'user-agent': policy.userAgent,
      accept: 'image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5',
      'accept-encoding': 'identity',
    }
    if (policy.referer) headers.referer = policy.referer
    const agent = secure ? options.agents?.https : options.agents?.http
    const request = (secure ? https : http).request(
      url,
      { method: 'GET', headers, signal, ...(agent ? { agent } : {}) },
      resolve,
    )
    let connectTimer: NodeJS.Timeout | undefined
    request.on('socket', (socket) => {
      if (!socket.connecting) return
      connectTimer = setTimeout(
        () => request.destroy(new Timeout('connect')),
        options.connectTimeoutMs,
      )
      socket.once('connect', () => clearTimeout(connectTimer))
    })
    request.on('response', () => clearTimeout(connectTimer))
    request.on('error', (error) => {
      clearTimeout(connectTimer)
      reject(error)
    })
    request.end()
  })
}

async function receive(
  response: IncomingMessage,
  finalUrl: string,
  options: FetchImageOptions,
): Promise<FetchOutcome> {
  const declared = response.headers['content-type']
  const lengthHeader = response.headers['content-length']
  const length = lengthHeader === undefined ? Number.NaN : Number(lengthHeader)
  if (Number.isFinite(length) && length > options.maxBytes) {
    response.destroy()
    return failure(
      'too-large',
      `${length} bytes announced, the limit is ${options.maxBytes}`,
      false,
    )
  }
  const file = await open(options.tempPath, 'w')
  let bytes = 0
  const headChunks: Buffer[] = []
  let headBytes = 0
  let rasterChecked = false
  // Chunks are written in batches (one writev per WRITE_BATCH_BYTES): a write per 16 KB chunk
  // costs a thread-pool round trip each and showed in the bench.
  let batch: Buffer[] = []
  let batchBytes = 0
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      bytes += chunk.length
      if (bytes > options.maxBytes) {
        response.destroy()
        return failure('too-large', `more than ${options.maxBytes} bytes`, false)
      }
      if (headBytes < SVG_SNIFF_BYTES) {
        headChunks.push(chunk)
        headBytes += chunk.length
      }
      if (!rasterChecked && headBytes >= RASTER_SNIFF_BYTES) {
        rasterChecked = true
        // Neither a raster image nor declared SVG: an HTML error page, say. Stop reading now.
        if (!rasterType(Buffer.concat(headChunks)) && !declaresSvg(declared)) {
          response.destroy()
          return notImage(declared)
        }
      }
      batch.push(chunk)
      batchBytes += chunk.length
      if (batchBytes >= WRITE_BATCH_BYTES) {
        await file.writev(batch)
        batch = []
        batchBytes = 0
      }
    }
    if (batch.length > 0) await file.writev(batch)
  } finally {
    await file.close()
  }
  if (!response.complete || (Number.isFinite(length) && bytes !== length))
    return failure('truncated', `the connection closed after ${bytes} bytes`, true)
  const type = imageTypeOf(Buffer.concat(headChunks), declared)
  if (!type) return notImage(declared)
  return { ok: true, bytes, type, finalUrl }
}

function notImage(declared: string | undefined): FetchFailure {
  return failure(
    'not-image',
    `the body is not an image (served as ${declared ?? 'no type'})`,
    false,
  )
}

function httpFailure(code: number, response: IncomingMessage): FetchFailure {
  const detail = `HTTP ${code}${response.statusMessage ? ` ${response.statusMessage}` : ''}`
  const retryable = RETRYABLE_HTTP.has(code) || (code >= 500 && code <= 599)
  const after = parseRetryAfter(response.headers['retry-after'])
  return {
    ok: false,
    status: `http-${code}`,
    detail,
    retryable,
    ...(after !== undefined ? { retryAfterMs: after } : {}),
  }
}

/** Retry-After in seconds or as an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

function errorFailure(reason: unknown, error: unknown): FetchFailure {
  if (reason instanceof Cancelled) return failure('cancelled', 'cancelled', false)
  if (reason instanceof Timeout) return failure('timeout', `${reason.phase} timeout`, true)
  if (error instanceof Timeout) return failure('timeout', `${error.phase} timeout`, true)
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ECONNRESET' && (error as Error).message === 'aborted')
    return failure('truncated', 'the connection closed mid-body', true)
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return failure('dns', `the host name could not be resolved (${code})`, code === 'EAI_AGAIN')
  return failure('network', code ?? (error instanceof Error ? error.message : String(error)), true)
}

function failure(status: string, detail: string, retryable: boolean): FetchFailure {
  return { ok: false, status, detail, retryable }
}
