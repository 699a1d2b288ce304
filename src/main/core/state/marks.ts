import { ApiError } from '../../../shared/errors'
import { RevisionLog } from '../revisionLog'

export interface ArticleMark {
  read: boolean
  favourite: boolean
  /** ISO time of the last change; '' for an article never marked. */
  updatedAt: string
}

export type ArticleMarkPatch = Partial<Pick<ArticleMark, 'read' | 'favourite'>>

export interface ArchiveMarks {
  /** By id (path) first, so an edited file keeps its marks; else by content hash, so a renamed file keeps them. */
  get(id: string, hash: string): ArticleMark
  /** Stores the mark under `id` with the article's current hash. A mark found through the hash moves to `id`. */
  set(id: string, hash: string, patch: ArticleMarkPatch): ArticleMark
  /** After the watcher reports a rename (old id → new id, same hash), move the mark. */
  rename(oldId: string, newId: string): void
  /** After a re-parse gave `id` a new content hash: keep the stored hash current (favourite filters use it). */
  updateHash(id: string, hash: string): void
  /** Forget the mark of a file that is gone for good. */
  remove(id: string): void
  all(): Array<{ id: string; hash: string } & ArticleMark>
  favouriteHashes(): Set<string>
  /** How many marks are stored. */
  readonly size: number
  /** Changes whenever any mark changes (never goes back): lets callers cache what marks decide. */
  readonly revision: number
  /**
   * The ids and hashes of the marks stored or removed since `revision` (what can decide
   * differently now: an article's own id, or the hash through which a renamed file finds its
   * mark), or null when that is no longer known (too long ago: recompute everything).
   */
  changedSince(revision: number): { ids: Set<string>; hashes: Set<string> } | null
}

/** Mark changes remembered for changedSince: a reader's session marks far fewer between searches. */
const CHANGE_LOG_LIMIT = 1024

interface StoredMark {
  hash: string
  read: boolean
  favourite: boolean
  updatedAt: string
}

/** On disk: compact rows, one per marked article. */
interface MarkRow {
  i: string
  h: string
  r: 0 | 1
  f: 0 | 1
  u: string
}

export interface MarksFile {
  version: number
  root: string
  marks: MarkRow[]
}

export const MARKS_FILE_VERSION = 1

const UNMARKED: Readonly<ArticleMark> = Object.freeze({
  read: false,
  favourite: false,
  updatedAt: '',
})

/** The in-memory marks of one archive. Persistence is the caller's (`onChange` schedules a write). */
export class MarksTable implements ArchiveMarks {
  readonly #byId = new Map<string, StoredMark>()
  readonly #idsByHash = new Map<string, Set<string>>()
  #revision = 0
  /** The [id, hash] of each mark stored or removed, by revision. */
  readonly #log = new RevisionLog<readonly [string, string]>(CHANGE_LOG_LIMIT)

  constructor(
    private readonly onChange: () => void,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  get size(): number {
    return this.#byId.size
  }

  get revision(): number {
    return this.#revision
  }

  changedSince(revision: number): { ids: Set<string>; hashes: Set<string> } | null {
    const changes = this.#log.since(revision)
    if (!changes) return null
    return {
      ids: new Set(changes.map(([id]) => id)),
      hashes: new Set(changes.map(([, hash]) => hash)),
    }
  }

  get(id: string, hash: string): ArticleMark {
    const found = this.#lookup(id, hash)
    return found ? view(found.mark) : { ...UNMARKED }
  }

  set(id: string, hash: string, patch: ArticleMarkPatch): ArticleMark {
    checkId(id)
    checkHash(hash)
    if (typeof patch !== 'object' || patch === null)
      throw invalid('the mark patch must be an object')
    for (const [key, value] of Object.entries(patch)) {
      if (key !== 'read' && key !== 'favourite') throw invalid(`unknown mark field "${key}"`)
      if (typeof value !== 'boolean') throw invalid(`mark field "${key}" must be true or false`)
    }
    const found = this.#lookup(id, hash)
    // Found through the hash under another id: that file was renamed to `id`, so the mark moves.
    if (found && found.id !== id) this.#delete(found.id)
    const base = found?.mark ?? UNMARKED
    const mark: StoredMark = {
      hash,
      read: patch.read ?? base.read,
      favourite: patch.favourite ?? base.favourite,
      updatedAt: this.now(),
    }
    this.#put(id, mark)
    this.onChange()
    return view(mark)
  }

  rename(oldId: string, newId: string): void {
    const mark = this.#byId.get(oldId)
    if (!mark || oldId === newId) return
    this.#delete(oldId)
    this.#put(newId, mark)
    this.onChange()
  }

  updateHash(id: string, hash: string): void {
    const mark = this.#byId.get(id)
    if (!mark || mark.hash === hash) return
    this.#put(id, { ...mark, hash })
    this.onChange()
  }

  remove(id: string): void {
    if (this.#delete(id)) this.onChange()
  }

  all(): Array<{ id: string; hash: string } & ArticleMark> {
    return [...this.#byId].map(([id, mark]) => ({ id, hash: mark.hash, ...view(mark) }))
  }

  favouriteHashes(): Set<string> {
    const hashes = new Set<string>()
    for (const mark of this.#byId.values()) if (mark.favourite) hashes.add(mark.hash)
    return hashes
  }

  toFile(root: string): MarksFile {
    const marks: MarkRow[] = []
    for (const [id, m] of this.#byId)
      marks.push({ i: id, h: m.hash, r: m.read ? 1 : 0, f: m.favourite ? 1 : 0, u: m.updatedAt })
    return { version: MARKS_FILE_VERSION, root, marks }
  }

  /** Loads rows from disk; malformed rows are skipped (returns how many). */
  load(rows: readonly unknown[]): number {
    let skipped = 0
    for (const row of rows) {
      if (!isMarkRow(row)) {
        skipped++
        continue
      }
      this.#put(row.i, { hash: row.h, read: row.r === 1, favourite: row.f === 1, updatedAt: row.u })
    }
    return skipped
  }

  #logChange(id: string, hash: string): void {
    this.#log.add(this.#revision, [[id, hash]])
  }

  #lookup(id: string, hash: string): { id: string; mark: StoredMark } | null {
    const own = this.#byId.get(id)
    if (own) return { id, mark: own }
    // Several old ids may share the hash (duplicated content): take the most recently marked.
    let best: { id: string; mark: StoredMark } | null = null
    for (const candidate of this.#idsByHash.get(hash) ?? []) {
      const mark = this.#byId.get(candidate)
      if (mark && (!best || mark.updatedAt > best.mark.updatedAt)) best = { id: candidate, mark }
    }
    return best
  }

  #put(id: string, mark: StoredMark): void {
    this.#revision++
    this.#delete(id)
    this.#logChange(id, mark.hash)
    this.#byId.set(id, mark)
    let ids = this.#idsByHash.get(mark.hash)
    if (!ids) this.#idsByHash.set(mark.hash, (ids = new Set()))
    ids.add(id)
  }

  #delete(id: string): boolean {
    const mark = this.#byId.get(id)
    if (!mark) return false
    this.#revision++
    this.#logChange(id, mark.hash)
    this.#byId.delete(id)
    const ids = this.#idsByHash.get(mark.hash)
    ids?.delete(id)
    if (ids?.size === 0) this.#idsByHash.delete(mark.hash)
    return true
  }
}

function view(mark: StoredMark): ArticleMark {
  return { read: mark.read, favourite: mark.favourite, updatedAt: mark.updatedAt }
}

function invalid(message: string): ApiError {
  return new ApiError('INVALID_ARGUMENT', `state: ${message}`)
}

function checkId(id: unknown): void {
  if (typeof id !== 'string' || id === '') throw invalid('an article id must be a non-empty string')
}

function checkHash(hash: unknown): void {
  if (typeof hash !== 'string' || hash === '')
    throw invalid('an article hash must be a non-empty string')
}

function isMarkRow(row: unknown): row is MarkRow {
  if (typeof row !== 'object' || row === null) return false
  const r = row as Record<string, unknown>
  return (
    typeof r.i === 'string' &&
    r.i !== '' &&
    typeof r.h === 'string' &&
    (r.r === 0 || r.r === 1) &&
    (r.f === 0 || r.f === 1) &&
    typeof r.u === 'string'
  )
}
