/**
 * Who may call the API. On loopback without a token: anyone on this machine, but only through a
 * loopback Host header (a page on another site that rebinds its DNS to 127.0.0.1 sends its own
 * host name, and is refused). With a token (always, off loopback): every /api and /img request
 * carries it as `Authorization: Bearer`, `?token=` (EventSource, <img>) or the cookie set when
 * the page is opened with `?token=`.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_COOKIE = 'archive_browser_token'

export function generateToken(): string {
  return randomBytes(32).toString('hex')
}

/** A bind address or host name that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) ||
    bare === '::ffff:127.0.0.1'
  )
}

/** The host name part of a Host header (`127.0.0.1:8080`, `[::1]:80`, `localhost`). */
export function hostHeaderName(header: string | undefined): string | null {
  if (!header) return null
  const match = /^(\[[^\]]*\]|[^:]+)(?::\d+)?$/.exec(header.trim())
  return match?.[1] ?? null
}

/** Compares in constant time; hashing first makes the lengths equal. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

/** Every token the request offers, in the order they are tried. */
export function offeredTokens(req: IncomingMessage, query: URLSearchParams): string[] {
  const offered: string[] = []
  const authorization = req.headers.authorization
  if (authorization?.startsWith('Bearer ')) offered.push(authorization.slice(7).trim())
  const fromQuery = query.get('token')
  if (fromQuery) offered.push(fromQuery)
  const fromCookie = cookieValue(req.headers.cookie, TOKEN_COOKIE)
  if (fromCookie) offered.push(fromCookie)
  return offered
}

export function isAuthorized(
  req: IncomingMessage,
  query: URLSearchParams,
  token: string | null,
): boolean {
  if (token === null) return isLoopbackHost(hostHeaderName(req.headers.host) ?? '')
  return offeredTokens(req, query).some((offered) => tokensEqual(offered, token))
}

/** Cookie for the page opened with `?token=`: not readable by scripts, never sent cross-site. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
}
