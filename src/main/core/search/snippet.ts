/**
 * Snippets: about `length` characters of the ORIGINAL text around the densest cluster of
 * matches, with every match marked as [start, end) offsets into the snippet text. Matching
 * runs on normalised text; `restoreWindow` maps the window and the marks back. Titles are
 * marked the same way (`titleMarks`), whole.
 */
import { decodePatches, isWordUnit, normalizeWithPatches, restoreWindow } from './normalize'
import { findOccurrences } from './match'
import type { StoredText } from './textStore'
import { isJsWhitespace } from '../archive/parse/whitespace'

export interface Snippet {
  text: string
  /** [start, end) offsets into `text`, sorted, not overlapping. */
  marks: [number, number][]
}

export interface Occurrence {
  position: number
  length: number
  term: number
}

export const SNIPPET_LENGTH = 120
const ELLIPSIS = '…'

/** All occurrences of the terms in a normalised text, sorted by position (at most `cap` per term). */
export function occurrencesOf(text: string, terms: readonly string[], cap = 500): Occurrence[] {
  const all: Occurrence[] = []
  terms.forEach((term, index) => {
    for (const position of findOccurrences(text, term, cap)) {
      all.push({ position, length: term.length, term: index })
    }
  })
  return all.sort((a, b) => a.position - b.position || b.length - a.length)
}

/** Smallest distance between occurrences of two different terms, or null with fewer than two terms found. */
export function closestDistance(occurrences: readonly Occurrence[]): number | null {
  let best: number | null = null
  for (let i = 1; i < occurrences.length; i++) {
    const a = occurrences[i - 1] as Occurrence
    const b = occurrences[i] as Occurrence
    if (a.term === b.term) continue
    const gap = Math.max(0, b.position - (a.position + a.length))
    if (best === null || gap < best) best = gap
  }
  return best
}

/**
 * Occurrences as parallel columns, sorted by position: a page of 50 snippets of a common
 * term met thousands of them, and an object each was most of a search's garbage (the search
 * worker's young generation is small, so garbage is scavenges and, promoted, full collections).
 */
interface OccurrenceColumns {
  count: number
  position: Int32Array
  length: Int32Array
  term: Int32Array
}

function occurrenceColumns(text: string, terms: readonly string[], cap = 500): OccurrenceColumns {
  const found = terms.map((term) => findOccurrences(text, term, cap))
  let count = 0
  for (const positions of found) count += positions.length
  const columns: OccurrenceColumns = {
    count,
    position: new Int32Array(count),
    length: new Int32Array(count),
    term: new Int32Array(count),
  }
  // Merge the terms' ascending lists by position. Terms meeting at one position may come in
  // any order: the window counts them alike and their marks merge into one.
  const next = new Int32Array(terms.length)
  for (let k = 0; k < count; k++) {
    let best = -1
    let bestPosition = 0
    for (let t = 0; t < terms.length; t++) {
      const positions = found[t] as number[]
      if ((next[t] as number) >= positions.length) continue
      const position = positions[next[t] as number] as number
      if (best < 0 || position < bestPosition) {
        best = t
        bestPosition = position
      }
    }
    columns.position[k] = bestPosition
    columns.length[k] = (terms[best] as string).length
    columns.term[k] = best
    next[best] = (next[best] as number) + 1
  }
  return columns
}

/**
 * Start of the window of `length` with the most distinct terms, then the most occurrences:
 * one pass with two pointers and a count per term (not a set per occurrence: common terms
 * have hundreds of occurrences per text).
 */
function bestWindowStart(occurrences: OccurrenceColumns, terms: number, length: number): number {
  const { count: total, position, term } = occurrences
  let bestStart = 0
  let bestDistinct = -1
  let bestCount = -1
  const perTerm = new Int32Array(terms)
  let distinct = 0
  let j = -1 // last occurrence inside the window [i, j]
  for (let i = 0; i < total; i++) {
    const start = position[i] as number
    if (j < i) {
      j = i
      if (perTerm[term[i] as number]!++ === 0) distinct++
    }
    while (j + 1 < total && (position[j + 1] as number) < start + length) {
      j++
      if (perTerm[term[j] as number]!++ === 0) distinct++
    }
    const count = j - i + 1
    if (distinct > bestDistinct || (distinct === bestDistinct && count > bestCount)) {
      bestDistinct = distinct
      bestCount = count
      bestStart = start
    }
    // Occurrence i leaves the window before the next start.
    if (--perTerm[term[i] as number]! === 0) distinct--
  }
  return bestStart
}

export function buildSnippet(
  stored: StoredText,
  terms: readonly string[],
  length = SNIPPET_LENGTH,
): Snippet {
  const text = stored.text
  const occurrences = occurrenceColumns(text, terms)
  let start = 0
  if (occurrences.count > 0) {
    const first = bestWindowStart(occurrences, terms.length, length)
    // Give the match some context before it, but fill the window if the text ends soon.
    start = Math.max(0, Math.min(first - Math.floor(length / 4), text.length - length))
  }
  let end = Math.min(text.length, start + length)
  // Where the window's first occurrence starts and its last ends: the edges may not cut them off.
  let marksFrom = end
  let marksTo = start
  for (let k = 0; k < occurrences.count; k++) {
    const position = occurrences.position[k] as number
    if (position >= end) break
    const oEnd = position + (occurrences.length[k] as number)
    if (position < start || oEnd > end) continue
    if (position < marksFrom) marksFrom = position
    if (oEnd > marksTo) marksTo = oEnd
  }
  ;[start, end] = wordEdges(text, start, end, marksFrom, marksTo)
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++
  const restored = restoreWindow(text, decodePatches(stored.patches, start, end), start, end)
  const rawMarks = windowMarks(occurrences, restored, start, end)
  const collapsed = collapseWhitespace(restored.text, rawMarks)
  const prefix = start > 0 ? ELLIPSIS : ''
  const suffix = end < text.length ? ELLIPSIS : ''
  return {
    text: prefix + collapsed.text + suffix,
    marks: collapsed.marks.map(([s, e]) => [s + prefix.length, e + prefix.length]),
  }
}

/** How far a window's edge may move to leave a word: a few characters, so a snippet stays about its length. */
export const WORD_SLACK = 10

/**
 * The window [start, end) of a normalised text with each edge moved out of the run of letters
 * and digits (`isWordUnit`) it falls inside, so a snippet shows no half words ("…inux内核",
 * "insi…"): to the nearer end of that run if it is at most `slack` units away (a tie takes the
 * whole word), never shrinking past `first` (where the window's first occurrence starts) or
 * `last` (where its last one ends), so no mark is cut off. CJK text has no words and is cut
 * anywhere; a run longer than the slack both ways (a hash, a long URL) stays cut. An edge only
 * moves to a position next to a word unit, so never between the halves of a surrogate pair.
 */
export function wordEdges(
  text: string,
  start: number,
  end: number,
  first: number,
  last: number,
  slack = WORD_SLACK,
): [number, number] {
  if (start > 0 && start < end && insideWord(text, start)) {
    const back = runStart(text, start, slack)
    const ahead = runEnd(text, start, slack)
    const canShrink = ahead >= 0 && ahead <= first && ahead < end
    if (back >= 0 && (!canShrink || start - back <= ahead - start)) start = back
    else if (canShrink) start = ahead
  }
  if (end < text.length && end > start && insideWord(text, end)) {
    const ahead = runEnd(text, end, slack)
    const back = runStart(text, end, slack)
    const canShrink = back >= 0 && back >= last && back > start
    if (ahead >= 0 && (!canShrink || ahead - end <= end - back)) end = ahead
    else if (canShrink) end = back
  }
  return [start, end]
}

const insideWord = (text: string, at: number): boolean =>
  isWordUnit(text.charCodeAt(at - 1)) && isWordUnit(text.charCodeAt(at))

/** Where the run of word units ending at `at` starts, or −1 when that is more than `slack` back. */
function runStart(text: string, at: number, slack: number): number {
  let i = at
  while (i > 0 && isWordUnit(text.charCodeAt(i - 1))) {
    if (at - i >= slack) return -1
    i--
  }
  return i
}

/** Where the run of word units starting at `at` ends, or −1 when that is more than `slack` on. */
function runEnd(text: string, at: number, slack: number): number {
  let i = at
  while (i < text.length && isWordUnit(text.charCodeAt(i))) {
    if (i - at >= slack) return -1
    i++
  }
  return i
}

/**
 * The marks of the terms in a whole title: [start, end) offsets into the ORIGINAL title, found
 * by the same match rule on the same normalisation as the snippet's (a front end's literal,
 * case-insensitive search marked `in` inside `Linux` and missed `英特爾` for `英特尔`). The
 * title is normalised again here, with its patches, rather than storing patches for every
 * title: only the page's hits need it, and a title is a few dozen characters.
 */
export function titleMarks(title: string, terms: readonly string[]): [number, number][] {
  if (terms.length === 0 || title.length === 0) return []
  const { text, patches } = normalizeWithPatches(title)
  const occurrences = occurrenceColumns(text, terms)
  if (occurrences.count === 0) return []
  return windowMarks(occurrences, restoreWindow(text, patches, 0, text.length), 0, text.length)
}

/**
 * The occurrences that lie inside the normalised window [start, end), as [start, end) offsets
 * into its restored text; overlapping or touching ones merge. A mark never splits a surrogate
 * pair, even for a term that is half of one (a query may carry a lone surrogate).
 */
function windowMarks(
  occurrences: OccurrenceColumns,
  restored: { text: string; starts: Int32Array; ends: Int32Array },
  start: number,
  end: number,
): [number, number][] {
  const marks: [number, number][] = []
  const original = restored.text
  for (let k = 0; k < occurrences.count; k++) {
    const position = occurrences.position[k] as number
    const oEnd = position + (occurrences.length[k] as number)
    if (position < start || oEnd > end) continue
    let s = restored.starts[position - start] as number
    let e = restored.ends[oEnd - start] as number
    if (s > 0 && splitsPair(original, s)) s--
    if (e < original.length && splitsPair(original, e)) e++
    const last = marks[marks.length - 1]
    if (last && s <= last[1]) last[1] = Math.max(last[1], e)
    else marks.push([s, e])
  }
  return marks
}

const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff

/** True when `at` falls between the two halves of a surrogate pair. */
const splitsPair = (text: string, at: number): boolean =>
  isLowSurrogate(text.charCodeAt(at)) && (text.charCodeAt(at - 1) & 0xfc00) === 0xd800

/** Runs of whitespace become one space (and the snippet is trimmed); marks follow. */
function collapseWhitespace(
  text: string,
  marks: [number, number][],
): { text: string; marks: [number, number][] } {
  // map[i]: where text[i] lands in the output. Runs without whitespace are copied as slices.
  const map = new Int32Array(text.length + 1)
  let out = ''
  let outLength = 0
  let runStart = -1 // start of the pending run of non-space units
  let previousSpace = true // drops leading whitespace
  for (let i = 0; i < text.length; i++) {
    if (isJsWhitespace(text.charCodeAt(i))) {
      if (runStart >= 0) {
        out += text.slice(runStart, i)
        runStart = -1
      }
      map[i] = outLength
      if (!previousSpace) {
        out += ' '
        outLength++
      }
      previousSpace = true
    } else {
      if (runStart < 0) runStart = i
      map[i] = outLength++
      previousSpace = false
    }
  }
  if (runStart >= 0) out += text.slice(runStart)
  map[text.length] = outLength
  const trimmed = previousSpace && out.endsWith(' ') ? out.slice(0, -1) : out
  return {
    text: trimmed,
    marks: marks
      .map(([s, e]): [number, number] => [
        Math.min(map[s] as number, trimmed.length),
        Math.min(map[e] as number, trimmed.length),
      ])
      .filter(([s, e]) => e > s),
  }
}
