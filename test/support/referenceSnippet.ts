/**
 * The snippet builder as it was before its columns and windowed patch decoding (one object per
 * occurrence, every patch decoded, a string built a character at a time): the reference the
 * faster one must equal, kept as plain as it was. Test support only.
 */
import { decodePatches, restoreWindow } from '../../src/main/core/search/normalize'
import { findOccurrences } from '../../src/main/core/search/match'
import { wordEdges } from '../../src/main/core/search/snippet'
import type { StoredText } from '../../src/main/core/search/textStore'

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

/**
 * Start of the window of `length` with the most distinct terms, then the most occurrences:
 * one pass with two pointers and a count per term (not a set per occurrence: common terms
 * have hundreds of occurrences per text).
 */
function bestWindowStart(occurrences: readonly Occurrence[], length: number): number {
  let bestStart = 0
  let bestDistinct = -1
  let bestCount = -1
  let terms = 0
  for (const o of occurrences) terms = Math.max(terms, o.term + 1)
  const perTerm = new Int32Array(terms)
  let distinct = 0
  let j = -1 // last occurrence inside the window [i, j]
  for (let i = 0; i < occurrences.length; i++) {
    const start = (occurrences[i] as Occurrence).position
    if (j < i) {
      j = i
      if (perTerm[(occurrences[i] as Occurrence).term]!++ === 0) distinct++
    }
    while (
      j + 1 < occurrences.length &&
      (occurrences[j + 1] as Occurrence).position < start + length
    ) {
      j++
      if (perTerm[(occurrences[j] as Occurrence).term]!++ === 0) distinct++
    }
    const count = j - i + 1
    if (distinct > bestDistinct || (distinct === bestDistinct && count > bestCount)) {
      bestDistinct = distinct
      bestCount = count
      bestStart = start
    }
    // Occurrence i leaves the window before the next start.
    if (--perTerm[(occurrences[i] as Occurrence).term]! === 0) distinct--
  }
  return bestStart
}

export function referenceSnippet(
  stored: StoredText,
  terms: readonly string[],
  length = SNIPPET_LENGTH,
  occurrences: readonly Occurrence[] = occurrencesOf(stored.text, terms),
): Snippet {
  const text = stored.text
  let start = 0
  if (occurrences.length > 0) {
    const first = bestWindowStart(occurrences, length)
    // Give the match some context before it, but fill the window if the text ends soon.
    start = Math.max(0, Math.min(first - Math.floor(length / 4), text.length - length))
  }
  let end = Math.min(text.length, start + length)
  // The edges leave words by the builder's own rule (tested on its own in snippet.test.ts).
  const inside = occurrences.filter((o) => o.position >= start && o.position + o.length <= end)
  const marksFrom = Math.min(end, ...inside.map((o) => o.position))
  const marksTo = Math.max(start, ...inside.map((o) => o.position + o.length))
  ;[start, end] = wordEdges(text, start, end, marksFrom, marksTo)
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++
  const restored = restoreWindow(text, decodePatches(stored.patches), start, end)
  const rawMarks: [number, number][] = []
  for (const o of occurrences) {
    const oEnd = o.position + o.length
    if (o.position < start || oEnd > end) continue
    let s = restored.starts[o.position - start] as number
    let e = restored.ends[oEnd - start] as number
    // A term that is half of a surrogate pair marks the whole character.
    if (
      s > 0 &&
      isLowSurrogate(restored.text.charCodeAt(s)) &&
      isHighSurrogate(restored.text.charCodeAt(s - 1))
    )
      s--
    if (
      isLowSurrogate(restored.text.charCodeAt(e)) &&
      isHighSurrogate(restored.text.charCodeAt(e - 1))
    )
      e++
    const last = rawMarks[rawMarks.length - 1]
    if (last && s <= last[1]) last[1] = Math.max(last[1], e)
    else rawMarks.push([s, e])
  }
  const collapsed = collapseWhitespace(restored.text, rawMarks)
  const prefix = start > 0 ? ELLIPSIS : ''
  const suffix = end < text.length ? ELLIPSIS : ''
  return {
    text: prefix + collapsed.text + suffix,
    marks: collapsed.marks.map(([s, e]) => [s + prefix.length, e + prefix.length]),
  }
}

const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff
const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff

/** Exactly the code units of the regular expression class `\s`, without a regular expression per character. */
function isSpace(unit: number): boolean {
  if (unit < 128) return unit === 32 || (unit >= 9 && unit <= 13)
  return (
    unit === 0xa0 ||
    unit === 0x1680 ||
    (unit >= 0x2000 && unit <= 0x200a) ||
    unit === 0x2028 ||
    unit === 0x2029 ||
    unit === 0x202f ||
    unit === 0x205f ||
    unit === 0x3000 ||
    unit === 0xfeff
  )
}

/** Runs of whitespace become one space (and the snippet is trimmed); marks follow. */
function collapseWhitespace(
  text: string,
  marks: [number, number][],
): { text: string; marks: [number, number][] } {
  const map: number[] = []
  let out = ''
  let previousSpace = true // drops leading whitespace
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string
    map.push(out.length)
    if (isSpace(text.charCodeAt(i))) {
      if (!previousSpace) out += ' '
      previousSpace = true
    } else {
      out += ch
      previousSpace = false
    }
  }
  map.push(out.length)
  const trimmed = out.replace(/ $/u, '')
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
