/**
 * Terms that mix words and gram units, or words with letter and digit parts (`AMD锐龙`,
 * `a16`, `"rtx 4090"`, `"，ab"`), proven by positions: every word (adjacent words as pairs,
 * wordPositions.ts PAIR) and every run of 2+ gram units of the term is an anchor at a fixed offset; the lists of the anchors (word positions,
 * bigram positions) are intersected rarest first, keeping the starts p where each anchor
 * occurs at p + its offset. A word inside the term must be a whole word of the text there; the
 * last one (the term ends with it) may be a prefix. What no anchor covers (spaces and other
 * unindexed characters, single gram units) is checked on the text of the surviving starts
 * only. Title and body are told apart by the start: below the title's length is the title.
 */
import { alignUnion } from './alignUnion'
import type { DocTable } from './docTable'
import type { GramIndex } from './gramIndex'
import { alignStream, decodeShifted, type PositionalList } from './gramQuery'
import { isWordStart } from './match'
import type { LocatedList } from './segmentedPostings'
import type { TextStore } from './textStore'
import { bigramKey, segments } from './tokens'
import { PAIR, type WordPositions } from './wordPositions'

export interface AlignedTerm {
  docs: Int32Array
  /** Per entry of `docs`: body occurrences (capped at 255) | 0x100 when the title has the term. */
  flags: Uint16Array
}

interface Anchor {
  /** Lists of consecutive document ranges (one family), streamed; or several words' lists. */
  lists: LocatedList[]
  /** True when `lists` are different words' lists (a prefix): they are unioned, not streamed. */
  union: boolean
  offset: number
  df: number
}

const TITLE_BIT = 0x100
/**
 * With this few candidate starts left, the rest of the term is checked on the text (when the
 * texts are read from the archive's files, far fewer: see gramQuery.ts VERIFY_BELOW).
 */
const CHECK_BELOW = 64
/** A document with more starts than this to check has its whole text read once. */
const WINDOWS_PER_TEXT = 8

/**
 * The documents containing `term` with their title flag and body counts, or null when the
 * term has no anchor or starts/ends with an unindexed character (then the caller verifies).
 */
export function alignTerm(
  term: string,
  grams: GramIndex,
  words: WordPositions,
  table: DocTable,
  store: TextStore,
  checkBelow = CHECK_BELOW,
): AlignedTerm | null {
  const parts = segments(term)
  if (parts.length < 2) return null
  const lastPart = parts[parts.length - 1] as (typeof parts)[number]
  if ((parts[0] as (typeof parts)[number]).start !== 0) return null
  if (lastPart.start + lastPart.text.length !== term.length) return null
  let covered = 0
  const anchors: Anchor[] = []
  // Adjacent words (`a16`, `rtx4090ti`) anchor on pairs of words (wordPositions.ts PAIR): each
  // word with the next, the second whole unless it ends the term; a word that is the second of
  // a pair needs no anchor of its own.
  let pairedWithPrevious = false
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p] as (typeof parts)[number]
    if (part.kind === 'word') {
      const next = parts[p + 1]
      const joinsNext = next?.kind === 'word' && next.start === part.start + part.text.length
      if (joinsNext) {
        const last = next === lastPart
        const key = PAIR + part.text + next.text
        const lists = last ? words.withPrefix(key) : words.exact(key)
        anchors.push(anchorOf(lists, last && lists.length > 1, part.start))
      } else if (!pairedWithPrevious) {
        const last = part === lastPart
        const lists = last ? words.withPrefix(part.text) : words.exact(part.text)
        anchors.push(anchorOf(lists, last && lists.length > 1, part.start))
      }
      pairedWithPrevious = joinsNext
      covered += part.text.length
    } else {
      pairedWithPrevious = false
      if (part.text.length >= 2) {
        for (let i = 0; i + 1 < part.text.length; i++) {
          const key = bigramKey(part.text.charCodeAt(i), part.text.charCodeAt(i + 1))
          anchors.push(anchorOf(grams.bigrams.locate(key), false, part.start + i))
        }
        covered += part.text.length
      }
    }
  }
  if (anchors.length === 0) return null
  anchors.sort((a, b) => order(a) - order(b))
  let needsText = covered < term.length
  let current: PositionalList | null = null
  for (const anchor of anchors) {
    if (anchor.df === 0) return { docs: new Int32Array(0), flags: new Uint16Array(0) }
    if (current !== null && current.positions.length <= checkBelow) {
      // Few starts left: checking them on the text beats decoding the remaining lists.
      needsText = true
      break
    }
    if (current === null) {
      current = anchor.union
        ? shiftDecoded(decodeUnion(anchor.lists), anchor.offset)
        : decodeShifted(anchor.lists, anchor.offset, anchor.df)
    } else if (anchor.union) {
      // The candidates kept where any of the prefix's words is (alignUnion.ts).
      current = alignUnion(current, anchor.lists, anchor.offset)
    } else {
      current = alignStream(current, anchor.lists, anchor.offset)
    }
    if (current.docs.length === 0) break
  }
  return classify(current as PositionalList, term, needsText, table, store)
}

/**
 * Rarest first, but a prefix's union counts triple: decoding all its words' lists and merging
 * them costs more per entry than streaming them against candidates (alignUnion), so another
 * anchor of about its size goes first (`A16`, 143 words after `a`: 9.2 → 5.3 ms a search, repeated).
 */
function order(anchor: Anchor): number {
  return anchor.union ? anchor.df * 3 : anchor.df
}

function anchorOf(lists: LocatedList[], union: boolean, offset: number): Anchor {
  let df = 0
  for (const list of lists) df += list.count
  return { lists, union, offset, df }
}

/**
 * Title flag and body count per document. With `needsText`, each start is checked on the text
 * (the characters no anchor proved, and the word start): a small read per start, or the whole
 * text once for a document with many starts.
 */
function classify(
  found: PositionalList,
  term: string,
  needsText: boolean,
  table: DocTable,
  store: TextStore,
): AlignedTerm {
  const n = found.docs.length
  const docs = new Int32Array(n)
  const flags = new Uint16Array(n)
  const first = term.charCodeAt(0)
  let kept = 0
  for (let i = 0; i < n; i++) {
    const doc = found.docs[i] as number
    const titleLength = table.titleLength[doc] as number
    const from = found.starts[i] as number
    const to = found.starts[i + 1] as number
    let inTitle = false
    let count = 0
    let body: string | null = to - from > WINDOWS_PER_TEXT && needsText ? null : ''
    for (let k = from; k < to; k++) {
      const start = found.positions[k] as number
      if (start + term.length <= titleLength) {
        if (inTitle) continue
        const title = table.records[doc]?.normTitle ?? ''
        inTitle = !needsText || (title.startsWith(term, start) && isWordStart(title, start, first))
      } else if (start > titleLength) {
        if (needsText) {
          const at = start - titleLength - 1
          if (body === null) body = store.getText(doc) ?? ''
          if (body !== '') {
            if (!body.startsWith(term, at) || !isWordStart(body, at, first)) continue
          } else {
            // The unit before the start (for the word-start rule), then the term.
            const before = at > 0 ? 1 : 0
            const window = store.getTextRange(doc, at - before, at + term.length) ?? ''
            if (!window.startsWith(term, before) || !isWordStart(window, before, first)) continue
          }
        }
        count++
      }
      // A start that spans the title and the body is neither.
    }
    if (!inTitle && count === 0) continue
    docs[kept] = doc
    flags[kept++] = Math.min(255, count) | (inTitle ? TITLE_BIT : 0)
  }
  return { docs: docs.subarray(0, kept), flags: flags.subarray(0, kept) }
}

/** Decode several words' lists (each in document order) into one list, positions merged. */
function decodeUnion(lists: LocatedList[]): PositionalList {
  return unionOf(lists.map((list) => decodeShifted([list], 0, list.count)))
}

/**
 * One list of the documents of several, each document's positions merged in order. A bucket
 * pass by document (a prefix like `16` has 100+ words' lists): count, place, then order each
 * document's few positions — linear, where sorting every (document, position) pair was not.
 */
function unionOf(decoded: PositionalList[]): PositionalList {
  if (decoded.length === 1) return decoded[0] as PositionalList
  let positions = 0
  let maxDoc = -1
  for (const d of decoded) {
    positions += d.positions.length
    if (d.docs.length > 0) maxDoc = Math.max(maxDoc, d.docs[d.docs.length - 1] as number)
  }
  // Per document: how many positions, then (prefix sums) where its positions go.
  const fill = new Uint32Array(maxDoc + 2)
  for (const d of decoded)
    for (let i = 0; i < d.docs.length; i++) {
      const at = (d.docs[i] as number) + 1
      fill[at] = (fill[at] as number) + (d.starts[i + 1] as number) - (d.starts[i] as number)
    }
  let docCount = 0
  for (let doc = 1; doc <= maxDoc + 1; doc++) {
    if (fill[doc] !== 0) docCount++
    fill[doc] = (fill[doc] as number) + (fill[doc - 1] as number)
  }
  const out = new Int32Array(positions)
  const docs = new Int32Array(docCount)
  const starts = new Uint32Array(docCount + 1)
  let n = 0
  for (let doc = 0; doc <= maxDoc; doc++) {
    if (fill[doc + 1] !== fill[doc]) {
      docs[n] = doc
      starts[n++] = fill[doc] as number
    }
  }
  starts[n] = positions
  // `fill[doc]` now walks each document's slots as its positions are placed.
  for (const d of decoded) {
    for (let i = 0; i < d.docs.length; i++) {
      const doc = d.docs[i] as number
      let slot = fill[doc] as number
      for (let k = d.starts[i] as number; k < (d.starts[i + 1] as number); k++)
        out[slot++] = d.positions[k] as number
      fill[doc] = slot
    }
  }
  for (let i = 0; i < n; i++) {
    const from = starts[i] as number
    const to = starts[i + 1] as number
    if (to - from > 16) {
      out.subarray(from, to).sort()
      continue
    }
    // Insertion sort: a document mostly has a handful of positions across the words.
    for (let k = from + 1; k < to; k++) {
      const value = out[k] as number
      let j = k - 1
      while (j >= from && (out[j] as number) > value) {
        out[j + 1] = out[j] as number
        j--
      }
      out[j + 1] = value
    }
  }
  return { docs, starts, positions: out }
}

/** Starts implied by an anchor at `offset`: position − offset, dropping negatives. */
function shiftDecoded(list: PositionalList, offset: number): PositionalList {
  const docs = new Int32Array(list.docs.length)
  const starts = new Uint32Array(list.docs.length + 1)
  const positions = new Int32Array(list.positions.length)
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
