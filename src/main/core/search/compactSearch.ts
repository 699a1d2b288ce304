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

/** The worker's copy of the host's numbering of ids. */
export class HostIdNumbers {
  private readonly numbers = new Map<string, number>()
  private count = 0

  /** Adds the host's new numbers; a gap or overlap means the two sides lost step. */
  extend(from: number, ids: readonly string[]): void {
    if (from !== this.count)
      throw new Error(`search: id numbers out of step (host from ${from}, worker ${this.count})`)
    for (const id of ids) this.numbers.set(id, this.count++)
  }

  of(id: string): number {
    return this.numbers.get(id) ?? -1
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
    ? (id: string): boolean => {
        const n = numbers.of(id)
        return n >= 0 && allowed[n] === 1
      }
    : undefined
  const result = index.search(query, accept ? { ...searchOptions, accept } : searchOptions)
  const matchedIds = result.matchedIds
  const matched = new Int32Array(matchedIds.length)
  const unnumbered: string[] = []
  for (let i = 0; i < matchedIds.length; i++) {
    const id = matchedIds[i] as string
    const n = numbers.of(id)
    matched[i] = n
    if (n < 0) unnumbered.push(id)
  }
  return {
    total: result.total,
    hits: result.hits,
    matched,
    unnumbered,
    workerMs: performance.now() - started,
  }
}
