/**
 * Query evaluation: turning each parsed term into lookup structures (planning) and deciding,
 * per candidate document, whether and how often it matches. Kept apart from ranking so the
 * exactness rules (the postings narrow or prove, the text verifies) live in one place.
 */
import type { Index } from 'flexsearch'
import type { DocIdLists, DocTable, ValueTable } from './docTable'
import { isGramRun, type GramIndex } from './gramIndex'
import {
  gramCandidates,
  header,
  readEntryHeader,
  skipVarints,
  type PositionalList,
} from './gramQuery'
import { findOccurrences, occurs } from './match'
import type { Term, TextTerm } from './queryParser'
import { fromUnsorted, intersect } from './sortedSets'
import { alignTerm } from './termAlignment'
import type { TextStore } from './textStore'
import { bigramKey, segments, unigramKey, WORD_TERM_MAX, wordTerm } from './tokens'
import type { WordPositions } from './wordPositions'

/** The index's structures that planning reads; passed in so this module holds no state. */
export interface QueryContext {
  table: DocTable
  grams: GramIndex
  words: Index
  /** Word positions: with the bigram positions they prove mixed terms (termAlignment.ts). */
  wordPositions: WordPositions
  store: TextStore
  /** Candidates few enough to verify on their texts rather than stream more lists (gramQuery.ts). */
  readonly verifyBelow: number
  /** Document numbers handed out so far, tombstones included (sizes per-document flags). */
  readonly docCapacity: number
}

export interface TermPlan {
  term: Term
  /** Documents in a value table that match (author/source/category). */
  values?: Uint8Array
  /** For body text: documents that may contain the term (null = any document). */
  bodyMayContain?: Uint8Array | null
  /**
   * For text answered exactly by the postings, per document: occurrences (1–255) in the low
   * byte, TITLE_BIT when the postings' positions show a title match (see `titleKnown`).
   */
  exactTf?: Uint16Array
  /** True when `exactTf` carries the title matches (no per-document title search needed). */
  titleKnown?: boolean
  /** Every start of a proven gram run per document, when planned `withPositions` (closeness). */
  positions?: PositionalList
}

/** In `exactTf`: the term occurs in the title (the low byte counts occurrences). */
export const TITLE_BIT = 0x100

const ALL = 1 << 30 // FlexSearch's limit: "every match"
/** Encodes "found in the title" next to an occurrence count in evaluate()'s result. */
export const TITLE_HIT = 1e6
const MAX_COUNT = 100_000

/**
 * Documents with a word starting with `word`. A word longer than WORD_TERM_MAX is looked up by
 * the first WORD_TERM_MAX characters FlexSearch holds: a superset, to be verified on the text.
 */
function flexCandidates(index: Index, word: string): Int32Array {
  return fromUnsorted(index.search(wordTerm(word), { limit: ALL }) as number[])
}

/**
 * Documents whose title or body may contain the text (null: nothing indexed narrows it
 * down). `exact` when the index alone proves the match: one run of CJK/punctuation units
 * of any length (the positional bigram lists give term frequencies) or one word of at most
 * WORD_TERM_MAX characters (prefix semantics are exactly FlexSearch's forward tokens).
 */
function docCandidates(
  ctx: QueryContext,
  text: string,
  withPositions: boolean,
  within: Int32Array | null,
): {
  docs: Int32Array | null
  tf: Uint8Array | null
  first: Int32Array | null
  positions?: PositionalList
  exact: boolean
} {
  const parts = segments(text)
  if (parts.length === 0) return { docs: null, tf: null, first: null, exact: false }
  let docs: Int32Array | null = null
  let tf: Uint8Array | null = null
  let first: Int32Array | null = null
  let positions: PositionalList | undefined
  for (const part of parts) {
    let found: Int32Array
    if (part.kind === 'cjk') {
      const gram = gramCandidates(
        ctx.grams.unigrams,
        ctx.grams.bigrams,
        part.text,
        withPositions && parts.length === 1,
        within,
        ctx.verifyBelow,
      )
      found = gram.docs
      tf = gram.tf
      first = gram.first
      positions = gram.positions
    } else {
      found = flexCandidates(ctx.words, part.text)
    }
    docs = docs === null ? found : intersect(docs, found)
    if (docs.length === 0) break
  }
  const single = parts.length === 1 && (parts[0] as { text: string }).text === text
  // A gram run is proven by its positions unless the intersection stopped early (tf null); a
  // word when FlexSearch holds all of it (WORD_TERM_MAX), else its candidates are verified.
  const exact =
    single &&
    ((isGramRun(text) && tf !== null) ||
      (parts[0]?.kind === 'word' && text.length <= WORD_TERM_MAX))
  const gram = exact && isGramRun(text)
  if (!gram) return { docs, tf: null, first: null, exact }
  return positions ? { docs, tf, first, positions, exact } : { docs, tf, first, exact }
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

/**
 * Prepare a term: its lookup structures and the documents that may match it (null = any).
 * `withPositions`: keep a proven gram run's positions in the plan (ranking's closeness).
 * `within` (ascending): the documents the query's other terms left; a term's gram lists are
 * then read for those only, and its plan answers for those only (the caller intersects).
 */
export function plan(
  ctx: QueryContext,
  term: Term,
  withPositions = false,
  within: Int32Array | null = null,
): { plan: TermPlan; candidates: Int32Array | null } {
  if (term.kind === 'date') return { plan: { term }, candidates: null }
  if (term.field === 'author' || term.field === 'source' || term.field === 'category') {
    const found = valueMatches(tableFor(ctx.table, term.field), term.text)
    return { plan: { term, values: found.flags }, candidates: found.docs }
  }
  const termPlan: TermPlan = { term, bodyMayContain: null }
  if (!isGramRun(term.text)) {
    const aligned = alignTerm(
      term.text,
      ctx.grams,
      ctx.wordPositions,
      ctx.table,
      ctx.store,
      // Starts rather than documents: about two per candidate document.
      2 * ctx.verifyBelow,
    )
    if (aligned !== null) {
      const flags = planArrays.flags16(ctx.docCapacity)
      for (let i = 0; i < aligned.docs.length; i++)
        flags[aligned.docs[i] as number] = aligned.flags[i] as number
      termPlan.exactTf = flags
      termPlan.titleKnown = true
      return { plan: termPlan, candidates: aligned.docs }
    }
  }
  const found = docCandidates(ctx, term.text, withPositions, within)
  if (found.docs !== null) {
    const docs = found.docs
    const { tf, first } = found
    if (found.exact) {
      const flags = planArrays.flags16(ctx.docCapacity)
      const titleLength = ctx.table.titleLength
      if (tf !== null && first !== null) {
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i] as number
          const inTitle = (first[i] as number) < (titleLength[doc] as number) ? TITLE_BIT : 0
          flags[doc] = (tf[i] || 1) | inTitle
        }
        termPlan.titleKnown = true
        if (found.positions) termPlan.positions = found.positions
      } else if (tf !== null) {
        for (let i = 0; i < docs.length; i++) flags[docs[i] as number] = tf[i] || 1
      } else {
        // One word (FlexSearch proves presence): its occurrences from the word positions when
        // the prefix's lists are small enough, its title matches from the title word lists.
        for (let i = 0; i < docs.length; i++) flags[docs[i] as number] = 1
        countWordOccurrences(ctx.wordPositions, term.text, flags, docs)
        ctx.wordPositions.markTitles(term.text, flags, TITLE_BIT)
        termPlan.titleKnown = true
      }
      termPlan.exactTf = flags
    } else {
      const flags = planArrays.flags8(ctx.docCapacity)
      for (let i = 0; i < docs.length; i++) flags[docs[i] as number] = 1
      termPlan.bodyMayContain = flags
    }
  }
  return { plan: termPlan, candidates: found.docs }
}

/**
 * The per-document flag arrays of plans, reused from one search to the next: each is 2 bytes
 * per document (200 KB at 100k) per term, and allocating them afresh was a steady stream of
 * external memory that brought V8's collections (and their marking steps) into the queries.
 * `release` zeroes them whole (~20 µs) and keeps a few of the index's current size.
 */
class PlanArrays {
  private readonly free16: Uint16Array[] = []
  private readonly free8: Uint8Array[] = []

  flags16(length: number): Uint16Array {
    const reused = this.free16.pop()
    return reused !== undefined && reused.length === length ? reused : new Uint16Array(length)
  }

  flags8(length: number): Uint8Array {
    const reused = this.free8.pop()
    return reused !== undefined && reused.length === length ? reused : new Uint8Array(length)
  }

  /** Give back a finished search's plans (none of their arrays may be read afterwards). */
  release(plans: readonly TermPlan[]): void {
    for (const p of plans) {
      if (p.exactTf && this.free16.length < KEPT) this.free16.push(p.exactTf.fill(0))
      if (p.bodyMayContain && this.free8.length < KEPT) this.free8.push(p.bodyMayContain.fill(0))
    }
  }
}

/** Flag arrays of each kind kept for reuse (a query rarely has more terms). */
const KEPT = 6

/** One per thread: searches run one at a time on it. */
export const planArrays = new PlanArrays()

/**
 * How many documents a term can match at most, when the gram directories tell it cheaply (a
 * run of gram units: its rarest bigram), else null. Ranking plans such terms rarest first.
 */
export function termBound(ctx: QueryContext, term: Term): number | null {
  if (term.kind !== 'text' || term.field === 'author' || term.field === 'source') return null
  if (term.field === 'category' || !isGramRun(term.text)) return null
  // The fewest documents any of the run's bigrams (its unit, for one unit) occurs in, from
  // the directories alone: no list is read.
  const run = term.text
  const { unigrams, bigrams } = ctx.grams
  if (run.length === 1) return unigrams.documentFrequency(unigramKey(run.charCodeAt(0)))
  let bound = Number.POSITIVE_INFINITY
  for (let i = 0; i + 1 < run.length && bound > 0; i++)
    bound = Math.min(
      bound,
      bigrams.documentFrequency(bigramKey(run.charCodeAt(i), run.charCodeAt(i + 1))),
    )
  return bound
}

/**
 * The per-document flags that fully answer a body-or-title term (what `evaluate` would read),
 * or null when evaluating it needs more (a field, a title search, the text). Lets the ranking
 * loop score the usual query with array reads instead of a call per term and document.
 */
export function exactFlags(termPlan: TermPlan): Uint16Array | null {
  const term = termPlan.term
  if (term.kind !== 'text' || term.field !== 'any' || termPlan.titleKnown !== true) return null
  return termPlan.exactTf ?? null
}

function anyFlagged(lists: DocIdLists, doc: number, flags: Uint8Array): boolean {
  const start = lists.start[doc] as number
  const end = start + (lists.count[doc] as number)
  for (let k = start; k < end; k++) if (flags[lists.pool[k] as number] === 1) return true
  return false
}

/**
 * -1: no match; else 1e6 × (in title) + occurrences (capped). Runs per candidate, on the
 * table's typed columns; the record only for the normalised title (a slice of its column for
 * a restored or packed record: ~12 ns more per read, measured, against the string search).
 */
export function evaluate(
  termPlan: TermPlan,
  doc: number,
  table: DocTable,
  text: (doc: number) => string,
): number {
  const term = termPlan.term
  if (term.kind === 'date') {
    const date = table.dates[doc] as number
    const inRange =
      !Number.isNaN(date) &&
      (term.from === null || date >= term.from) &&
      (term.to === null || date < term.to)
    return inRange ? 0 : -1
  }
  if (termPlan.values) {
    const flags = termPlan.values
    if (term.field === 'author') {
      const author = table.authorOf[doc] as number
      return author >= 0 && flags[author] === 1 ? 0 : -1
    }
    return anyFlagged(term.field === 'source' ? table.sourcesOf : table.levelsOf, doc, flags)
      ? 0
      : -1
  }
  const exactTf = termPlan.exactTf
  if (exactTf) {
    const flags = exactTf[doc] as number
    if (flags === 0) return -1
    if (termPlan.titleKnown) {
      const inTitle = flags & TITLE_BIT ? TITLE_HIT : 0
      if (term.field === 'title') return inTitle > 0 ? inTitle : -1
      return inTitle + (flags & 0xff)
    }
  }
  const normTitle = (table.records[doc] as { normTitle: string }).normTitle
  const titleHit = normTitle.includes(term.text) && occurs(normTitle, term.text) ? TITLE_HIT : 0
  if (term.field === 'title') return titleHit > 0 ? titleHit : -1
  // Exact postings cover title + body; the title bonus dominates the count anyway.
  if (exactTf) return titleHit + ((exactTf[doc] as number) & 0xff)
  let count = 0
  if (termPlan.bodyMayContain === null || termPlan.bodyMayContain?.[doc] === 1) {
    count = Math.min(MAX_COUNT, findOccurrences(text(doc), term.text, MAX_COUNT).length)
  }
  return titleHit > 0 || count > 0 ? titleHit + count : -1
}

/**
 * Above this many (document, word) entries a one-word term's documents count as one
 * occurrence each (presence, as FlexSearch proves it): counting walks every entry, ~25 ns
 * each, and the prefixes past it (`2`, `a`, `20`: 100k–430k entries at 100k articles) are
 * too short to rank by anyway.
 */
export const WORD_COUNT_BUDGET = 30_000

/**
 * Sets the low byte of `flags` (1 where the word occurs: `docs`) to the number of occurrences
 * of the words starting with `prefix` in each document's title and body, up to 255: "more
 * matches rank higher" for words as for CJK runs. Only documents already flagged are counted
 * (the lists keep entries of removed documents).
 */
function countWordOccurrences(
  words: WordPositions,
  prefix: string,
  flags: Uint16Array,
  docs: Int32Array,
): void {
  const lists = words.withPrefixUpTo(prefix, WORD_COUNT_BUDGET)
  if (lists === null) return
  for (const list of lists) {
    const bytes = list.read()
    let pos = 0
    let doc = -1
    for (let k = 0; k < list.count; k++) {
      pos = readEntryHeader(bytes, pos)
      doc += header.delta
      pos = skipVarints(bytes, pos, header.count - 1)
      const before = flags[doc] as number
      if (before === 0) continue
      // The first list to reach a document replaces its presence mark (COUNTING notes it).
      const counted = before & COUNTING ? before & 0xff : 0
      flags[doc] = (before & ~0xff) | COUNTING | Math.min(255, counted + header.count)
    }
  }
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as number
    flags[doc] = (flags[doc] as number) & ~COUNTING
  }
}
/** A bit of `flags` free while countWordOccurrences runs (TITLE_BIT is set after it). */
const COUNTING = 0x8000
