/**
 * Exact CJK n-gram postings: every distinct character (unigram: tf) and every distinct pair
 * of adjacent characters (bigram: tf + an 8-bit mask of its positions mod 8) of each
 * document. A 1- or 2-character query is answered exactly from one list; a longer run
 * intersects its bigram lists and keeps a document only if the masks line up (the bigrams
 * can be next to each other), which removes most candidates before text verification.
 */
import { IntMap } from './intMap'
import { SegmentedPostings } from './segmentedPostings'
import { isCjkUnit } from './normalize'
import { bigramKey, unigramKey } from './tokens'

export interface GramCandidates {
  docs: Int32Array
  /** Term frequency per entry of `docs` when the answer is exact (runs of 1–2 units), else null. */
  tf: Uint8Array | null
}

const rotateRight = (mask: number, by: number): number => {
  const k = by & 7
  return ((mask >>> k) | (mask << (8 - k))) & 0xff
}

export interface GramIndexOptions {
  /** Folder for posting segments; without it postings stay in memory. */
  dir?: string
  /** Arena bytes per list family before a segment is written. */
  flushBytes?: number
}

export class GramIndex {
  readonly unigrams: SegmentedPostings
  readonly bigrams: SegmentedPostings
  private readonly uniScratch = new IntMap(4096)
  private readonly biScratch = new IntMap(8192)
  private readonly extras = [0, 0]

  constructor(options: GramIndexOptions = {}) {
    const { dir, flushBytes } = options
    this.unigrams = new SegmentedPostings({ dir, flushBytes, name: 'unigram', extra: 1 })
    this.bigrams = new SegmentedPostings({ dir, flushBytes, name: 'bigram', extra: 2 })
  }

  close(): void {
    this.unigrams.close()
    this.bigrams.close()
  }

  /** Index one document's normalised text. Documents must be added in increasing number order. */
  addDocument(doc: number, text: string): void {
    const uni = this.uniScratch
    const bi = this.biScratch
    uni.clear()
    bi.clear()
    let previous = -1
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i)
      if (!isCjkUnit(unit)) {
        previous = -1
        continue
      }
      const u = unigramKey(unit)
      uni.set(u, uni.get(u, 0) + 1)
      if (previous >= 0) {
        const b = bigramKey(previous, unit)
        const packed = bi.get(b, 0) // low byte: tf (saturating), next byte: position mask
        const tf = Math.min(255, (packed & 0xff) + 1)
        bi.set(b, tf | (((packed >>> 8) | (1 << ((i - 1) & 7))) << 8))
      }
      previous = unit
    }
    const extras = this.extras
    uni.forEach((key, tf) => {
      extras[0] = Math.min(255, tf)
      this.unigrams.append(key, doc, extras)
    })
    bi.forEach((key, packed) => {
      extras[0] = packed & 0xff
      extras[1] = (packed >>> 8) & 0xff
      this.bigrams.append(key, doc, extras)
    })
    this.unigrams.maybeFlush()
    this.bigrams.maybeFlush()
  }

  /** Candidates for a run of CJK units (the whole run must be CJK). */
  candidates(run: string): GramCandidates {
    if (run.length === 1) {
      const list = this.unigrams.decode(unigramKey(run.charCodeAt(0)))
      return { docs: list.docs, tf: list.extras }
    }
    if (run.length === 2) {
      const list = this.bigrams.decode(bigramKey(run.charCodeAt(0), run.charCodeAt(1)))
      const tf = new Uint8Array(list.docs.length)
      for (let i = 0; i < tf.length; i++) tf[i] = list.extras[i * 2] as number
      return { docs: list.docs, tf }
    }
    // Rarest bigram first keeps the intersection small from the start.
    const parts: { key: number; offset: number; df: number }[] = []
    for (let i = 0; i + 1 < run.length; i++) {
      const key = bigramKey(run.charCodeAt(i), run.charCodeAt(i + 1))
      parts.push({ key, offset: i, df: this.bigrams.documentFrequency(key) })
    }
    parts.sort((a, b) => a.df - b.df)
    let docs: Int32Array | null = null
    let masks: Uint8Array | null = null
    for (const part of parts) {
      const list = this.bigrams.decode(part.key)
      if (docs === null || masks === null) {
        docs = list.docs
        masks = new Uint8Array(docs.length)
        for (let i = 0; i < docs.length; i++)
          masks[i] = rotateRight(list.extras[i * 2 + 1] as number, part.offset)
        continue
      }
      const nextDocs: Int32Array = new Int32Array(Math.min(docs.length, list.docs.length))
      const nextMasks = new Uint8Array(nextDocs.length)
      let i = 0
      let j = 0
      let n = 0
      while (i < docs.length && j < list.docs.length) {
        const x = docs[i] as number
        const y = list.docs[j] as number
        if (x < y) i++
        else if (y < x) j++
        else {
          const mask =
            (masks[i] as number) & rotateRight(list.extras[j * 2 + 1] as number, part.offset)
          if (mask !== 0) {
            nextDocs[n] = x
            nextMasks[n++] = mask
          }
          i++
          j++
        }
      }
      docs = nextDocs.subarray(0, n)
      masks = nextMasks.subarray(0, n)
      if (n === 0) break
    }
    return { docs: docs ?? new Int32Array(0), tf: null }
  }
}

/** True when a normalised term is one run of 1–2 CJK units, answered exactly by the postings. */
export function isExactGramTerm(term: string): boolean {
  if (term.length === 0 || term.length > 2) return false
  for (let i = 0; i < term.length; i++) if (!isCjkUnit(term.charCodeAt(i))) return false
  return true
}
