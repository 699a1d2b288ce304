/**
 * Exact n-gram postings for title + body over "gram units" (CJK characters, punctuation and
 * symbols: see isGramUnit): every distinct unit of each document
 * (unigram list: tf) and every distinct pair of adjacent characters (bigram list: tf and
 * every position). A 1- or 2-character query is answered from one list; a longer run
 * intersects its bigram lists and keeps the start positions p where bigram i occurs at p + i
 * for every i, which proves the run occurs there — no text is read, and the number of starts
 * is the term frequency. The read side (intersection, counts) is in gramQuery.ts.
 *
 * Bigram entry (after the document delta): the first position, flagged when it is the only
 * one, else tf and the other position deltas (postingArena.ts writes it, gramQuery.ts reads it).
 * Unigram lists are Rice-coded blocks of (document, tf) (unigramCoding.ts).
 */
import { bigramListLastDoc, gramCandidates } from './gramQuery'
import { gramUnitKinds, isBridgeSpace, isGramUnit } from './normalize'
import { BigramBatch, UnigramBatch } from './postingArena'
import type { CompactionTuning } from './segmentCompaction'
import { SegmentedPostings } from './segmentedPostings'

export interface GramCandidates {
  docs: Int32Array
  /**
   * Occurrences per entry of `docs` (saturating at 255) when the lists prove the run; null
   * when the intersection stopped early (few candidates left): then `docs` must be verified.
   */
  tf: Uint8Array | null
}

export interface GramIndexOptions {
  /** Folder for posting segments; without it postings stay in memory. */
  dir?: string
  /** Bytes of sorted bigram runs in memory before a segment is written (unigrams: a quarter). */
  flushBytes?: number
  /** Compaction's sizes (tests make them small). */
  compaction?: CompactionTuning
  /** Read restored segments only; write nothing into `dir` (SegmentedPostingsOptions.readOnly). */
  readOnly?: boolean
}

const DEFAULT_FLUSH_BYTES = 64 * 1024 * 1024
const SPACE = 0x20

export class GramIndex {
  readonly unigrams: SegmentedPostings<UnigramBatch>
  readonly bigrams: SegmentedPostings<BigramBatch>
  /** Per-unit counts of the document being added (zeroed again after it). */
  private readonly unitCounts = new Int32Array(65536)
  private touched = new Int32Array(1 << 12)

  constructor(options: GramIndexOptions = {}) {
    const { dir, flushBytes = DEFAULT_FLUSH_BYTES, compaction, readOnly } = options
    // Unigram lists were ~1/8 of the postings (1/20 since format 8): a quarter of the runs'
    // memory writes them in few segments, instead of holding 64 MB of them for long.
    this.unigrams = new SegmentedPostings(
      {
        dir,
        flushBytes: Math.ceil(flushBytes / 4),
        name: 'unigram',
        extra: 1,
        compaction,
        readOnly,
      },
      new UnigramBatch(),
    )
    // `extra` is unused for bigrams: their entries have variable length (read in gramQuery.ts).
    this.bigrams = new SegmentedPostings(
      {
        dir,
        flushBytes,
        name: 'bigram',
        extra: 0,
        lastDoc: bigramListLastDoc,
        compaction,
        readOnly,
      },
      new BigramBatch(),
    )
  }

  close(): void {
    this.unigrams.close()
    this.bigrams.close()
  }

  /**
   * Index one document's normalised text. Documents must be added in increasing number order.
   * One pass appends an entry per bigram occurrence (key, position) and counts units; the
   * sorting into lists happens per batch (postingArena.ts). A single space between two gram
   * units is part of their run (`isBridgeSpace`), except at `separator` (the space between
   * title and body, which no match may span).
   */
  addDocument(doc: number, text: string, separator = -1): void {
    const length = text.length
    const bigramBatch = this.bigrams.batch
    if (bigramBatch.n > 0 && bigramBatch.n + length > this.bigrams.batchEntries)
      this.bigrams.sealPending()
    bigramBatch.reserve(length)
    const keys = bigramBatch.keys
    const docs = bigramBatch.docs
    const positions = bigramBatch.values
    let n = bigramBatch.n
    const kinds = gramUnitKinds
    const counts = this.unitCounts
    if (this.touched.length < length) this.touched = new Int32Array(length)
    const touched = this.touched
    let distinct = 0
    let previous = -1
    for (let i = 0; i < length; i++) {
      const unit = text.charCodeAt(i)
      const kind = kinds[unit] as number
      if (kind === 2 || (kind === 0 && !isGramUnit(unit))) {
        // A bridging space pairs with both neighbours and is not counted as a unit of its own.
        if (unit === SPACE && previous >= 0 && i !== separator && isBridgeSpace(text, i)) {
          keys[n] = (previous << 16) | unit
          docs[n] = doc
          positions[n++] = i - 1
          previous = unit
        } else previous = -1
        continue
      }
      if ((counts[unit] as number) === 0) touched[distinct++] = unit
      counts[unit] = (counts[unit] as number) + 1
      if (previous >= 0) {
        keys[n] = (previous << 16) | unit
        docs[n] = doc
        positions[n++] = i - 1
      }
      previous = unit
    }
    bigramBatch.n = n
    const unigramBatch = this.unigrams.batch
    unigramBatch.reserve(distinct)
    for (let t = 0; t < distinct; t++) {
      const unit = touched[t] as number
      unigramBatch.push(unit, doc, counts[unit] as number)
      counts[unit] = 0
    }
    this.unigrams.maybeFlush()
    this.bigrams.maybeFlush()
  }

  /** The documents containing a run of gram units (the whole run must be such units), with counts. */
  candidates(run: string): GramCandidates {
    return gramCandidates(this.unigrams, this.bigrams, run)
  }
}

/**
 * True when a normalised term is one run of gram units (single spaces between them included,
 * `isBridgeSpace`): the postings answer it exactly.
 */
export function isGramRun(term: string): boolean {
  if (term.length === 0) return false
  for (let i = 0; i < term.length; i++)
    if (!isGramUnit(term.charCodeAt(i)) && !isBridgeSpace(term, i)) return false
  return true
}
