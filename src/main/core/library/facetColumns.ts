/**
 * Facet counting and list filtering for a search's matches, fast enough to run over 80k of
 * them on the thread that answers the UI. computeFacets (query.ts) builds a Set per article,
 * walks each category path through Maps and hashes source, author and month strings again for
 * every match: ~0.5 s at 100k. Here each summary's facet keys are interned once into small
 * integers (category-tree node ids, source, author and month ids) and cached per summary
 * object, so counting a match is a few array increments. A changed article is a new summary
 * object (the catalog replaces it), so the cache never needs invalidating: a new object simply
 * misses it. The result is exactly computeFacets' (the tests compare them), including the
 * order of equal counts, which follows the order values are first met.
 */
import type { ArticleFilter, CategoryNode, FacetCount, Facets } from '../../../shared/contract/api'
import type { ArticleSummary } from '../../../shared/types/article'
import { sourceOfCategories } from '../../../shared/articleSource'
import type { FacetKeyTable } from './facetKeyTable'
import type { MarkLookup } from './query'

/** One summary's facet values as interned ids (negative: none, see Interner). */
export interface FacetKeys {
  /** Every category-tree node the article counts in (each prefix of each path), first-met order. */
  nodes: Int32Array
  source: number
  author: number
  month: number
}

/**
 * Distinct strings ↔ dense ids. Null is −1 and the empty string −2: neither is counted (as in
 * computeFacets), but a filter tells them apart (as matchesFilter does).
 */
class Interner {
  readonly values: string[] = []
  private readonly ids = new Map<string, number>()

  intern(value: string | null): number {
    if (value === null) return -1
    if (value === '') return -2
    let id = this.ids.get(value)
    if (id === undefined) {
      id = this.values.length
      this.ids.set(value, id)
      this.values.push(value)
    }
    return id
  }
}

const collator = new Intl.Collator(['zh-Hans-CN', 'en'], { numeric: true, sensitivity: 'base' })
const EMPTY = new Int32Array(0)

export class FacetColumns {
  private readonly keys = new WeakMap<ArticleSummary, FacetKeys>()
  private readonly sources = new Interner()
  private readonly authors = new Interner()
  private readonly months = new Interner()
  /** Category-tree nodes: name and parent (−1: a top level) by node id. */
  private readonly nodeName: string[] = []
  private readonly nodeParent: number[] = []
  /** Node id by `${parent}\u0000${name}`. */
  private readonly nodeIds = new Map<string, number>()

  private node(parent: number, name: string): number {
    const key = `${parent}\u0000${name}`
    let id = this.nodeIds.get(key)
    if (id === undefined) {
      id = this.nodeName.length
      this.nodeIds.set(key, id)
      this.nodeName.push(name)
      this.nodeParent.push(parent)
    }
    return id
  }

  /** The node of a category path, or −1 when no article has had it. */
  private findNode(path: readonly string[]): number {
    let node = -1
    for (const name of path) {
      node = this.nodeIds.get(`${node}\u0000${name}`) ?? -2
      if (node === -2) return -1
    }
    return node
  }

  keysOf(summary: ArticleSummary): FacetKeys {
    let keys = this.keys.get(summary)
    if (keys) return keys
    let nodes = EMPTY
    if (summary.categories.length > 0) {
      const touched: number[] = []
      for (const path of summary.categories) {
        let node = -1
        for (const name of path) {
          node = this.node(node, name)
          if (!touched.includes(node)) touched.push(node)
        }
      }
      nodes = Int32Array.from(touched)
    }
    keys = {
      nodes,
      source: this.sources.intern(sourceOfCategories(summary.categories)),
      author: this.authors.intern(summary.author),
      month: this.months.intern(summary.month),
    }
    this.keys.set(summary, keys)
    return keys
  }

  /** A predicate equal to matchesFilter(·, filter, marks), with the filter's values looked up once. */
  matcher(filter: ArticleFilter, marks: MarkLookup): (summary: ArticleSummary) => boolean {
    const prefix =
      filter.categoryPath && filter.categoryPath.length > 0 ? filter.categoryPath : null
    // Interning first: a filter value no article has yet still gets an id (that nothing matches).
    const source = filter.source === undefined ? null : this.sources.intern(filter.source)
    const author = filter.author === undefined ? null : this.authors.intern(filter.author)
    const { monthFrom, monthTo, tag } = filter
    const byMonth = monthFrom !== undefined || monthTo !== undefined
    const markWanted = filter.marks
    // Looked up again until found: a summary interned meanwhile may be the first to have it.
    let prefixNode = -1
    return (summary) => {
      const keys = this.keysOf(summary)
      if (prefix) {
        // Every prefix of every path is one of the article's nodes.
        if (prefixNode < 0) prefixNode = this.findNode(prefix)
        if (prefixNode < 0 || !keys.nodes.includes(prefixNode)) return false
      }
      if (source !== null && keys.source !== source) return false
      if (author !== null && keys.author !== author) return false
      if (tag !== undefined && !summary.tags.includes(tag)) return false
      if (byMonth) {
        if (keys.month < 0) return false
        const month = this.months.values[keys.month] as string
        if (monthFrom !== undefined && month < monthFrom) return false
        if (monthTo !== undefined && month > monthTo) return false
      }
      if (markWanted === 'read' && !marks.read(summary)) return false
      if (markWanted === 'unread' && marks.read(summary)) return false
      if (markWanted === 'favourite' && !marks.favourite(summary)) return false
      return true
    }
  }

  /**
   * Equal to computeFacets(summaries, marks). `markOf`, when given, answers both marks of a
   * summary in one look-up (the store's), instead of one each.
   */
  facets(
    summaries: Iterable<ArticleSummary>,
    marks: MarkLookup,
    markOf?: (summary: ArticleSummary) => { read: boolean; favourite: boolean },
  ): Facets {
    const counts = this.counters()
    for (const summary of summaries) {
      const mark = markOf ? markOf(summary) : null
      counts.add(
        this.keysOf(summary),
        mark ? mark.read : marks.read(summary),
        mark ? mark.favourite : marks.favourite(summary),
      )
    }
    return this.finish(counts)
  }

  /**
   * The same over columns by number (search/hostIds.ts): `numbers` are the matches (each with
   * keys in `keys`), `markBits` (1: read, 2: favourite) holds every number's marks.
   */
  facetsOfColumns(numbers: ArrayLike<number>, keys: FacetKeyTable, markBits: Uint8Array): Facets {
    const counts = this.counters()
    const { nodeStart, nodeCount, pool, source, author, month } = keys.columns()
    const { nodes, sources, authors, months, marks } = counts
    let read = 0
    let favourite = 0
    for (let i = 0; i < numbers.length; i++) {
      const n = numbers[i] as number
      const start = nodeStart[n] as number
      const end = start + (nodeCount[n] as number)
      for (let j = start; j < end; j++) nodes.bump(pool[j] as number)
      sources.bump(source[n] as number)
      authors.bump(author[n] as number)
      months.bump(month[n] as number)
      const bits = markBits[n] as number
      read += bits & 1
      favourite += (bits >> 1) & 1
    }
    marks.read += read
    marks.unread += numbers.length - read
    marks.favourite += favourite
    return this.finish(counts)
  }

  private counters(): FacetCounters {
    return new FacetCounters(
      this.nodeName.length,
      this.sources.values.length,
      this.authors.values.length,
      this.months.values.length,
    )
  }

  private finish(counts: FacetCounters): Facets {
    return {
      categories: this.tree(counts.nodes),
      sources: sortCounts(counts.sources.counts(this.sources.values)),
      authors: sortCounts(counts.authors.counts(this.authors.values)),
      months: counts.months.counts(this.months.values).sort((a, b) => (a.value < b.value ? 1 : -1)),
      marks: counts.marks,
    }
  }

  private tree(counts: Counter): CategoryNode[] {
    const made = new Map<number, CategoryNode>()
    const roots: CategoryNode[] = []
    // Parents are met before their children, so each parent exists when a child is attached.
    for (const id of counts.order) {
      const parentId = this.nodeParent[id] as number
      const parent = parentId < 0 ? null : (made.get(parentId) as CategoryNode)
      const name = this.nodeName[id] as string
      const node: CategoryNode = {
        name,
        path: parent ? [...parent.path, name] : [name],
        count: counts.of(id),
        children: [],
      }
      made.set(id, node)
      if (parent) parent.children.push(node)
      else roots.push(node)
    }
    sortNodes(roots)
    return roots
  }
}

/** The counters of one facets computation. */
class FacetCounters {
  readonly nodes: Counter
  readonly sources: Counter
  readonly authors: Counter
  readonly months: Counter
  readonly marks = { read: 0, unread: 0, favourite: 0 }

  constructor(nodes: number, sources: number, authors: number, months: number) {
    this.nodes = new Counter(nodes)
    this.sources = new Counter(sources)
    this.authors = new Counter(authors)
    this.months = new Counter(months)
  }

  add(keys: FacetKeys, read: boolean, favourite: boolean): void {
    const keyNodes = keys.nodes
    for (let i = 0; i < keyNodes.length; i++) this.nodes.bump(keyNodes[i] as number)
    this.sources.bump(keys.source)
    this.authors.bump(keys.author)
    this.months.bump(keys.month)
    if (read) this.marks.read++
    else this.marks.unread++
    if (favourite) this.marks.favourite++
  }
}

/** Counts by interned id (negative ids are not counted), and the order ids are first met. */
class Counter {
  private count: Int32Array
  readonly order: number[] = []

  constructor(size: number) {
    this.count = new Int32Array(Math.max(16, size))
  }

  bump(id: number): void {
    if (id < 0) return
    // keysOf may intern values while counting (a summary not seen before): grow.
    if (id >= this.count.length) {
      const grown = new Int32Array(Math.max(id + 1, this.count.length * 2))
      grown.set(this.count)
      this.count = grown
    }
    const before = this.count[id] as number
    this.count[id] = before + 1
    if (before === 0) this.order.push(id)
  }

  of(id: number): number {
    return this.count[id] as number
  }

  counts(values: readonly string[]): FacetCount[] {
    return this.order.map((id) => ({
      value: values[id] as string,
      count: this.count[id] as number,
    }))
  }
}

function sortCounts(counts: FacetCount[]): FacetCount[] {
  return counts.sort((a, b) => b.count - a.count || collator.compare(a.value, b.value))
}

function sortNodes(nodes: CategoryNode[]): void {
  nodes.sort((a, b) => b.count - a.count || collator.compare(a.name, b.name))
  for (const node of nodes) sortNodes(node.children)
}
