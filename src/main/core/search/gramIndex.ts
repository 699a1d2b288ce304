/**
 * Exact n-gram postings for title + body over "gram units" (CJK characters, punctuation and
 * symbols: see isGramUnit): every distinct unit of each document
 * (unigram list: tf) and every distinct pair of adjacent characters (bigram list: tf and
 * every position). A 1- or 2-character query is answered from one list; a longer run
 * intersects its bigram lists and keeps the start positions p where bigram i occurs at p + i
 * for every i, which proves the run occurs there — no text is read, and the number of starts
 * is the term frequency.
 *
 * Bigram entry (after the document delta): varint tf, then tf varint position deltas.
 */
import { IntMap } from './intMap'
import { isGramUnit } from './normalize'
import { SegmentedPostings } from './segmentedPostings'
import { bigramKey, unigramKey } from './tokens'

export interface GramCandidates {
  docs: Int32Array
  /**
   * Occurrences per entry of `docs` (saturating at 255) when the lists prove the run; null
   * when the intersection stopped early (few candidates left): then `docs` must be verified.
   */
  tf: Uint8Array | null
}

/**
 * Once this few candidates remain, reading their text is cheaper than decoding the rest of
 * the (common) bigram lists: at 100k articles a common list costs ~5 ms to decode, a text ~5 µs.
 */
const VERIFY_BELOW = 32

export interface GramIndexOptions {
  /** Folder for posting segments; without it postings stay in memory. */
  dir?: string
  /** Arena bytes per list family before a segment is written. */
  flushBytes?: number
}

interface PositionalList {
  docs: Int32Array
  /** Positions of entry i: positions[starts[i] .. starts[i + 1]). */
  starts: Uint32Array
  positions: Int32Array
}

export class GramIndex {
  readonly unigrams: SegmentedPostings
  readonly bigrams: SegmentedPostings
  private readonly uniScratch = new IntMap(4096)
  private readonly biSlots = new IntMap(8192)
  private readonly extras = [0]
  // Per-document scratch, grown as needed: occurrence (slot, position) pairs, then per slot.
  private occSlot = new Int32Array(1 << 14)
  private occPos = new Int32Array(1 << 14)
  private slotKey = new Int32Array(1 << 12)
  private slotCount = new Int32Array(1 << 12)
  private slotOffset = new Int32Array(1 << 12)
  private sortedPos = new Int32Array(1 << 14)
  private payload = new Uint8Array(1 << 12)

  constructor(options: GramIndexOptions = {}) {
    const { dir, flushBytes } = options
    this.unigrams = new SegmentedPostings({ dir, flushBytes, name: 'unigram', extra: 1 })
    // `extra` is unused for bigrams: their entries have variable length (read by decodePositional).
    this.bigrams = new SegmentedPostings({ dir, flushBytes, name: 'bigram', extra: 0 })
  }

  close(): void {
    this.unigrams.close()
    this.bigrams.close()
  }

  /** Index one document's normalised text. Documents must be added in increasing number order. */
  addDocument(doc: number, text: string): void {
    const uni = this.uniScratch
    const slots = this.biSlots
    uni.clear()
    slots.clear()
    if (this.occSlot.length < text.length) {
      this.occSlot = new Int32Array(text.length)
      this.occPos = new Int32Array(text.length)
      this.sortedPos = new Int32Array(text.length)
    }
    let occurrences = 0
    let slotTotal = 0
    let previous = -1
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i)
      if (!isGramUnit(unit)) {
        previous = -1
        continue
      }
      const u = unigramKey(unit)
      uni.set(u, uni.get(u, 0) + 1)
      if (previous >= 0) {
        const key = bigramKey(previous, unit)
        let slot = slots.get(key)
        if (slot < 0) {
          slot = slotTotal++
          if (slot >= this.slotKey.length) this.growSlots()
          slots.set(key, slot)
          this.slotKey[slot] = key
          this.slotCount[slot] = 0
        }
        this.slotCount[slot] = (this.slotCount[slot] as number) + 1
        this.occSlot[occurrences] = slot
        this.occPos[occurrences++] = i - 1
      }
      previous = unit
    }
    const extras = this.extras
    uni.forEach((key, tf) => {
      extras[0] = Math.min(255, tf)
      this.unigrams.append(key, doc, extras)
    })
    // Counting sort of the occurrences by slot keeps each slot's positions in text order.
    let running = 0
    for (let s = 0; s < slotTotal; s++) {
      this.slotOffset[s] = running
      running += this.slotCount[s] as number
    }
    for (let k = 0; k < occurrences; k++) {
      const s = this.occSlot[k] as number
      const at = this.slotOffset[s] as number
      this.sortedPos[at] = this.occPos[k] as number
      this.slotOffset[s] = at + 1
    }
    let start = 0
    for (let s = 0; s < slotTotal; s++) {
      const tf = this.slotCount[s] as number
      if (this.payload.length < 5 * (tf + 1)) this.payload = new Uint8Array(5 * (tf + 1) * 2)
      const payload = this.payload
      let n = writeVarint(payload, 0, tf)
      let last = 0
      for (let k = start; k < start + tf; k++) {
        const position = this.sortedPos[k] as number
        n = writeVarint(payload, n, position - last)
        last = position
      }
      start += tf
      this.bigrams.appendPayload(this.slotKey[s] as number, doc, payload, n)
    }
    this.unigrams.maybeFlush()
    this.bigrams.maybeFlush()
  }

  /** The documents containing a run of CJK units (the whole run must be CJK), with counts. */
  candidates(run: string): GramCandidates {
    if (run.length === 1) {
      const list = this.unigrams.decode(unigramKey(run.charCodeAt(0)))
      return { docs: list.docs, tf: list.extras }
    }
    if (run.length === 2) {
      const list = this.decodePositional(bigramKey(run.charCodeAt(0), run.charCodeAt(1)), false)
      const tf = new Uint8Array(list.docs.length)
      for (let i = 0; i < tf.length; i++)
        tf[i] = Math.min(255, (list.starts[i + 1] as number) - (list.starts[i] as number))
      return { docs: list.docs, tf }
    }
    // Rarest bigram first keeps the intersection small from the start.
    const parts: { key: number; offset: number; df: number }[] = []
    for (let i = 0; i + 1 < run.length; i++) {
      const key = bigramKey(run.charCodeAt(i), run.charCodeAt(i + 1))
      parts.push({ key, offset: i, df: this.bigrams.documentFrequency(key) })
    }
    parts.sort((a, b) => a.df - b.df)
    // Candidate start positions per surviving document.
    let current: PositionalList | null = null
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k] as (typeof parts)[number]
      const list = this.decodePositional(part.key, true)
      current =
        current === null ? shift(list, part.offset) : keepAligned(current, list, part.offset)
      if (current.docs.length === 0) break
      if (current.docs.length <= VERIFY_BELOW && k + 1 < parts.length)
        return { docs: current.docs, tf: null }
    }
    const result = current ?? {
      docs: new Int32Array(0),
      starts: new Uint32Array(1),
      positions: new Int32Array(0),
    }
    const tf = new Uint8Array(result.docs.length)
    for (let i = 0; i < tf.length; i++)
      tf[i] = Math.min(255, (result.starts[i + 1] as number) - (result.starts[i] as number))
    return { docs: result.docs, tf }
  }

  /** Decode a bigram's entries; positions only when asked (the 2-character case skips them). */
  private decodePositional(key: number, withPositions: boolean): PositionalList {
    const lists = this.bigrams.rawLists(key)
    let total = 0
    for (const list of lists) total += list.count
    const docs = new Int32Array(total)
    const starts = new Uint32Array(total + 1)
    let positions = new Int32Array(withPositions ? Math.max(16, total * 4) : 0)
    let entry = 0
    let stored = 0
    let cumulative = 0
    for (const { count, bytes } of lists) {
      let pos = 0
      let doc = -1
      for (let k = 0; k < count; k++) {
        let value = 0
        let shiftBits = 0
        let b: number
        do {
          b = bytes[pos++] as number
          value += (b & 0x7f) * 2 ** shiftBits
          shiftBits += 7
        } while (b & 0x80)
        doc += value
        docs[entry] = doc
        let tf = 0
        shiftBits = 0
        do {
          b = bytes[pos++] as number
          tf += (b & 0x7f) * 2 ** shiftBits
          shiftBits += 7
        } while (b & 0x80)
        // With positions: index into `positions`; without: cumulative tf (tf = next − this).
        starts[entry] = withPositions ? stored : cumulative
        cumulative += tf
        if (withPositions && stored + tf > positions.length) {
          const grown = new Int32Array(Math.max(positions.length * 2, stored + tf))
          grown.set(positions.subarray(0, stored))
          positions = grown
        }
        let position = 0
        for (let t = 0; t < tf; t++) {
          let delta = 0
          shiftBits = 0
          do {
            b = bytes[pos++] as number
            delta += (b & 0x7f) * 2 ** shiftBits
            shiftBits += 7
          } while (b & 0x80)
          position += delta
          if (withPositions) positions[stored++] = position
        }
        entry++
      }
    }
    starts[entry] = withPositions ? stored : cumulative
    return { docs, starts, positions: positions.subarray(0, stored) }
  }

  private growSlots(): void {
    const size = this.slotKey.length * 2
    const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(size)
      b.set(a)
      return b
    }
    this.slotKey = grow(this.slotKey)
    this.slotCount = grow(this.slotCount)
    this.slotOffset = grow(this.slotOffset)
  }
}

function writeVarint(out: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    out[at++] = (value & 0x7f) | 0x80
    value >>>= 7
  }
  out[at++] = value
  return at
}

/** Start positions of the run implied by bigram `offset` of it: position − offset (≥ 0). */
function shift(list: PositionalList, offset: number): PositionalList {
  const starts = new Uint32Array(list.docs.length + 1)
  const positions = new Int32Array(list.positions.length)
  const docs = new Int32Array(list.docs.length)
  let n = 0
  let stored = 0
  for (let i = 0; i < list.docs.length; i++) {
    const begin = stored
    for (let k = list.starts[i] as number; k < (list.starts[i + 1] as number); k++) {
      const start = (list.positions[k] as number) - offset
      if (start >= 0) positions[stored++] = start
    }
    if (stored > begin) {
      docs[n] = list.docs[i] as number
      starts[n++] = begin
    }
  }
  starts[n] = stored
  return {
    docs: docs.subarray(0, n),
    starts: starts.subarray(0, n + 1),
    positions: positions.subarray(0, stored),
  }
}

/** Keep the documents and start positions s of `current` where `list` has a position s + offset. */
function keepAligned(
  current: PositionalList,
  list: PositionalList,
  offset: number,
): PositionalList {
  const docs = new Int32Array(Math.min(current.docs.length, list.docs.length))
  const starts = new Uint32Array(docs.length + 1)
  const positions = new Int32Array(current.positions.length)
  let n = 0
  let stored = 0
  let i = 0
  let j = 0
  while (i < current.docs.length && j < list.docs.length) {
    const x = current.docs[i] as number
    const y = list.docs[j] as number
    if (x < y) i++
    else if (y < x) j++
    else {
      const begin = stored
      let a = current.starts[i] as number
      const aEnd = current.starts[i + 1] as number
      let b = list.starts[j] as number
      const bEnd = list.starts[j + 1] as number
      while (a < aEnd && b < bEnd) {
        const want = (current.positions[a] as number) + offset
        const have = list.positions[b] as number
        if (want === have) {
          positions[stored++] = current.positions[a] as number
          a++
          b++
        } else if (want < have) a++
        else b++
      }
      if (stored > begin) {
        docs[n] = x
        starts[n++] = begin
      }
      i++
      j++
    }
  }
  starts[n] = stored
  return {
    docs: docs.subarray(0, n),
    starts: starts.subarray(0, n + 1),
    positions: positions.subarray(0, stored),
  }
}

/** True when a normalised term is one run of gram units: the postings answer it exactly. */
export function isGramRun(term: string): boolean {
  if (term.length === 0) return false
  for (let i = 0; i < term.length; i++) if (!isGramUnit(term.charCodeAt(i))) return false
  return true
}
