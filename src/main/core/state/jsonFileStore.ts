import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Low, type Adapter } from 'lowdb'
import { createLogger } from '../log'

const log = createLogger('state')

/**
 * One JSON file held in memory, written back coalesced and atomically.
 *
 * - lowdb 7 with our own adapter (`AtomicJsonFile`) and compact `JSON.stringify` (not JSONFile,
 *   which pretty-prints, and not JSONFilePreset, which silently keeps everything in memory
 *   under NODE_ENV=test). Each write goes to a temp file of its own, then is renamed over the
 *   file, so a crash never leaves half a file. lowdb's own DataFile (steno) used one temp name,
 *   `.<name>.tmp`, in every process: two processes on one data folder (the app and a CLI run)
 *   renamed each other's temp file away, and one write failed with ENOENT and was lost.
 *   With a name per write, concurrent writers each rename a whole file: the last one wins.
 * - `changed()` schedules one write `debounceMs` after the first change; everything changed
 *   in the meantime goes out in that write (bounded latency, no starvation under constant edits).
 * - A file that is not JSON, or whose shape `revive` rejects, is moved aside to
 *   `<name>.corrupt-<timestamp>` with a warning and the store starts from defaults: the app
 *   must start even if its state file was truncated by a crash or edited by hand.
 */
export interface JsonFileStoreOptions<T> {
  file: string
  defaults: () => T
  /** Turns parsed JSON into T, or returns null when the shape is wrong. */
  revive: (raw: unknown) => T | null
  /** Turns T into the JSON value written to disk. */
  serialise: (data: T) => unknown
  debounceMs: number
  /**
   * Never write the file (another process owns it: state/archiveLock.ts): changes are kept in
   * memory only, and a corrupt file is left where it is.
   */
  readOnly?: boolean
}

export class JsonFileStore<T> {
  data: T
  readonly file: string
  readonly #db: Low<unknown>
  readonly #options: JsonFileStoreOptions<T>
  #timer: NodeJS.Timeout | null = null
  #dirty = false
  #inFlight: Promise<void> = Promise.resolve()
  #closed = false
  #writes = 0

  private constructor(options: JsonFileStoreOptions<T>, db: Low<unknown>, data: T) {
    this.#options = options
    this.file = options.file
    this.#db = db
    this.data = data
  }

  static async open<T>(options: JsonFileStoreOptions<T>): Promise<JsonFileStore<T>> {
    if (!options.readOnly) await mkdir(path.dirname(options.file), { recursive: true })
    let fileExisted = false
    const adapter = new AtomicJsonFile(options.file, (text) => {
      fileExisted = true
      return JSON.parse(text) as unknown
    })
    const unread = Symbol('unread')
    const db = new Low<unknown>(adapter, unread)
    let data: T | null = null
    try {
      await db.read()
      if (db.data !== unread) data = options.revive(db.data)
      // JSON `null`, `false`, `0` or `""` leave lowdb's default in place; the file existed, so it is corrupt.
      if (data === null && fileExisted && !options.readOnly)
        await moveAside(options.file, 'it does not have the expected shape')
    } catch (error) {
      if (error instanceof SyntaxError) {
        if (!options.readOnly)
          await moveAside(options.file, `it is not valid JSON (${error.message})`)
      } else {
        // Unreadable (EACCES, EISDIR...): not corrupt, so leave it where it is; writes will report too.
        log.warn(`cannot read ${options.file}; starting with defaults`, error)
      }
    }
    return new JsonFileStore(options, db, data ?? options.defaults())
  }

  /** How many writes were started (diagnostics and tests: shows that changes were coalesced). */
  get writeCount(): number {
    return this.#writes
  }

  /** The data changed: write it within `debounceMs`. */
  changed(): void {
    if (this.#options.readOnly) return
    this.#dirty = true
    if (this.#closed) {
      void this.flush()
      return
    }
    if (this.#timer) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      void this.flush()
    }, this.#options.debounceMs)
  }

  /** Writes now if anything changed, and waits for every write started so far. Never rejects. */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer)
      this.#timer = null
    }
    if (this.#dirty) {
      this.#dirty = false
      this.#writes++
      this.#db.data = this.#options.serialise(this.data)
      const write = this.#db.write().catch((error: unknown) => {
        this.#dirty = true // try again with the next change or flush
        log.error(`cannot write ${this.file}`, error)
      })
      this.#inFlight = Promise.all([this.#inFlight, write]).then(() => undefined)
    }
    await this.#inFlight
  }

  async close(): Promise<void> {
    this.#closed = true
    await this.flush()
  }
}

/**
 * lowdb's adapter for one JSON file: read whole; written to `.<name>.<pid>.<random>.tmp` in
 * the same folder, then renamed over the file (atomic on one volume). Writes of this process
 * are chained, so an older write never lands after a newer one.
 */
class AtomicJsonFile implements Adapter<unknown> {
  #queue: Promise<void> = Promise.resolve()
  constructor(
    private readonly file: string,
    private readonly parse: (text: string) => unknown,
  ) {}

  async read(): Promise<unknown> {
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
    return this.parse(text)
  }

  write(data: unknown): Promise<void> {
    const text = JSON.stringify(data)
    const write = this.#queue.then(() => writeAtomically(this.file, text))
    this.#queue = write.catch(() => undefined)
    return write
  }
}

/** Temp file of this write only (pid + random), then rename; the temp file goes on failure. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  )
  try {
    await writeFile(temp, text)
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined)
    throw error
  }
}

async function moveAside(file: string, why: string): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const aside = `${file}.corrupt-${stamp}`
  try {
    await rename(file, aside)
    log.warn(
      `${file} was unreadable because ${why}; moved it to ${aside} and started with defaults`,
    )
  } catch (error) {
    log.error(
      `${file} is corrupt (${why}) and could not be moved aside; starting with defaults`,
      error,
    )
  }
}
