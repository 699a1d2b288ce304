/**
 * Ranking: runs a query against the index's state (handed in as a context, so this module
 * holds none) and turns the matching documents into ordered, paged hits with facets:
 * term scores, recency, closeness of the body terms, and the date order.
 */
import type { DocRecord } from './docTable'
import { parseQuery, type Clause } from './queryParser'
import { evaluate, plan, TITLE_HIT, type QueryContext, type TermPlan } from './queryEvaluation'
import type { SearchHit, SearchOptions, SearchResult } from './searchIndex'
import { buildSnippet, closestDistance, occurrencesOf } from './snippet'
import { intersect, union } from './sortedSets'
import type { TextStore } from './textStore'

/** What a search reads of the index; getters, because the index keeps changing under it. */
export interface SearchContext extends QueryContext {
  store: TextStore
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

function recency(ctx: SearchContext, date: number): number {
  const { minDate, maxDate } = ctx
  if (Number.isNaN(date) || maxDate <= minDate) return 0
  return (RECENCY_WEIGHT * (date - minDate)) / (maxDate - minDate)
}

export function runSearch(
  ctx: SearchContext,
  query: string,
  searchOptions: SearchOptions = {},
): SearchResult {
  const { table, store } = ctx
  const limit = Math.max(0, searchOptions.limit ?? 20)
  const offset = Math.max(0, searchOptions.offset ?? 0)
  const parsed = parseQuery(query)
  const positive: { clause: Clause; plans: TermPlan[] }[] = []
  const negative: { clause: Clause; plans: TermPlan[] }[] = []
  let candidates: Int32Array | null = null
  for (const clause of parsed.clauses) {
    const planned = clause.anyOf.map((term) => plan(ctx, term))
    const entry = { clause, plans: planned.map((p) => p.plan) }
    if (clause.negated) {
      negative.push(entry)
      continue
    }
    positive.push(entry)
    let set: Int32Array | null = new Int32Array(0)
    for (const p of planned)
      set = set === null || p.candidates === null ? null : union(set, p.candidates)
    if (set !== null) candidates = candidates === null ? set : intersect(candidates, set)
  }
  const scored: { doc: number; score: number; record: DocRecord }[] = []
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
  const consider = (doc: number): void => {
    const record = table.records[doc]
    if (!record || (searchOptions.accept && !searchOptions.accept(record.id))) return
    let score = 0
    for (const { plans } of positive) {
      let best = -1
      for (const p of plans) best = Math.max(best, evaluate(p, doc, record, text))
      if (best < 0) return
      const titleHits = best >= TITLE_HIT ? 1 : 0
      const count = best - titleHits * TITLE_HIT
      score += TITLE_WEIGHT * titleHits + COUNT_WEIGHT * Math.log2(1 + Math.min(count, 255))
    }
    for (const { plans } of negative) {
      for (const p of plans) if (evaluate(p, doc, record, text) >= 0) return
    }
    scored.push({ doc, score: score + recency(ctx, record.date), record })
  }
  if (candidates === null) for (let doc = 0; doc < ctx.docCapacity; doc++) consider(doc)
  else for (const doc of candidates) consider(doc)

  const bodyTerms = positive.flatMap(({ plans }) =>
    plans.flatMap((p) => (p.term.kind === 'text' && p.term.field === 'any' ? [p.term.text] : [])),
  )
  type Scored = (typeof scored)[number]
  const byScore = (a: Scored, b: Scored): number =>
    b.score - a.score || dateOrder(a.record, b.record) || a.record.id.localeCompare(b.record.id)
  const byDate = (a: Scored, b: Scored): number =>
    dateOrder(a.record, b.record) || b.score - a.score || a.record.id.localeCompare(b.record.id)
  // Only the first `depth` results need an order (pages, closeness); the rest are counted.
  const depth = offset + limit + CLOSENESS_DEPTH
  let ordered = orderTop(scored, depth, byScore, (e) => e.score)
  if (positive.length >= 2 && bodyTerms.length >= 2) {
    const top = ordered.slice(0, CLOSENESS_DEPTH)
    for (const entry of top) {
      const gap = closestDistance(occurrencesOf(store.getText(entry.doc) ?? '', bodyTerms, 50))
      if (gap !== null) entry.score += CLOSENESS_WEIGHT / (1 + gap / 10)
    }
    top.sort(byScore)
    ordered.splice(0, top.length, ...top)
  }
  if (searchOptions.sort === 'date') {
    ordered = orderTop(ordered, depth, byDate, (e) =>
      Number.isNaN(e.record.date) ? -Infinity : e.record.date,
    )
  }
  const scoredInOrder = ordered
  const hits = scoredInOrder
    .slice(offset, offset + limit)
    .map(({ doc, score, record }): SearchHit => {
      const stored = store.get(doc) ?? { text: '', patches: '' }
      return {
        id: record.id,
        title: record.title,
        date: record.dateIso,
        score: Math.round(score * 100) / 100,
        snippet: buildSnippet(stored, bodyTerms),
      }
    })
  return {
    total: scoredInOrder.length,
    hits,
    facets: table.facets(scoredInOrder.map((s) => s.doc)),
    matchedIds: scoredInOrder.map((s) => s.record.id),
  }
}

/**
 * The entries with their first `k` in `compare` order, the rest after them unordered.
 * `key` must agree with `compare` (higher key first): a typed-array sort of the keys finds
 * the k-th key, so a 100k-hit query does not pay for sorting 100k objects with a comparator.
 */
function orderTop<T>(
  entries: T[],
  k: number,
  compare: (a: T, b: T) => number,
  key: (e: T) => number,
): T[] {
  if (entries.length <= 2 * k) return entries.sort(compare)
  const keys = new Float64Array(entries.length)
  entries.forEach((e, i) => (keys[i] = key(e)))
  const sorted = keys.slice().sort()
  const threshold = sorted[sorted.length - k] as number
  const head: T[] = []
  const rest: T[] = []
  entries.forEach((e, i) => ((keys[i] as number) >= threshold ? head : rest).push(e))
  head.sort(compare)
  return head.concat(rest)
}

/** Newer first; undated last. */
function dateOrder(a: DocRecord, b: DocRecord): number {
  const x = Number.isNaN(a.date) ? -Infinity : a.date
  const y = Number.isNaN(b.date) ? -Infinity : b.date
  return y === x ? 0 : y > x ? 1 : -1
}
