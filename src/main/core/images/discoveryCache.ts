/**
 * The URLs found per article at the last image discovery, with the content hash they were read
 * from, so reopening an archive reads only the articles that changed since (a 10k-article
 * archive costs seconds of parsing otherwise). Only a cache: a file that cannot be read or
 * written is ignored, and the next discovery reads the articles again.
 *
 * One JSON array per line, `[id, hash, url, url, ...]`, after a header line. At 100k articles
 * (~470k URLs, ~50 MB) the earlier single JSON object was parsed in one `JSON.parse` and written
 * from one `JSON.stringify`: ~0.5 s each on the thread that answers the UI, right after opening.
 * Lines are parsed and written in slices with a yield between them; the file is read as bytes
 * and each line decoded on its own, so no step holds the thread for more than a few ms.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { foreground } from '../foreground'

export interface CachedArticle {
  h: string
  u: readonly string[]
}

export const DISCOVERY_CACHE_NAME = 'images.jsonl'
/** Format 1: one JSON object in `images.json`; read once to migrate, then removed. */
const LEGACY_NAME = 'images.json'
const HEADER = '{"discovery":2}'
/** Lines parsed or written between yields (~2–3 ms). */
const LINES_PER_SLICE = 1000

const yieldToEvents = (): Promise<void> => foreground.backgroundTurn()

export interface ReadCache {
  articles: Map<string, CachedArticle>
  /** False when the file should be written again even if nothing changed (format 1, damage). */
  current: boolean
}

export async function readDiscoveryCache(file: string): Promise<ReadCache> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch {
    const legacy = await readLegacy(path.join(path.dirname(file), LEGACY_NAME))
    return { articles: legacy, current: legacy.size === 0 }
  }
  const found = new Map<string, CachedArticle>()
  let start = bytes.indexOf(10)
  if (start < 0 || bytes.toString('utf8', 0, start) !== HEADER)
    return { articles: found, current: false }
  start++
  let damaged = false
  let inSlice = 0
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start)
    if (end < 0) end = bytes.length
    if (!addLine(found, bytes.toString('utf8', start, end))) damaged = true
    start = end + 1
    if (++inSlice === LINES_PER_SLICE) {
      inSlice = 0
      await yieldToEvents()
    }
  }
  return { articles: found, current: !damaged }
}

/** False for a torn or edited line: that article is read again. */
function addLine(found: Map<string, CachedArticle>, line: string): boolean {
  let fields: unknown
  try {
    fields = JSON.parse(line)
  } catch {
    return false
  }
  if (
    !Array.isArray(fields) ||
    !fields.every((field): field is string => typeof field === 'string')
  )
    return false
  const [id, hash, ...urls] = fields
  if (id === undefined || hash === undefined) return false
  found.set(id, { h: hash, u: urls })
  return true
}

export async function writeDiscoveryCache(
  file: string,
  articles: ReadonlyMap<string, CachedArticle>,
): Promise<void> {
  try {
    const chunks: string[] = [HEADER]
    let inSlice = 0
    for (const [id, article] of articles) {
      chunks.push(JSON.stringify([id, article.h, ...article.u]))
      if (++inSlice === LINES_PER_SLICE) {
        inSlice = 0
        await yieldToEvents()
      }
    }
    await mkdir(path.dirname(file), { recursive: true })
    // pid and a random part: two discoveries of one archive (a quick reopen) may both write.
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    await writeFile(temp, chunks.join('\n') + '\n')
    await rename(temp, file)
    await rm(path.join(path.dirname(file), LEGACY_NAME), { force: true })
  } catch {
    // Only a cache: the next discovery reads the articles again.
  }
}

/** The format-1 file, read once after an upgrade so that no article has to be read again. */
async function readLegacy(file: string): Promise<Map<string, CachedArticle>> {
  const found = new Map<string, CachedArticle>()
  try {
    const raw = JSON.parse(await readFile(file, 'utf8')) as unknown
    if (typeof raw !== 'object' || raw === null) return found
    const { version, articles } = raw as { version?: unknown; articles?: unknown }
    if (version !== 1 || typeof articles !== 'object' || articles === null) return found
    for (const [id, value] of Object.entries(articles as Record<string, unknown>)) {
      const entry = value as Partial<CachedArticle>
      if (typeof entry?.h === 'string' && Array.isArray(entry.u))
        found.set(id, { h: entry.h, u: entry.u.filter((u): u is string => typeof u === 'string') })
    }
  } catch {
    // no legacy file, or unreadable: nothing cached
  }
  return found
}
