/**
 * Query evaluation: turning each parsed term into lookup structures (planning) and deciding,
 * per candidate document, whether and how often it matches. Kept apart from ranking so the
 * exactness rules (the postings narrow or prove, the text verifies) live in one place.
 */
import type { Index } from 'flexsearch'
import type { DocRecord, DocTable, ValueTable } from './docTable'
import { isGramRun, type GramIndex } from './gramIndex'
import { findOccurrences, occurs } from './match'
import type { Term, TextTerm } from './queryParser'
import { fromUnsorted, intersect } from './sortedSets'
import { segments } from './tokens'

/** The index's structures that planning reads; passed in so this module holds no state. */
export interface QueryContext {
  table: DocTable
  grams: GramIndex
  words: Index
  /** Document numbers handed out so far, tombstones included (sizes per-document flags). */
  readonly docCapacity: number
}

export interface TermPlan {
  term: Term
  /** Documents in a value table that match (author/source/category). */
  values?: Uint8Array
  /** For body text: documents that may contain the term (null = any document). */
  bodyMayContain?: Uint8Array | null
  /** For body text answered exactly by the postings: tf per document. */
  exactTf?: Uint8Array
}

const ALL = 1 << 30 // FlexSearch's limit: "every match"
/** Encodes "found in the title" next to an occurrence count in evaluate()'s result. */
export const TITLE_HIT = 1e6
const MAX_COUNT = 100_000

function flexCandidates(index: Index, text: string): Int32Array {
  return fromUnsorted(index.search(text, { limit: ALL }) as number[])
}

/**
 * Documents whose title or body may contain the text (null: nothing indexed narrows it
 * down). `exact` when the index alone proves the match: one run of CJK/punctuation units
 * of any length (the positional bigram lists give term frequencies) or one word (prefix semantics are exactly
 * FlexSearch's forward tokens).
 */
function docCandidates(
  ctx: QueryContext,
  text: string,
): {
  docs: Int32Array | null
  tf: Uint8Array | null
  exact: boolean
} {
  const parts = segments(text)
  if (parts.length === 0) return { docs: null, tf: null, exact: false }
  let docs: Int32Array | null = null
  let tf: Uint8Array | null = null
  for (const part of parts) {
    let found: Int32Array
    if (part.kind === 'cjk') {
      const gram = ctx.grams.candidates(part.text)
      found = gram.docs
      tf = gram.tf
    } else {
      found = flexCandidates(ctx.words, part.text)
    }
    docs = docs === null ? found : intersect(docs, found)
    if (docs.length === 0) break
  }
  const single = parts.length === 1 && (parts[0] as { text: string }).text === text
  // A gram run is proven by its positions unless the intersection stopped early (tf null).
  const exact = single && ((isGramRun(text) && tf !== null) || parts[0]?.kind === 'word')
  return { docs, tf: exact && isGramRun(text) ? tf : null, exact }
}

function valueMatches(values: ValueTable, text: string): { flags: Uint8Array; docs: Int32Array } {
  const flags = new Uint8Array(values.size)
  let docs: number[] = []
  values.normalized.forEach((value, i) => {
    if (occurs(value, text)) {
      flags[i] = 1
      docs = docs.concat(values.docs[i] as number[])
    }
  })
  return { flags, docs: fromUnsorted(docs) }
}

function tableFor(table: DocTable, field: TextTerm['field']): ValueTable {
  if (field === 'author') return table.authors
  if (field === 'source') return table.sources
  return table.levels
}

/** Prepare a term: its lookup structures and the documents that may match it (null = any). */
export function plan(
  ctx: QueryContext,
  term: Term,
): { plan: TermPlan; candidates: Int32Array | null } {
  if (term.kind === 'date') return { plan: { term }, candidates: null }
  if (term.field === 'author' || term.field === 'source' || term.field === 'category') {
    const found = valueMatches(tableFor(ctx.table, term.field), term.text)
    return { plan: { term, values: found.flags }, candidates: found.docs }
  }
  const found = docCandidates(ctx, term.text)
  const termPlan: TermPlan = { term, bodyMayContain: null }
  if (found.docs !== null) {
    const flags = new Uint8Array(ctx.docCapacity)
    if (found.tf !== null) {
      const tf = found.tf
      found.docs.forEach((doc, i) => (flags[doc] = Math.max(1, tf[i] as number)))
    } else {
      found.docs.forEach((doc) => (flags[doc] = 1))
    }
    if (found.exact) termPlan.exactTf = flags
    else termPlan.bodyMayContain = flags
  }
  return { plan: termPlan, candidates: found.docs }
}

/** -1: no match; else 1e6 × (in title) + occurrences (capped). No allocation: runs per candidate. */
export function evaluate(
  termPlan: TermPlan,
  doc: number,
  record: DocRecord,
  text: (doc: number) => string,
): number {
  const term = termPlan.term
  if (term.kind === 'date') {
    const inRange =
      !Number.isNaN(record.date) &&
      (term.from === null || record.date >= term.from) &&
      (term.to === null || record.date < term.to)
    return inRange ? 0 : -1
  }
  if (termPlan.values) {
    const flags = termPlan.values
    if (term.field === 'author') return record.author >= 0 && flags[record.author] === 1 ? 0 : -1
    const ids = term.field === 'source' ? record.sources : record.levels
    for (const id of ids) if (flags[id] === 1) return 0
    return -1
  }
  const exactTf = termPlan.exactTf
  if (exactTf && exactTf[doc] === 0) return -1
  const titleHit =
    record.normTitle.includes(term.text) && occurs(record.normTitle, term.text) ? TITLE_HIT : 0
  if (term.field === 'title') return titleHit > 0 ? titleHit : -1
  // Exact postings cover title + body; the title bonus dominates the count anyway.
  if (exactTf) return titleHit + (exactTf[doc] as number)
  let count = 0
  if (termPlan.bodyMayContain === null || termPlan.bodyMayContain?.[doc] === 1) {
    count = Math.min(MAX_COUNT, findOccurrences(text(doc), term.text, MAX_COUNT).length)
  }
  return titleHit > 0 || count > 0 ? titleHit + count : -1
}
