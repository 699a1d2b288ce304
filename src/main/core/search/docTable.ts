/**
 * Per-document metadata by internal document number, with interned value tables for the
 * fields that are filtered and counted (category paths, sources, authors, months).
 * Source = the second level of a category path (category › source › channel).
 */
import { normalize } from './normalize'

export interface FacetCount {
  value: string
  count: number
}

/** Distinct values of one field, each with its normalised form and the documents that have it. */
export class ValueTable {
  readonly values: string[] = []
  readonly normalized: string[] = []
  readonly docs: number[][] = []
  private readonly ids = new Map<string, number>()

  intern(value: string): number {
    let id = this.ids.get(value)
    if (id === undefined) {
      id = this.values.length
      this.ids.set(value, id)
      this.values.push(value)
      this.normalized.push(normalize(value))
      this.docs.push([])
    }
    return id
  }

  get size(): number {
    return this.values.length
  }

  /** Drop document numbers that are no longer live (after deletions). */
  prune(isLive: (doc: number) => boolean): void {
    for (let i = 0; i < this.docs.length; i++) {
      this.docs[i] = (this.docs[i] as number[]).filter(isLive)
    }
  }
}

export interface DocRecord {
  id: string
  title: string
  normTitle: string
  /** ms since the epoch, NaN when unknown. */
  date: number
  dateIso: string | null
  author: number
  /** As given, for snapshots. */
  authorName: string | null
  categories: string[][]
  month: number
  paths: number[]
  sources: number[]
  /** Every level of every category path, interned in the category-level table. */
  levels: number[]
}

export const PATH_SEPARATOR = ' › '

export class DocTable {
  readonly records: (DocRecord | undefined)[] = []
  readonly paths = new ValueTable()
  readonly sources = new ValueTable()
  readonly authors = new ValueTable()
  readonly months = new ValueTable()
  readonly levels = new ValueTable()
  private readonly byId = new Map<string, number>()
  liveCount = 0

  docOf(id: string): number | undefined {
    return this.byId.get(id)
  }

  isLive(doc: number): boolean {
    return this.records[doc] !== undefined
  }

  insert(
    doc: number,
    meta: {
      id: string
      title: string
      normTitle: string
      date: string | null
      author: string | null
      categories: string[][]
    },
  ): void {
    const date = meta.date === null ? Number.NaN : Date.parse(meta.date)
    const pathIds = new Set<number>()
    const sourceIds = new Set<number>()
    const levelIds = new Set<number>()
    for (const path of meta.categories) {
      if (path.length === 0) continue
      pathIds.add(this.paths.intern(path.join(PATH_SEPARATOR)))
      if (path[1] !== undefined) sourceIds.add(this.sources.intern(path[1]))
      for (const level of path) levelIds.add(this.levels.intern(level))
    }
    const author = meta.author ? this.authors.intern(meta.author) : -1
    const month = Number.isNaN(date)
      ? -1
      : this.months.intern(new Date(date).toISOString().slice(0, 7))
    const record: DocRecord = {
      id: meta.id,
      title: meta.title,
      normTitle: meta.normTitle,
      date,
      dateIso: meta.date,
      author,
      authorName: meta.author,
      categories: meta.categories,
      month,
      paths: [...pathIds],
      sources: [...sourceIds],
      levels: [...levelIds],
    }
    this.records[doc] = record
    this.byId.set(meta.id, doc)
    this.liveCount++
    for (const p of record.paths) this.paths.docs[p]?.push(doc)
    for (const s of record.sources) this.sources.docs[s]?.push(doc)
    for (const l of record.levels) this.levels.docs[l]?.push(doc)
    if (author >= 0) this.authors.docs[author]?.push(doc)
    if (month >= 0) this.months.docs[month]?.push(doc)
  }

  delete(doc: number): void {
    const record = this.records[doc]
    if (!record) return
    this.records[doc] = undefined
    this.byId.delete(record.id)
    this.liveCount--
  }

  /** Counts of each field's values over a set of documents, most frequent first. */
  facets(
    docs: ArrayLike<number>,
    top = 100,
  ): {
    categories: FacetCount[]
    sources: FacetCount[]
    authors: FacetCount[]
    months: FacetCount[]
  } {
    const pathCounts = new Int32Array(this.paths.size)
    const sourceCounts = new Int32Array(this.sources.size)
    const authorCounts = new Int32Array(this.authors.size)
    const monthCounts = new Int32Array(this.months.size)
    for (let i = 0; i < docs.length; i++) {
      const record = this.records[docs[i] as number]
      if (!record) continue
      for (const p of record.paths) pathCounts[p]!++
      for (const s of record.sources) sourceCounts[s]!++
      if (record.author >= 0) authorCounts[record.author]!++
      if (record.month >= 0) monthCounts[record.month]!++
    }
    const list = (table: ValueTable, counts: Int32Array, byValue = false): FacetCount[] => {
      const out: FacetCount[] = []
      counts.forEach((count, i) => {
        if (count > 0) out.push({ value: table.values[i] as string, count })
      })
      out.sort((a, b) =>
        byValue
          ? b.value.localeCompare(a.value)
          : b.count - a.count || a.value.localeCompare(b.value),
      )
      return out.slice(0, top)
    }
    return {
      categories: list(this.paths, pathCounts),
      sources: list(this.sources, sourceCounts),
      authors: list(this.authors, authorCounts),
      months: list(this.months, monthCounts, true),
    }
  }
}
