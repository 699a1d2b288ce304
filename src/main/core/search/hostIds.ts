/**
 * The host's side of compactSearch.ts: the numbering of ids it shares with the worker, and
 * columns by number that make a search's host work proportional to the page, not to the
 * matches. At 100k articles a query matches up to 80k of them and the host needs every match
 * for the total and the facets: looked up one by one (id → summary in the catalog's Map, its
 * facet keys in a WeakMap, its marks by id and hash) that was 40–70 ms per search on the thread
 * that answers the UI. Here each number's summary, facet keys and mark bits sit in arrays,
 * rebuilt only when the catalog or the marks change (both keep a revision counter), so a
 * search reads arrays; the list filter, marks included, is a pass over numbers.
 */
import type { ArticleFilter, Facets } from '../../../shared/contract/api'
import type { ArticleSummary } from '../../../shared/types/article'
import type { FacetColumns } from '../library/facetColumns'
import { FacetKeyTable } from '../library/facetKeyTable'
import type { CompactSearchResult } from './compactSearch'

/** Mark bits by number (see MatchCatalog.markBits). */
export const READ_BIT = 1
export const FAVOURITE_BIT = 2

/** What the columns read of the open archive. */
export interface MatchCatalog {
  /** The catalog's owner (the archive session) and its revision: together, its state. */
  readonly owner: object
  readonly revision: number
  readonly marksRevision: number
  /** How many marks are stored: none (a new archive) spares a look-up per article. */
  readonly markCount: number
  summaries(): Iterable<ArticleSummary>
  get(id: string): ArticleSummary | undefined
  /** Ids added, changed or removed since a catalog revision, or null if unknown. */
  changedSince(revision: number): string[] | null
  /** READ_BIT | FAVOURITE_BIT of a summary, decided as the marks store decides. */
  markBits(summary: ArticleSummary): number
  /** The ids and hashes whose marks changed since a marks revision, or null if unknown. */
  marksChangedSince(revision: number): { ids: Set<string>; hashes: Set<string> } | null
}

/** Changed marks up to this many are applied one by one; more recompute every article's bits. */
const MARK_CHANGES_IN_PLACE = 256
/** Changed articles up to this many are applied one by one; more rebuild the columns. */
const CATALOG_CHANGES_IN_PLACE = 2048

export type MarksWanted = NonNullable<ArticleFilter['marks']>

/** A search's matches as the host needs them. */
export interface CountedMatches {
  /** Matches the catalog holds (a file deleted during a build may linger in the index). */
  total: number
  facets: Facets
}

/** Ids numbered in the order first met (never reused), and what the worker has not been sent. */
export class HostIdTable {
  readonly ids: string[] = []
  private readonly numbers = new Map<string, number>()
  private sent = 0
  // Columns by number, valid for `owner` at `revision` (summaries, keys) and `marksRevision`.
  private owner: object | null = null
  private revision = -1
  private marksRevision = -1
  private summaryAt: (ArticleSummary | undefined)[] = []
  private keys = new FacetKeyTable()
  private markBits = new Uint8Array(0)
  /** Listed numbers by content hash (a mark follows its content), built when first needed. */
  private byHash: Map<string, number[]> | null = null
  /** The numbers of every listed article, in the catalog's order. */
  private listed = new Int32Array(0)
  /** The last filter's catalog part: its key and the listed numbers it passed. */
  private kept: { key: string; numbers: Int32Array } | null = null

  number(id: string): number {
    let n = this.numbers.get(id)
    if (n === undefined) {
      n = this.ids.length
      this.numbers.set(id, n)
      this.ids.push(id)
    }
    return n
  }

  /** The ids numbered since the last call, for the request about to be posted. */
  unsent(): { from: number; ids: string[] } {
    const from = this.sent
    this.sent = this.ids.length
    return { from, ids: this.ids.slice(from) }
  }

  /**
   * Brings the columns up to the catalog's and the marks' current state. Cheap when neither
   * changed (two comparisons); otherwise one pass over the catalog (measured ~0.17 s at 100k
   * on the first search, which also interns every summary's facet keys; less afterwards).
   */
  refresh(catalog: MatchCatalog, facetColumns: FacetColumns): void {
    const changed =
      catalog.owner === this.owner && catalog.revision !== this.revision
        ? catalog.changedSince(this.revision)
        : null
    if (changed && changed.length <= CATALOG_CHANGES_IN_PLACE) {
      this.revision = catalog.revision
      this.updateCatalog(catalog, changed, facetColumns)
    } else if (catalog.owner !== this.owner || catalog.revision !== this.revision) {
      this.owner = catalog.owner
      this.revision = catalog.revision
      this.marksRevision = -1
      this.kept = null
      this.byHash = null
      const summaryAt: (ArticleSummary | undefined)[] = []
      const keys = new FacetKeyTable(this.ids.length)
      const listed: number[] = []
      for (const summary of catalog.summaries()) {
        const n = this.number(summary.id)
        summaryAt[n] = summary
        keys.set(n, facetColumns.keysOf(summary))
        listed.push(n)
      }
      this.summaryAt = summaryAt
      this.keys = keys
      this.listed = Int32Array.from(listed)
    }
    if (catalog.marksRevision !== this.marksRevision) {
      const marks = this.marksRevision < 0 ? null : catalog.marksChangedSince(this.marksRevision)
      if (marks && marks.ids.size + marks.hashes.size <= MARK_CHANGES_IN_PLACE)
        this.updateMarkBits(catalog, marks)
      else {
        const bits = new Uint8Array(this.ids.length)
        if (catalog.markCount > 0)
          for (const n of this.listed)
            bits[n] = catalog.markBits(this.summaryAt[n] as ArticleSummary)
        this.markBits = bits
      }
      this.marksRevision = catalog.marksRevision
    }
  }

  /**
   * A few articles changed (a watcher batch): their columns are updated in place. At 100k
   * articles the rebuild took 40–170 ms on the next search after every change of a live archive.
   */
  private updateCatalog(
    catalog: MatchCatalog,
    changed: readonly string[],
    facetColumns: FacetColumns,
  ): void {
    this.kept = null
    const touched: number[] = []
    for (const id of changed) {
      const n = this.number(id)
      const before = this.summaryAt[n]
      const now = catalog.get(id)
      if (before && this.byHash) {
        const same = this.byHash.get(before.hash)
        const at = same?.indexOf(n) ?? -1
        if (same && at >= 0) same.splice(at, 1)
      }
      this.summaryAt[n] = now
      this.keys.set(n, now ? facetColumns.keysOf(now) : undefined)
      if (now && this.byHash) {
        const same = this.byHash.get(now.hash)
        if (same) same.push(n)
        else this.byHash.set(now.hash, [n])
      }
      touched.push(n)
    }
    const listed: number[] = []
    for (let n = 0; n < this.summaryAt.length; n++)
      if (this.summaryAt[n] !== undefined) listed.push(n)
    this.listed = Int32Array.from(listed)
    // A changed article's marks may change with it (a mark follows its content's hash).
    this.growMarkBits()
    for (const n of touched) {
      const summary = this.summaryAt[n]
      this.markBits[n] = summary && catalog.markCount > 0 ? catalog.markBits(summary) : 0
    }
  }

  private growMarkBits(): void {
    if (this.markBits.length >= this.ids.length) return
    const grown = new Uint8Array(this.ids.length)
    grown.set(this.markBits)
    this.markBits = grown
  }

  /**
   * A few marks changed (the reader marked an article): only the articles they can decide are
   * asked again — the one with a changed mark's id, and those with its hash, which find a mark
   * through it when they have none of their own. At 100k articles the full pass took ~40 ms on
   * the next search after every mark.
   */
  private updateMarkBits(
    catalog: MatchCatalog,
    changed: { ids: Set<string>; hashes: Set<string> },
  ): void {
    this.growMarkBits()
    const again = new Set<number>()
    for (const id of changed.ids) {
      const n = this.numbers.get(id)
      if (n !== undefined && this.summaryAt[n] !== undefined) again.add(n)
    }
    if (changed.hashes.size > 0) {
      const byHash = this.hashIndex()
      for (const hash of changed.hashes) for (const n of byHash.get(hash) ?? []) again.add(n)
    }
    for (const n of again) this.markBits[n] = catalog.markBits(this.summaryAt[n] as ArticleSummary)
  }

  private hashIndex(): Map<string, number[]> {
    if (this.byHash) return this.byHash
    const byHash = new Map<string, number[]>()
    for (const n of this.listed) {
      const hash = (this.summaryAt[n] as ArticleSummary).hash
      const numbers = byHash.get(hash)
      if (numbers) numbers.push(n)
      else byHash.set(hash, [n])
    }
    return (this.byHash = byHash)
  }

  /** The summary numbered `n` in the catalog as of the last refresh. */
  summaryOf(n: number): ArticleSummary | undefined {
    return this.summaryAt[n]
  }

  /**
   * allowed[n] === 1 for the number of every listed article that passes `byCatalog` (a test of
   * the summary alone, null: all pass; `key` names it) and has the marks wanted. What passes
   * `byCatalog` is kept until the catalog or the key changes: a filter applied to search after
   * search costs one pass over the numbers it passed. Call refresh first.
   */
  allowed(
    key: string,
    byCatalog: ((summary: ArticleSummary) => boolean) | null,
    marks: MarksWanted | null,
  ): Uint8Array {
    let kept = this.kept
    if (!kept || kept.key !== key) {
      let numbers = this.listed
      if (byCatalog !== null)
        numbers = this.listed.filter((n) => byCatalog(this.summaryAt[n] as ArticleSummary))
      this.kept = kept = { key, numbers }
    }
    const allowed = new Uint8Array(this.ids.length)
    const bits = this.markBits
    for (const n of kept.numbers)
      if (marks === null || hasMarks(bits[n] as number, marks)) allowed[n] = 1
    return allowed
  }

  /**
   * The total and facets of a search's matches, from the columns. Ids the host had not
   * numbered (−1, listed in `unnumbered`) are numbered now; they are not in the catalog as of
   * the last refresh (none is, or it arrived since), so they are not counted.
   */
  count(
    result: Pick<CompactSearchResult, 'matched' | 'unnumbered'>,
    facetColumns: FacetColumns,
  ): CountedMatches {
    for (const id of result.unnumbered) this.number(id)
    const present = new Int32Array(result.matched.length)
    let total = 0
    for (const n of result.matched)
      if (n >= 0 && this.summaryAt[n] !== undefined) present[total++] = n
    const counted = present.subarray(0, total)
    return { total, facets: facetColumns.facetsOfColumns(counted, this.keys, this.markBits) }
  }
}

function hasMarks(bits: number, wanted: MarksWanted): boolean {
  if (wanted === 'read') return (bits & READ_BIT) !== 0
  if (wanted === 'unread') return (bits & READ_BIT) === 0
  return (bits & FAVOURITE_BIT) !== 0
}
