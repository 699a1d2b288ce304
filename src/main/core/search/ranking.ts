/**
 * Ranking: runs a query against the index's state (handed in as a context, so this module
 * holds none) and turns the matching documents into ordered, paged hits with facets:
 * term scores, recency, closeness of the body terms, and the date order.
 */
import type { DocRecord } from './docTable'
import { parseQuery, type Clause, type Term, type TextTerm } from './queryParser'
import { inTimeZone } from './queryDates'
import {
  evaluate,
  exactFlags,
  plan,
  planArrays,
  termBound,
  TITLE_BIT,
  TITLE_HIT,
  type QueryContext,
  type TermPlan,
} from './queryEvaluation'
import type { SearchHit, SearchOptions, SearchResult } from './searchIndex'
import { closenessGaps } from './closeness'
import { buildSnippet, titleMarks } from './snippet'
import { intersect, union } from './sortedSets'

/** What a search reads of the index; getters, because the index keeps changing under it. */
export interface SearchContext extends QueryContext {
  /** The range of known dates, for the recency bonus (Infinity/-Infinity when none). */
  readonly minDate: number
  readonly maxDate: number
}

const TITLE_WEIGHT = 1000
const COUNT_WEIGHT = 10
const RECENCY_WEIGHT = 5
const CLOSENESS_WEIGHT = 10
/** Closeness (which needs the text) refines the order of this many best documents. */
const CLOSENESS_DEPTH = 200
/** COUNT_WEIGHT × log2(1 + count) for every capped count: no Math.log2 per match. */
const COUNT_SCORE = Float64Array.from({ length: 256 }, (_, c) => COUNT_WEIGHT * Math.log2(1 + c))

export function runSearch(
  ctx: SearchContext,
  query: string,
  searchOptions: SearchOptions = {},
): SearchResult {
  const { table, store } = ctx
  const limit = Math.max(0, searchOptions.limit ?? 20)
  const offset = Math.max(0, searchOptions.offset ?? 0)
  const parsed = inTimeZone(parseQuery(query), searchOptions.timeZone ?? 'UTC')
  const positive: TermPlan[][] = []
  const negative: TermPlan[][] = []
  let candidates: Int32Array | null = null
  // Closeness ranks queries of 2+ positive clauses: their body terms keep the positions that
  // planning decodes anyway, so closeness reads neither texts nor lists again.
  const closeness = parsed.clauses.filter((clause) => !clause.negated).length >= 2
  // Each term is planned for the documents the terms planned before it left (`within`), so
  // the rarest go first (planningOrder); the plans keep the clauses' order for scoring.
  const clauses = parsed.clauses
  const plansOf: TermPlan[][] = []
  for (const c of planningOrder(ctx, clauses)) {
    const clause = clauses[c] as (typeof clauses)[number]
    const planned = clause.anyOf.map((term) =>
      plan(ctx, term, closeness && !clause.negated && isBodyTerm(term), candidates),
    )
    plansOf[c] = planned.map((p) => p.plan)
    if (clause.negated) continue
    // One term (the usual clause) is its own candidate set: no copy through union.
    let set: Int32Array | null =
      planned.length === 1 ? (planned[0]?.candidates ?? null) : new Int32Array(0)
    for (let k = 0; planned.length > 1 && k < planned.length; k++) {
      const found = (planned[k] as (typeof planned)[number]).candidates
      set = set === null || found === null ? null : union(set, found)
    }
    if (set !== null) candidates = candidates === null ? set : intersect(candidates, set)
  }
  clauses.forEach((clause, c) => (clause.negated ? negative : positive).push(plansOf[c] ?? []))
  // The text of the document being considered, read at most once.
  let textDoc = -1
  let textCache = ''
  const text = (doc: number): string => {
    if (doc !== textDoc) {
      textDoc = doc
      textCache = store.getText(doc) ?? ''
    }
    return textCache
  }
  // Matches as two parallel columns (document, score): no object per hit.
  const capacity = candidates === null ? ctx.docCapacity : candidates.length
  const docs = new Int32Array(capacity)
  const scores = new Float64Array(capacity)
  let n = 0
  const { live, dates, records } = table
  const accept = searchOptions.accept
  const { minDate, maxDate } = ctx
  const dateRange = maxDate > minDate ? maxDate - minDate : 0
  // The usual query (every term exact: one per clause, OR alternatives, exclusions) is scored
  // from the terms' flag arrays alone; the general loop below computes the same scores.
  const positiveFlags = positive.map((plans) => plans.map(exactFlags))
  const negativeFlags = negative.flat().map(exactFlags)
  const fast =
    positiveFlags.every((alternatives) => !alternatives.includes(null)) &&
    !negativeFlags.includes(null)
  for (let i = 0; i < capacity; i++) {
    const doc = candidates === null ? i : (candidates[i] as number)
    if (live[doc] !== 1) continue
    if (accept && !accept((records[doc] as DocRecord).id, doc)) continue
    let score = 0
    let matched = true
    if (fast) {
      for (let c = 0; c < positiveFlags.length && matched; c++) {
        const alternatives = positiveFlags[c] as Uint16Array[]
        let flags = (alternatives[0] as Uint16Array)[doc] as number
        // OR: the best alternative. Flags order as evaluate's results do (TITLE_BIT above any
        // count ≤ 255, 0 = no match below all), so the largest is the best.
        for (let a = 1; a < alternatives.length; a++) {
          const other = (alternatives[a] as Uint16Array)[doc] as number
          if (other > flags) flags = other
        }
        if (flags === 0) matched = false
        else score += (flags & TITLE_BIT ? TITLE_WEIGHT : 0) + (COUNT_SCORE[flags & 0xff] as number)
      }
      for (let c = 0; c < negativeFlags.length && matched; c++)
        if ((negativeFlags[c] as Uint16Array)[doc] !== 0) matched = false
    }
    for (let c = 0; c < positive.length && matched && !fast; c++) {
      const plans = positive[c] as TermPlan[]
      let best = -1
      for (const p of plans) best = Math.max(best, evaluate(p, doc, table, text))
      if (best < 0) matched = false
      else {
        const titleHits = best >= TITLE_HIT ? 1 : 0
        const count = best - titleHits * TITLE_HIT
        score += TITLE_WEIGHT * titleHits + (COUNT_SCORE[count > 255 ? 255 : count] as number)
      }
    }
    for (let c = 0; c < negative.length && matched && !fast; c++) {
      for (const p of negative[c] as TermPlan[])
        if (evaluate(p, doc, table, text) >= 0) matched = false
    }
    if (!matched) continue
    const date = dates[doc] as number
    docs[n] = doc
    scores[n++] =
      Number.isNaN(date) || dateRange === 0
        ? score
        : score + (RECENCY_WEIGHT * (date - minDate)) / dateRange
  }

  const bodyPlans = positive.flatMap((plans) => plans.filter((p) => isBodyTerm(p.term)))
  const bodyTerms = bodyPlans.map((p) => (p.term as TextTerm).text)
  const titleTerms = positive.flatMap((plans) =>
    plans.flatMap((p) => (isTitleTerm(p.term) ? [p.term.text] : [])),
  )
  const dateOf = (i: number): number => {
    const date = dates[docs[i] as number] as number
    return Number.isNaN(date) ? -Infinity : date
  }
  const idOf = (i: number): string => (records[docs[i] as number] as DocRecord).id
  // Compare match indices: negative when i comes first.
  const byScore = (i: number, j: number): number =>
    (scores[j] as number) - (scores[i] as number) ||
    dateOf(j) - dateOf(i) ||
    idOf(i).localeCompare(idOf(j))
  const byDate = (i: number, j: number): number =>
    dateOf(j) - dateOf(i) ||
    (scores[j] as number) - (scores[i] as number) ||
    idOf(i).localeCompare(idOf(j))
  // Only the first `depth` results need an order (pages, closeness); the rest are counted.
  const depth = offset + limit + CLOSENESS_DEPTH
  let top = topK(n, depth, byScore)
  if (positive.length >= 2 && bodyTerms.length >= 2) {
    const chosen = top.subarray(0, CLOSENESS_DEPTH)
    const chosenDocs = Int32Array.from(chosen, (i) => docs[i] as number)
    const known = bodyPlans.map((p) => p.positions)
    const gaps = closenessGaps(ctx.grams, table.titleLength, bodyTerms, chosenDocs, text, known)
    chosen.forEach((i, k) => {
      const gap = gaps[k] ?? null
      if (gap !== null) scores[i] = (scores[i] as number) + CLOSENESS_WEIGHT / (1 + gap / 10)
    })
    top = topK(n, depth, byScore)
  }
  if (searchOptions.sort === 'date') top = topK(n, depth, byDate)
  const hits = Array.from(top.subarray(offset, offset + limit), (i): SearchHit => {
    const doc = docs[i] as number
    const record = records[doc] as DocRecord
    const stored = store.get(doc) ?? { text: '', patches: '' }
    return {
      id: record.id,
      title: record.title,
      date: record.dateIso,
      score: Math.round((scores[i] as number) * 100) / 100,
      snippet: buildSnippet(stored, bodyTerms),
      titleMarks: titleMarks(record.title, titleTerms),
    }
  })
  // The plans are done with: their flag arrays serve the next search.
  planArrays.release(positive.flat())
  planArrays.release(negative.flat())
  // Facets and the lists of every match are built only when read: the worker's compact path
  // reads the document numbers and counts facets on the host; an in-process caller showing one
  // page reads neither.
  let facets: SearchResult['facets'] | null = null
  let ordered: Int32Array | null = null
  /** Every match's document, the first `depth` in result order, the rest in index order. */
  const matchedDocs = (): Int32Array => {
    if (ordered !== null) return ordered
    ordered = new Int32Array(n)
    const inTop = new Uint8Array(n)
    let k = 0
    for (const i of top) {
      inTop[i] = 1
      ordered[k++] = docs[i] as number
    }
    for (let i = 0; i < n; i++) if (inTop[i] === 0) ordered[k++] = docs[i] as number
    return ordered
  }
  let ids: string[] | null = null
  return {
    total: n,
    hits,
    get facets() {
      return (facets ??= table.facets(docs.subarray(0, n)))
    },
    get matchedDocs() {
      return matchedDocs()
    },
    get matchedIds() {
      return (ids ??= Array.from(matchedDocs(), (doc) => (records[doc] as DocRecord).id))
    },
  }
}

/**
 * The order to plan clauses in: with two or more positive clauses, those the gram directories
 * cannot bound (words, fields, dates) first, then the rest by their bound, fewest documents
 * first (`termBound`; an OR clause by the sum of its terms'); exclusions last. Each is then
 * read for the documents its predecessors left. The answer does not depend on this order.
 */
function planningOrder(ctx: SearchContext, clauses: readonly Clause[]): number[] {
  const positive: number[] = []
  const negated: number[] = []
  clauses.forEach((clause, c) => (clause.negated ? negated : positive).push(c))
  if (positive.length < 2) return [...positive, ...negated]
  const bounds = new Float64Array(clauses.length)
  for (const c of positive) {
    let sum = 0
    for (const term of (clauses[c] as Clause).anyOf) {
      const bound = termBound(ctx, term)
      if (bound === null) {
        sum = -1
        break
      }
      sum += bound
    }
    bounds[c] = sum
  }
  positive.sort((a, b) => (bounds[a] as number) - (bounds[b] as number) || a - b)
  return [...positive, ...negated]
}

function isBodyTerm(term: Term): term is TextTerm {
  return term.kind === 'text' && term.field === 'any'
}

/** Terms that can match in the title, so are marked there: plain ones and `title:`. */
function isTitleTerm(term: Term): term is TextTerm {
  return term.kind === 'text' && (term.field === 'any' || term.field === 'title')
}

/**
 * Indices 0..n−1 of the best `k` in `compare` order (negative: first argument first), sorted.
 * A bounded heap whose root is the worst kept entry: most entries lose one comparison against
 * it, so a 50k-match query costs ≈ n comparisons, not a sort of n objects.
 */
export function topK(n: number, k: number, compare: (i: number, j: number) => number): Int32Array {
  const size = Math.min(n, k)
  const heap = new Int32Array(size)
  // worse(a, b): a comes after b in the result order.
  const worse = (a: number, b: number): boolean => compare(a, b) > 0
  const siftDown = (at: number, length: number): void => {
    for (;;) {
      const left = 2 * at + 1
      if (left >= length) return
      const right = left + 1
      let child = left
      if (right < length && worse(heap[right] as number, heap[left] as number)) child = right
      if (!worse(heap[child] as number, heap[at] as number)) return
      const t = heap[at] as number
      heap[at] = heap[child] as number
      heap[child] = t
      at = child
    }
  }
  for (let i = 0; i < size; i++) heap[i] = i
  for (let at = (size >> 1) - 1; at >= 0; at--) siftDown(at, size)
  for (let i = size; i < n; i++) {
    if (size > 0 && worse(heap[0] as number, i)) {
      heap[0] = i
      siftDown(0, size)
    }
  }
  // Heap order → sorted: repeatedly move the worst to the end.
  for (let end = size - 1; end > 0; end--) {
    const t = heap[0] as number
    heap[0] = heap[end] as number
    heap[end] = t
    siftDown(0, end)
  }
  return heap
}
