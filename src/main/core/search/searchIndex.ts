/**
 * The search index: exact full-text search over normalised text.
 *
 * - FlexSearch holds what it can hold: the distinct words of each article's title and body,
 *   with forward prefixes (measured: 4 MB of heap per 10k articles).
 * - The GramIndex holds the CJK unigram/bigram postings of title + body compactly, in
 *   posting segments on disk (FlexSearch needed 59 MB per 10k articles for title n-grams
 *   alone, and GBs for bodies; see docs/search-design.md).
 * - Every candidate that the postings cannot prove is verified against the normalised text
 *   in the TextStore, so results are exactly the documents that contain the query.
 * Deleted documents are tombstoned (their numbers are never reused).
 */
import fs from 'node:fs'
import path from 'node:path'
import { Index } from 'flexsearch'
import { createLogger } from '../log'
import type { Article } from '../../../shared/types/article'
import { DocTable, type DocRecord, type FacetCount, type ValueTable } from './docTable'
import { GramIndex, isGramRun } from './gramIndex'
import { findOccurrences, occurs } from './match'
import { encodePatches, normalize, normalizeWithPatches } from './normalize'
import { parseQuery, type Clause, type Term, type TextTerm } from './queryParser'
import { buildSnippet, closestDistance, occurrencesOf, type Snippet } from './snippet'
import { fromUnsorted, intersect, union } from './sortedSets'
import type { SegmentState } from './segmentedPostings'
import {
  checkFingerprint,
  fingerprint,
  readSnapshot,
  SNAPSHOT_FILE,
  SnapshotError,
  writeSnapshot,
  type FileFingerprint,
} from './snapshot'
import {
  createFileTextStore,
  createMemoryTextStore,
  type FileTextStoreState,
  type TextStore,
} from './textStore'
import { distinctWords, segments, splitSpaces } from './tokens'

/** What the index needs of an article. */
export type IndexableArticle = Pick<Article, 'id' | 'title' | 'date' | 'categories' | 'text'> & {
  author?: string | null
}

export type SortOrder = 'relevance' | 'date'

export interface SearchOptions {
  limit?: number
  offset?: number
  sort?: SortOrder
  /** An extra filter from the caller (e.g. the library's list filter), applied before counting. */
  accept?: (id: string) => boolean
}

export interface SearchHit {
  id: string
  title: string
  date: string | null
  score: number
  snippet: Snippet
}

export interface SearchFacets {
  categories: FacetCount[]
  sources: FacetCount[]
  authors: FacetCount[]
  months: FacetCount[]
}

export interface SearchResult {
  total: number
  hits: SearchHit[]
  facets: SearchFacets
  /**
   * Every matching id (for callers that compute their own facets): the first
   * offset + limit + 200 in result order, the rest in no particular order.
   */
  matchedIds: string[]
}

export interface SearchIndexStats {
  documents: number
  deletedDocuments: number
  unigramKeys: number
  bigramKeys: number
  postingBytes: number
  segments: number
  textBytes: number
}

export interface SearchIndexOptions {
  /**
   * A private folder for the index's files (text store, posting segments). Without it
   * everything stays in memory, which suits tests and small archives only.
   */
  dir?: string
  /** Arena bytes per posting family before a segment is written (default 64 MB). */
  flushBytes?: number
}

export interface SearchIndex {
  /**
   * Write a snapshot into the index's folder (needs `dir`). `catalog` is stored as given
   * (the host's file catalog: path, size, mtime, hash) and handed back by openSearchIndex.
   */
  save(catalog?: unknown): void
  add(article: IndexableArticle): void
  update(article: IndexableArticle): void
  /** Returns false when no article has this id. */
  remove(id: string): boolean
  has(id: string): boolean
  readonly size: number
  search(query: string, options?: SearchOptions): SearchResult
  stats(): SearchIndexStats
  close(): void
}

const log = createLogger('search')
const ALL = 1 << 30 // FlexSearch's limit: "every match"
const TITLE_WEIGHT = 1000
const COUNT_WEIGHT = 10
const RECENCY_WEIGHT = 5
const CLOSENESS_WEIGHT = 10
/** Encodes "found in the title" next to an occurrence count in evaluate()'s result. */
const TITLE_HIT = 1e6
const MAX_COUNT = 100_000
/** Closeness (which needs the text) refines the order of this many best documents. */
const CLOSENESS_DEPTH = 200

interface TermPlan {
  term: Term
  /** Documents in a value table that match (author/source/category). */
  values?: Uint8Array
  /** For body text: documents that may contain the term (null = any document). */
  bodyMayContain?: Uint8Array | null
  /** For body text answered exactly by the postings: tf per document. */
  exactTf?: Uint8Array
}

/** A document as stored in a snapshot: [id, title, date, author, categories], null when deleted. */
type SnapshotDoc = [string, string, string | null, string | null, string[][]] | null

interface SnapshotPayload {
  nextDoc: number
  docs: SnapshotDoc[]
  text: FileTextStoreState
  unigram: SegmentState[]
  bigram: SegmentState[]
  files: FileFingerprint[]
  catalog: unknown
}

const TEXT_FILE = 'text.bin'
const WORDS_FILE = 'words.flex.json'

export function createSearchIndex(options: SearchIndexOptions = {}): SearchIndex {
  return buildIndex(options, undefined)
}

export interface OpenedSearchIndex {
  index: SearchIndex
  /** True when the snapshot was loaded; false when it was missing or refused (then `reason` says why). */
  restored: boolean
  reason?: string
  /** The catalog saved with the snapshot, when restored. */
  catalog?: unknown
}

/**
 * Open the index in `options.dir` from its snapshot, or start an empty one there when the
 * snapshot is missing, truncated, corrupt, from another format or does not match its data
 * files. The caller then re-reads the files that changed (or all of them).
 */
export function openSearchIndex(options: SearchIndexOptions & { dir: string }): OpenedSearchIndex {
  try {
    const payload = readSnapshot(options.dir) as SnapshotPayload
    if (
      !Array.isArray(payload.docs) ||
      typeof payload.nextDoc !== 'number' ||
      !Array.isArray(payload.files)
    ) {
      throw new SnapshotError('the content does not have the expected shape')
    }
    for (const file of payload.files) checkFingerprint(options.dir, file)
    return { index: buildIndex(options, payload), restored: true, catalog: payload.catalog }
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error
    log.info(`rebuilding: ${error.message}`)
    return { index: buildIndex(options, undefined), restored: false, reason: error.message }
  }
}

function buildIndex(
  options: SearchIndexOptions,
  restore: SnapshotPayload | undefined,
): SearchIndex {
  const dir = options.dir
  if (dir !== undefined && restore === undefined)
    fs.rmSync(path.join(dir, SNAPSHOT_FILE), { force: true })
  const store: TextStore & { state?: () => FileTextStoreState } =
    dir === undefined
      ? createMemoryTextStore()
      : createFileTextStore(path.join(dir, TEXT_FILE), restore?.text)
  const table = new DocTable()
  const grams = new GramIndex({ dir, flushBytes: options.flushBytes })
  const words = new Index({ encode: splitSpaces, tokenize: 'forward' })
  let nextDoc = 0
  let minDate = Infinity
  let maxDate = -Infinity

  function add(article: IndexableArticle): void {
    if (table.docOf(article.id) !== undefined) remove(article.id)
    const doc = nextDoc++
    const body = normalizeWithPatches(article.text)
    store.put(doc, { text: body.text, patches: encodePatches(body.patches) })
    const normTitle = normalize(article.title)
    // Title and body share the postings; a space keeps n-grams from spanning the two.
    const indexed = `${normTitle} ${body.text}`
    grams.addDocument(doc, indexed)
    const docWords = distinctWords(indexed)
    if (docWords !== '') words.add(doc, docWords)
    insertRecord(doc, {
      id: article.id,
      title: article.title,
      normTitle,
      date: article.date,
      author: article.author ?? null,
      categories: article.categories,
    })
  }

  function insertRecord(doc: number, meta: Parameters<DocTable['insert']>[1]): void {
    table.insert(doc, meta)
    const date = table.records[doc]?.date ?? Number.NaN
    if (!Number.isNaN(date)) {
      minDate = Math.min(minDate, date)
      maxDate = Math.max(maxDate, date)
    }
  }

  if (restore !== undefined && dir !== undefined) {
    grams.unigrams.restore(restore.unigram)
    grams.bigrams.restore(restore.bigram)
    const exported = JSON.parse(fs.readFileSync(path.join(dir, WORDS_FILE), 'utf8')) as Record<
      string,
      string
    >
    for (const [key, data] of Object.entries(exported)) words.import(key, data)
    restore.docs.forEach((entry, doc) => {
      if (entry === null) return
      const [id, title, date, author, categories] = entry
      insertRecord(doc, { id, title, normTitle: normalize(title), date, author, categories })
    })
    nextDoc = restore.nextDoc
  }

  function save(catalog: unknown = null): void {
    if (dir === undefined || store.state === undefined)
      throw new Error('search: save needs an index folder')
    const unigram = grams.unigrams.state()
    const bigram = grams.bigrams.state()
    const text = store.state()
    const exported: Record<string, string> = {}
    words.export((key: string, data: string) => {
      exported[key] = data
    })
    fs.writeFileSync(path.join(dir, `${WORDS_FILE}.tmp`), JSON.stringify(exported))
    fs.renameSync(path.join(dir, `${WORDS_FILE}.tmp`), path.join(dir, WORDS_FILE))
    const files = [
      fingerprint(dir, TEXT_FILE, text.end),
      fingerprint(dir, WORDS_FILE),
      ...[...unigram, ...bigram].map((segment) => fingerprint(dir, segment.name)),
    ]
    const docs: SnapshotDoc[] = []
    for (let doc = 0; doc < nextDoc; doc++) {
      const r = table.records[doc]
      docs.push(r ? [r.id, r.title, r.dateIso, r.authorName, r.categories] : null)
    }
    writeSnapshot(dir, {
      nextDoc,
      docs,
      text,
      unigram,
      bigram,
      files,
      catalog,
    } satisfies SnapshotPayload)
  }

  function remove(id: string): boolean {
    const doc = table.docOf(id)
    if (doc === undefined) return false
    // Tombstone: FlexSearch and the postings keep the number; every lookup checks liveness.
    table.delete(doc)
    store.delete(doc)
    return true
  }

  const docCapacity = (): number => nextDoc

  function flexCandidates(index: Index, text: string): Int32Array {
    return fromUnsorted(index.search(text, { limit: ALL }) as number[])
  }

  /**
   * Documents whose title or body may contain the text (null: nothing indexed narrows it
   * down). `exact` when the index alone proves the match: one run of CJK/punctuation units
   * of any length (the positional bigram lists give term frequencies) or one word (prefix semantics are exactly
   * FlexSearch's forward tokens).
   */
  function docCandidates(text: string): {
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
        const gram = grams.candidates(part.text)
        found = gram.docs
        tf = gram.tf
      } else {
        found = flexCandidates(words, part.text)
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

  function tableFor(field: TextTerm['field']): ValueTable {
    if (field === 'author') return table.authors
    if (field === 'source') return table.sources
    return table.levels
  }

  /** Prepare a term: its lookup structures and the documents that may match it (null = any). */
  function plan(term: Term): { plan: TermPlan; candidates: Int32Array | null } {
    if (term.kind === 'date') return { plan: { term }, candidates: null }
    if (term.field === 'author' || term.field === 'source' || term.field === 'category') {
      const found = valueMatches(tableFor(term.field), term.text)
      return { plan: { term, values: found.flags }, candidates: found.docs }
    }
    const found = docCandidates(term.text)
    const termPlan: TermPlan = { term, bodyMayContain: null }
    if (found.docs !== null) {
      const flags = new Uint8Array(docCapacity())
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
  function evaluate(
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

  function recency(date: number): number {
    if (Number.isNaN(date) || maxDate <= minDate) return 0
    return (RECENCY_WEIGHT * (date - minDate)) / (maxDate - minDate)
  }

  function search(query: string, searchOptions: SearchOptions = {}): SearchResult {
    const limit = Math.max(0, searchOptions.limit ?? 20)
    const offset = Math.max(0, searchOptions.offset ?? 0)
    const parsed = parseQuery(query)
    const positive: { clause: Clause; plans: TermPlan[] }[] = []
    const negative: { clause: Clause; plans: TermPlan[] }[] = []
    let candidates: Int32Array | null = null
    for (const clause of parsed.clauses) {
      const planned = clause.anyOf.map(plan)
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
      scored.push({ doc, score: score + recency(record.date), record })
    }
    if (candidates === null) for (let doc = 0; doc < nextDoc; doc++) consider(doc)
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

  return {
    save,
    add,
    update: add,
    remove,
    has: (id) => table.docOf(id) !== undefined,
    get size() {
      return table.liveCount
    },
    search,
    stats: () => ({
      documents: table.liveCount,
      deletedDocuments: nextDoc - table.liveCount,
      unigramKeys: grams.unigrams.keyCount,
      bigramKeys: grams.bigrams.keyCount,
      postingBytes: grams.unigrams.byteLength + grams.bigrams.byteLength,
      segments: grams.unigrams.segmentCount + grams.bigrams.segmentCount,
      textBytes: store.bytes,
    }),
    close: () => {
      store.close()
      grams.close()
    },
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
