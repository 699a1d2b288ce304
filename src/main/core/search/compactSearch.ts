/**
 * A search whose ids cross the thread as numbers. At 100k articles a query matches up to
 * 80k of them, and the host needs every match (for the total and the facets): posted as
 * strings they cost ~20-40 ms of structured clone on each side, and a list filter sent as
 * the 100k ids it allows costs as much again plus a Set built here. Instead the host numbers
 * ids (HostIdNumbers, in the order it first meets them; never reused) and sends the worker
 * the ids it numbered since the last request; matches come back as an Int32Array of those
 * numbers, and a filter goes as a byte per number. Ids the host has not numbered yet (an
 * unfiltered search's first matches) come back as strings once, and are numbered then.
 */
import type { SearchHit, SearchIndex, SearchOptions } from './searchIndex'

export interface CompactSearchOptions extends Omit<SearchOptions, 'accept'> {
  /** The ids the host numbered since the last request: numbers `from`, `from + 1`, … */
  from: number
  ids: string[]
  /** A filter: allowed[n] === 1 when the id numbered n may match (beyond its end: not). */
  allowed?: Uint8Array
}

export interface CompactSearchResult {
  total: number
  hits: SearchHit[]
  /** Every match by number, in the index's result order (its top first); −1: see unnumbered. */
  matched: Int32Array
  /** The ids of the −1 entries of `matched`, in the same order. */
  unnumbered: string[]
  workerMs: number
}

/**
 * The worker's copy of the host's numbering of ids, and a cache of it by the index's document
 * number: a 50k-match query would otherwise hash 50k id strings (~10 ms at 100k; the strings
 * are not the ones the map holds, so V8 cannot reuse their hashes). Document numbers are never
 * reused within an index (an update is a new number), so a found number stays true; the cache
 * is dropped when the worker swaps in another index (a rebuild numbers documents from 0 again).
 */
export class HostIdNumbers {
  private readonly numbers = new Map<string, number>()
  private count = 0
  private cachedFor: SearchIndex | null = null
  /** Host number + 1 by document number; 0: not looked up yet, or not numbered by the host. */
  private byDoc = new Int32Array(0)

  /** Adds the host's new numbers; a gap or overlap means the two sides lost step. */
  extend(from: number, ids: readonly string[]): void {
    if (from !== this.count)
      throw new Error(`search: id numbers out of step (host from ${from}, worker ${this.count})`)
    for (const id of ids) this.numbers.set(id, this.count++)
  }

  of(id: string): number {
    return this.numbers.get(id) ?? -1
  }

  /**
   * Looks every document of `index` up now, so that searches find their numbers cached: the
   * first search to meet 20k documents otherwise spent ~40 ms (at 100k) cutting their ids from
   * the document table's columns and hashing them. Called when the host numbers its ids.
   */
  cacheAll(index: SearchIndex): void {
    for (let doc = 0; doc < index.docCapacity; doc++) this.ofDoc(index, doc)
  }

  /** The host's number of a document of `index`, −1 when the host has not numbered its id. */
  ofDoc(index: SearchIndex, doc: number): number {
    if (this.cachedFor !== index) {
      this.cachedFor = index
      this.byDoc = new Int32Array(0)
    }
    if (doc >= this.byDoc.length) {
      const grown = new Int32Array(Math.max(doc + 1, this.byDoc.length * 2, 1024))
      grown.set(this.byDoc)
      this.byDoc = grown
    }
    const cached = this.byDoc[doc] as number
    if (cached > 0) return cached - 1
    const id = index.idOfDoc(doc)
    const n = id === undefined ? -1 : this.of(id)
    // Not numbered yet: looked up again next time (the host numbers ids as it meets them).
    if (n >= 0) this.byDoc[doc] = n + 1
    return n
  }
}

export function compactSearch(
  index: SearchIndex,
  numbers: HostIdNumbers,
  query: string,
  options: CompactSearchOptions,
): CompactSearchResult {
  const started = performance.now()
  const { from, ids, allowed, ...searchOptions } = options
  numbers.extend(from, ids)
  const accept = allowed
    ? (_id: string, doc: number): boolean => {
        const n = numbers.ofDoc(index, doc)
        return n >= 0 && allowed[n] === 1
      }
    : undefined
  const result = index.search(query, accept ? { ...searchOptions, accept } : searchOptions)
  const docs = result.matchedDocs
  const matched = new Int32Array(docs.length)
  const unnumbered: string[] = []
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as number
    const n = numbers.ofDoc(index, doc)
    matched[i] = n
    if (n < 0) unnumbered.push(index.idOfDoc(doc) as string)
  }
  return {
    total: result.total,
    hits: result.hits,
    matched,
    unnumbered,
    workerMs: performance.now() - started,
  }
}
