/**
 * The file catalog (fileCatalog.ts) in a snapshot, as columns: per row the document whose id
 * is the row's id (−1 when none: then the id is in `catalog.id`), sizes and mtimes as f64,
 * hashes as a string column. At 100k files the JSON form was ~20 MB of the snapshot's 58 MB and
 * 100k arrays to parse. It comes back as columns, and fileCatalog's parseCatalog turns them
 * into a Map that fills itself on first use (only a sync, an add or a save needs it; opening
 * the index and answering searches do not). Any other value given as a catalog (tests pass
 * their own) is stored as JSON, as before.
 */
import { LazyMap } from './lazyMap'
import {
  SnapshotError,
  type SnapshotReader,
  type SnapshotSections,
  type StringColumn,
} from './snapshotCodec'

/** [size, mtimeMs, sha1 of the bytes] of one article file. */
export type FileMeta = [number, number, string]
/** One catalog row as it crosses threads and sits in the snapshot: [id, size, mtimeMs, hash]. */
export type FileEntry = [string, number, number, string]

/** A catalog as the worker saves it (see fileCatalog.ts serializeCatalog). */
export interface SavedCatalog {
  version: number
  key: string
  files: FileEntry[]
}

/** A restored catalog: the saved fields, with its files as columns. */
export class CatalogColumns {
  constructor(
    readonly version: number,
    readonly key: string,
    /** Per row: the document with the row's id, or −1 (then `ids` has it). */
    private readonly docOfRow: Int32Array,
    private readonly docIds: StringColumn,
    private readonly ids: StringColumn,
    private readonly sizes: Float64Array,
    private readonly mtimes: Float64Array,
    private readonly hashes: StringColumn,
  ) {}

  get length(): number {
    return this.docOfRow.length
  }

  /** The rows as a Map that fills itself from the columns when first used. */
  toMap(): Map<string, FileMeta> {
    return new LazyFileMap(this)
  }

  /** The rows as saved (built on demand; parseCatalog reads the columns instead). */
  get files(): FileEntry[] {
    return Array.from({ length: this.length }, (_, i): FileEntry => this.row(i))
  }

  row(i: number): FileEntry {
    const doc = this.docOfRow[i] as number
    return [
      (doc >= 0 ? this.docIds.get(doc) : this.ids.get(i)) ?? '',
      this.sizes[i] as number,
      this.mtimes[i] as number,
      this.hashes.get(i) ?? '',
    ]
  }
}

/** A Map of the catalog's rows, filled from the columns by the first method called on it. */
class LazyFileMap extends LazyMap<string, FileMeta> {
  constructor(private columns: CatalogColumns | null) {
    super()
  }

  protected loadAll(): void {
    const columns = this.columns
    if (columns === null) return
    this.columns = null
    for (let i = 0; i < columns.length; i++) {
      const [id, size, mtimeMs, hash] = columns.row(i)
      this.putLoaded(id, [size, mtimeMs, hash])
    }
  }

  protected forgetAll(): void {
    this.columns = null
  }
}

type CatalogMeta =
  { kind: 'columns'; version: number; key: string } | { kind: 'json'; value: unknown }

function isSavedCatalog(value: unknown): value is SavedCatalog {
  if (value === null || typeof value !== 'object') return false
  const catalog = value as Partial<SavedCatalog>
  return (
    Object.keys(value).length === 3 &&
    typeof catalog.version === 'number' &&
    typeof catalog.key === 'string' &&
    Array.isArray(catalog.files) &&
    catalog.files.every(
      (entry) =>
        Array.isArray(entry) &&
        entry.length === 4 &&
        typeof entry[0] === 'string' &&
        typeof entry[1] === 'number' &&
        typeof entry[2] === 'number' &&
        typeof entry[3] === 'string',
    )
  )
}

/**
 * Adds a catalog to a snapshot; returns its part of the JSON. `docOf` finds the live document
 * with an id (whose id column then also serves the catalog's row).
 */
export function saveCatalog(
  catalog: unknown,
  sections: SnapshotSections,
  docOf: (id: string) => number | undefined,
): CatalogMeta {
  if (catalog instanceof CatalogColumns)
    catalog = { version: catalog.version, key: catalog.key, files: catalog.files }
  if (!isSavedCatalog(catalog)) return { kind: 'json', value: catalog ?? null }
  const { files } = catalog
  const docOfRow = Int32Array.from(files, (entry) => docOf(entry[0]) ?? -1)
  sections.add('catalog.doc', docOfRow)
  sections.addStrings(
    'catalog.id',
    files.map((entry, i) => (docOfRow[i] === -1 ? entry[0] : null)),
  )
  sections.add(
    'catalog.size',
    Float64Array.from(files, (entry) => entry[1]),
  )
  sections.add(
    'catalog.mtime',
    Float64Array.from(files, (entry) => entry[2]),
  )
  sections.addStrings(
    'catalog.hash',
    files.map((entry) => entry[3]),
  )
  return { kind: 'columns', version: catalog.version, key: catalog.key }
}

/** The catalog `saveCatalog` wrote; `docs.id` is the document table's id column. */
export function restoreCatalog(meta: unknown, reader: SnapshotReader): unknown {
  const saved = meta as Partial<CatalogMeta> | null
  if (saved?.kind === 'json') return saved.value
  if (
    saved?.kind !== 'columns' ||
    typeof saved.version !== 'number' ||
    typeof saved.key !== 'string'
  )
    throw new SnapshotError('the file catalog is malformed')
  const docOfRow = reader.int32('catalog.doc')
  const docIds = reader.strings('docs.id')
  const ids = reader.strings('catalog.id')
  const sizes = reader.float64('catalog.size')
  const mtimes = reader.float64('catalog.mtime')
  const hashes = reader.strings('catalog.hash')
  const n = docOfRow.length
  if (ids.length !== n || sizes.length !== n || mtimes.length !== n || hashes.length !== n)
    throw new SnapshotError('the file catalog columns differ in length')
  for (let i = 0; i < n; i++) {
    const doc = docOfRow[i] as number
    const idLength = doc >= 0 ? docIds.lengthOf(doc) : ids.lengthOf(i)
    if (doc >= docIds.length || !(idLength >= 0) || hashes.lengthOf(i) < 0)
      throw new SnapshotError('the file catalog refers to a missing document or id')
  }
  return new CatalogColumns(saved.version, saved.key, docOfRow, docIds, ids, sizes, mtimes, hashes)
}
