/**
 * The image cache's manifest: what happened to every URL (ok with its bytes and type, or the
 * reason it failed), how many tries, when, and when it was last read (for LRU eviction).
 *
 * Why an append-only journal and not lowdb: lowdb rewrites the whole file on every write, and a
 * cache-all run over 100k images changes thousands of entries a minute, so each write would cost
 * the whole manifest (O(n²) bytes over a run). Here every change appends one short JSON line;
 * opening replays the lines (a crash can only cut the last line, which replay skips), and the
 * file is compacted (written to a temp file, then renamed) when dead lines outnumber live ones.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createLogger } from '../log'

const log = createLogger('images')

export const MANIFEST_VERSION = 1

/** 'ok', or why the image is not cached: 'http-404', 'timeout', 'not-image', 'too-large'... */
export type EntryStatus = string

export interface ManifestEntry {
  key: string
  url: string
  status: EntryStatus
  /** Bytes on disk (0 unless ok). */
  bytes: number
  /** Content type found by sniffing (ok only). */
  type?: string
  /** Download attempts in all, across runs. */
  attempts: number
  /** Epoch ms of the last try. */
  lastTry: number
  /** Epoch ms of the last read (or of the download); least recent are evicted first. */
  access: number
  /** More about a failure, for a person (HTTP status text, error code). */
  detail?: string
}

/** One journal line: a whole entry, an access time, a removal, or the pinned keys of an archive. */
type JournalLine =
  | { v: number }
  | {
      k: string
      u: string
      s: string
      b: number
      t?: string
      a: number
      l: number
      x: number
      d?: string
    }
  | { k: string; x: number }
  | { k: string; del: 1 }
  | { pin: string; keys: string[] }

/** Appended lines are written together at most this often. */
const FLUSH_DELAY_MS = 200
/** Compact when the journal holds this many lines more than twice the live entries. */
const COMPACT_SLACK = 5000

export class Manifest {
  readonly entries = new Map<string, ManifestEntry>()
  /** Image keys that must never be evicted, by archive key (images of favourite articles). */
  readonly pins = new Map<string, Set<string>>()
  private pending: string[] = []
  private lines = 0
  private timer: NodeJS.Timeout | null = null
  private writing: Promise<void> = Promise.resolve()
  private closed = false

  private constructor(private readonly file: string) {}

  static async open(file: string): Promise<Manifest> {
    const manifest = new Manifest(file)
    await mkdir(path.dirname(file), { recursive: true })
    let text = ''
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        log.warn(`cannot read ${file}; starting with an empty image manifest`, error)
    }
    let skipped = 0
    for (const line of text.split('\n')) {
      if (line === '') continue
      manifest.lines++
      if (!manifest.replay(line)) skipped++
    }
    if (skipped > 0) log.warn(`${file}: skipped ${skipped} unreadable manifest lines`)
    if (manifest.lines === 0 || manifest.needsCompaction()) await manifest.compact()
    return manifest
  }

  get(key: string): ManifestEntry | undefined {
    return this.entries.get(key)
  }

  put(entry: ManifestEntry): void {
    this.entries.set(entry.key, entry)
    this.append(toLine(entry))
  }

  touch(key: string, at: number): void {
    const entry = this.entries.get(key)
    if (!entry) return
    entry.access = at
    this.append({ k: key, x: at })
  }

  remove(key: string): void {
    if (!this.entries.delete(key)) return
    this.append({ k: key, del: 1 })
  }

  setPins(archive: string, keys: Set<string>): void {
    this.pins.set(archive, keys)
    this.append({ pin: archive, keys: [...keys] })
  }

  isPinned(key: string): boolean {
    for (const keys of this.pins.values()) if (keys.has(key)) return true
    return false
  }

  /** Writes every pending line now; compacts when the journal has grown too long. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.pending.length > 0) {
      const text = this.pending.join('')
      this.pending = []
      this.writing = this.writing
        .then(() => appendFile(this.file, text))
        .catch((error: unknown) => log.error(`cannot write ${this.file}`, error))
    }
    await this.writing
    if (this.needsCompaction()) await this.compact()
  }

  async close(): Promise<void> {
    this.closed = true
    await this.flush()
  }

  private append(line: JournalLine): void {
    this.pending.push(`${JSON.stringify(line)}\n`)
    this.lines++
    if (this.timer || this.closed) return
    this.timer = setTimeout(() => {
      this.timer = null
      void this.flush()
    }, FLUSH_DELAY_MS)
    this.timer.unref()
  }

  private needsCompaction(): boolean {
    return this.lines > (this.entries.size + this.pins.size) * 2 + COMPACT_SLACK
  }

  /** Rewrites the journal as one line per live entry: temp file, then rename (never half a file). */
  private async compact(): Promise<void> {
    const run = async () => {
      const lines: string[] = [`${JSON.stringify({ v: MANIFEST_VERSION })}\n`]
      for (const entry of this.entries.values()) lines.push(`${JSON.stringify(toLine(entry))}\n`)
      for (const [archive, keys] of this.pins)
        lines.push(`${JSON.stringify({ pin: archive, keys: [...keys] })}\n`)
      const temp = `${this.file}.${process.pid}.tmp`
      await writeFile(temp, lines.join(''))
      await rename(temp, this.file)
      this.lines = lines.length
    }
    this.writing = this.writing
      .then(run)
      .catch((error: unknown) => log.error(`cannot compact ${this.file}`, error))
    await this.writing
  }

  /** Applies one journal line; false when it cannot be read. */
  private replay(text: string): boolean {
    let line: unknown
    try {
      line = JSON.parse(text)
    } catch {
      return false
    }
    if (typeof line !== 'object' || line === null) return false
    const r = line as Record<string, unknown>
    if (typeof r.v === 'number') return true
    if (typeof r.pin === 'string' && Array.isArray(r.keys)) {
      this.pins.set(r.pin, new Set(r.keys.filter((k): k is string => typeof k === 'string')))
      return true
    }
    if (typeof r.k !== 'string') return false
    if (r.del === 1) {
      this.entries.delete(r.k)
      return true
    }
    if (typeof r.u === 'string' && typeof r.s === 'string') {
      const entry: ManifestEntry = {
        key: r.k,
        url: r.u,
        status: r.s,
        bytes: num(r.b),
        attempts: num(r.a),
        lastTry: num(r.l),
        access: num(r.x),
      }
      if (typeof r.t === 'string') entry.type = r.t
      if (typeof r.d === 'string') entry.detail = r.d
      this.entries.set(r.k, entry)
      return true
    }
    if (typeof r.x === 'number') {
      const entry = this.entries.get(r.k)
      if (entry) entry.access = r.x
      return true
    }
    return false
  }
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

function toLine(entry: ManifestEntry): JournalLine {
  return {
    k: entry.key,
    u: entry.url,
    s: entry.status,
    b: entry.bytes,
    ...(entry.type ? { t: entry.type } : {}),
    a: entry.attempts,
    l: entry.lastTry,
    x: entry.access,
    ...(entry.detail ? { d: entry.detail } : {}),
  }
}
