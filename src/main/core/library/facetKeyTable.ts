/**
 * Every article's facet keys by host number, in flat typed arrays: a search's facets count up
 * to 80k matches at 100k articles, and reading one FacetKeys object (and its own small node
 * array) per match was 9–10 ms of the answering thread's time per such search, most of it
 * cache misses on objects strewn over the heap. Here a match is four array reads and a run of
 * the node pool.
 */
import type { FacetKeys } from './facetColumns'

const NONE = -1

export interface FacetKeyColumns {
  readonly nodeStart: Int32Array
  readonly nodeCount: Int32Array
  readonly pool: Int32Array
  readonly source: Int32Array
  readonly author: Int32Array
  readonly month: Int32Array
}

export class FacetKeyTable {
  /** Where a number's category nodes start in `pool` (NONE: no article at that number). */
  private nodeStart: Int32Array
  private nodeCount: Int32Array
  private source: Int32Array
  private author: Int32Array
  private month: Int32Array
  /** The category nodes of every number, back to back; a changed article's are appended. */
  private pool: Int32Array
  private poolLength = 0
  /** Pool entries no number points at any more (an article replaced in place). */
  private stale = 0

  constructor(size = 0) {
    this.nodeStart = new Int32Array(size).fill(NONE)
    this.nodeCount = new Int32Array(size)
    this.source = new Int32Array(size)
    this.author = new Int32Array(size)
    this.month = new Int32Array(size)
    this.pool = new Int32Array(Math.max(16, size * 4))
  }

  get size(): number {
    return this.nodeStart.length
  }

  /** Whether number `n` has keys (an article of the catalog). */
  has(n: number): boolean {
    return n < this.nodeStart.length && (this.nodeStart[n] as number) !== NONE
  }

  /** Sets (or with undefined, clears) number `n`'s keys. */
  set(n: number, keys: FacetKeys | undefined): void {
    if (n >= this.nodeStart.length) this.growTo(Math.max(n + 1, this.nodeStart.length * 2))
    if ((this.nodeStart[n] as number) !== NONE) this.stale += this.nodeCount[n] as number
    if (!keys) {
      this.nodeStart[n] = NONE
      this.nodeCount[n] = 0
      return
    }
    const nodes = keys.nodes
    if (this.stale > this.poolLength / 2 && this.stale > 4096) this.compact()
    if (this.poolLength + nodes.length > this.pool.length) {
      const pool = new Int32Array(Math.max(this.pool.length * 2, this.poolLength + nodes.length))
      pool.set(this.pool.subarray(0, this.poolLength))
      this.pool = pool
    }
    this.pool.set(nodes, this.poolLength)
    this.nodeStart[n] = this.poolLength
    this.nodeCount[n] = nodes.length
    this.poolLength += nodes.length
    this.source[n] = keys.source
    this.author[n] = keys.author
    this.month[n] = keys.month
  }

  /**
   * The arrays, for a counting loop over many numbers (facetsOfColumns): number n's nodes are
   * pool[nodeStart[n] .. nodeStart[n] + nodeCount[n]). Valid until the next `set`.
   */
  columns(): FacetKeyColumns {
    const { nodeStart, nodeCount, pool, source, author, month } = this
    return { nodeStart, nodeCount, pool, source, author, month }
  }

  private growTo(size: number): void {
    const grow = (array: Int32Array, fill: number): Int32Array => {
      const grown = new Int32Array(size).fill(fill)
      grown.set(array)
      return grown
    }
    this.nodeStart = grow(this.nodeStart, NONE)
    this.nodeCount = grow(this.nodeCount, 0)
    this.source = grow(this.source, 0)
    this.author = grow(this.author, 0)
    this.month = grow(this.month, 0)
  }

  /** Rewrites the pool with only the nodes numbers point at. */
  private compact(): void {
    const pool = new Int32Array(Math.max(16, (this.poolLength - this.stale) * 2))
    let length = 0
    for (let n = 0; n < this.nodeStart.length; n++) {
      const start = this.nodeStart[n] as number
      if (start === NONE) continue
      const count = this.nodeCount[n] as number
      pool.set(this.pool.subarray(start, start + count), length)
      this.nodeStart[n] = length
      length += count
    }
    this.pool = pool
    this.poolLength = length
    this.stale = 0
  }
}
