/** Response helpers: security headers on everything, JSON errors in the contract's shape. */
import type { ServerResponse } from 'node:http'
import type { ApiErrorCode, Result } from '../../shared/errors'
import { STATUS_BY_CODE } from './httpStatus'

/** Same policy as the Electron windows, minus the app-img scheme (serve mode uses /img/). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; " +
  "frame-src 'none'; base-uri 'none'; form-action 'none'"

export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const payload = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
    ...extraHeaders,
  })
  res.end(payload)
}

export function sendResult(res: ServerResponse, result: Result<unknown>): void {
  sendJson(res, result.ok ? 200 : STATUS_BY_CODE[result.error.code], result)
}

export function sendError(
  res: ServerResponse,
  code: ApiErrorCode,
  message: string,
  status = STATUS_BY_CODE[code],
  extraHeaders: Record<string, string> = {},
): void {
  sendJson(res, status, { ok: false, error: { code, message } }, extraHeaders)
}

/** Plain-text reply for non-API routes (static files, images), where JSON would be odd. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  extraHeaders: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...extraHeaders,
  })
  res.end(text)
}
