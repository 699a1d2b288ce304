/** Reads a request body with a size limit, without ever rejecting on client misbehaviour. */
import type { IncomingMessage } from 'node:http'

export type BodyOutcome = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' }

/**
 * Collects at most `limit` bytes. Past the limit the rest is drained and discarded (so the client
 * can still read the 413 instead of seeing a reset), up to `drainLimit`, after which the socket is
 * dropped: nobody gets to stream gigabytes at the server.
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
  drainLimit = limit * 8,
): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > drainLimit) {
      req.destroy()
      resolve({ kind: 'too-large' })
      return
    }
    const chunks: Buffer[] = []
    let received = 0
    let settled = false
    const settle = (outcome: BodyOutcome) => {
      if (settled) return
      settled = true
      resolve(outcome)
    }
    req.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received <= limit) chunks.push(chunk)
      else if (received > drainLimit) {
        settle({ kind: 'too-large' })
        req.destroy()
      }
    })
    req.on('end', () =>
      settle(
        received > limit
          ? { kind: 'too-large' }
          : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') },
      ),
    )
    req.on('error', () => settle({ kind: 'aborted' }))
    req.on('close', () => settle({ kind: 'aborted' }))
  })
}
