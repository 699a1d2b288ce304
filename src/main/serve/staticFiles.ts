/**
 * The built renderer (out/renderer) as static files. A request path becomes a file path only
 * after it is decoded, split, checked segment by segment and resolved back inside the root
 * (symlinks included); anything odd is refused rather than "cleaned up".
 */
import { createReadStream } from 'node:fs'
import { IMAGE_TYPE_BY_EXTENSION } from '../../shared/imageMedia'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'
import { sendText } from './respond'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  ...IMAGE_TYPE_BY_EXTENSION,
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
}

export type StaticPath = { kind: 'file'; segments: string[] } | { kind: 'refused'; reason: string }

/**
 * Turns the raw request path (before any decoding) into safe segments, or a refusal.
 * Refused: backslashes and NUL (raw or encoded), malformed escapes, `.` / `..` segments (raw or
 * encoded), segments starting with a dot (no dotfiles), encoded slashes.
 */
export function parseStaticPath(rawPath: string): StaticPath {
  if (/[\\\0]|%5c|%00|%2f/i.test(rawPath)) {
    return { kind: 'refused', reason: 'backslash, NUL or encoded slash in path' }
  }
  const segments: string[] = []
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return { kind: 'refused', reason: 'malformed percent-encoding' }
    }
    if (segment.startsWith('.')) return { kind: 'refused', reason: 'dot segment or dotfile' }
    if (/[\\/\0]/.test(segment)) return { kind: 'refused', reason: 'separator in segment' }
    segments.push(segment)
  }
  return { kind: 'file', segments }
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + path.sep)
}

/** The real path of a regular file inside `root`, or null. */
async function resolveFile(root: string, segments: string[]): Promise<string | null> {
  const joined = path.resolve(root, ...segments)
  if (!isInside(root, joined)) return null
  try {
    const real = await realpath(joined)
    if (!isInside(root, real)) return null
    const info = await stat(real)
    return info.isFile() ? real : null
  } catch {
    return null
  }
}

export interface StaticFiles {
  serve(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void>
}

/**
 * `/` serves index.html; a path without a file extension that matches no file also serves
 * index.html (client-side routes); anything else that matches no file is a 404.
 */
export async function createStaticFiles(rendererDir: string | undefined): Promise<StaticFiles> {
  let root: string | null = null
  if (rendererDir) {
    try {
      root = await realpath(path.resolve(rendererDir))
    } catch {
      root = null // a missing build is reported per request (404), not at start-up
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse, rawPath: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' })
      return
    }
    const parsed = parseStaticPath(rawPath)
    if (parsed.kind === 'refused') {
      sendText(res, 400, `Refused: ${parsed.reason}`)
      return
    }
    if (!root) {
      sendText(res, 404, 'The renderer is not built (run npm run build)')
      return
    }
    let file = parsed.segments.length ? await resolveFile(root, parsed.segments) : null
    const last = parsed.segments.at(-1) ?? ''
    if (!file && path.extname(last) === '') file = await resolveFile(root, ['index.html'])
    if (!file) {
      sendText(res, 404, 'Not found')
      return
    }
    await sendFile(req, res, file)
  }

  return { serve }
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const info = await stat(file)
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
  // Vite puts content-hashed bundles under assets/: they never change under the same name.
  const immutable = file.includes(`${path.sep}assets${path.sep}`)
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': info.size,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  await pipeFile(file, res)
}

/** Streams a file; a read error after the headers went out can only end the connection. */
export function pipeFile(file: string, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const stream = createReadStream(file)
    stream.on('error', () => {
      res.destroy()
      resolve()
    })
    res.on('close', () => {
      stream.destroy()
      resolve()
    })
    stream.pipe(res)
  })
}
