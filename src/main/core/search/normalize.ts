/**
 * One normalisation for documents and queries, so that matching is plain substring
 * matching on normalised text: NFKC, lowercase, Traditional → Simplified (opencc-js
 * `t → cn`), every whitespace character → one space.
 *
 * The mapping is applied PER CODE POINT, never per phrase. That makes it a homomorphism:
 * if q occurs in t then norm(q) occurs in norm(t), which is what exactness needs. opencc's
 * phrase tables would convert a character differently depending on its neighbours, so a
 * query could normalise differently from the same characters inside an article.
 * Per-code-point folding can change the length (ﬁ → fi, 660 rare Han characters become
 * astral), so documents also get `patches`: the runs where the original differs, which
 * rebuild the original text of a snippet window and map its marks back.
 */
import { Buffer } from 'node:buffer'
import * as OpenCC from 'opencc-js'

/** A run of normalised text [start, start + length) whose original text was `original`. */
export interface Patch {
  start: number
  length: number
  original: string
}

export interface NormalizedText {
  text: string
  /** Sorted, non-overlapping runs (one per changed code point) where the original differs from `text`. */
  patches: Patch[]
}

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' })
const foldCache = new Map<number, string>()

/** The folded form of one code point (cached: a document has a few thousand distinct ones). */
export function foldCodePoint(cp: number): string {
  if (cp < 128) {
    if (cp >= 65 && cp <= 90) return String.fromCharCode(cp + 32)
    if (cp === 9 || cp === 10 || cp === 11 || cp === 12 || cp === 13) return ' '
    return String.fromCharCode(cp)
  }
  const cached = foldCache.get(cp)
  if (cached !== undefined) return cached
  const source = String.fromCodePoint(cp)
  let folded = ''
  for (const ch of source.normalize('NFKC').toLowerCase()) {
    // Convert each character alone: no phrase context (see the module comment).
    folded += /\s/u.test(ch) ? ' ' : toSimplified(ch)
  }
  foldCache.set(cp, folded)
  return folded
}

/**
 * Per UTF-16 unit outside the surrogates: 0 not yet known, 1 folds to itself, 2 changes.
 * A typed table instead of a Map lookup per character: the normaliser's hot path at build
 * time (323M characters at 100k articles) is one array read per unit.
 */
const foldKinds = new Uint8Array(65536)

/** 1 when a BMP unit (not a surrogate) folds to itself, else 2; fills the table. */
function foldKind(unit: number): number {
  const known = foldKinds[unit] as number
  if (known !== 0) return known
  const kind = foldCodePoint(unit) === String.fromCharCode(unit) ? 1 : 2
  foldKinds[unit] = kind
  return kind
}

const isSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdfff

/** Normalise a query or a field value (no patches needed). */
export function normalize(input: string): string {
  let out = ''
  let plain = 0 // start of the current run of characters that fold to themselves
  for (let i = 0; i < input.length; i++) {
    const unit = input.charCodeAt(i)
    if (foldKinds[unit] === 1 || (!isSurrogate(unit) && foldKind(unit) === 1)) continue
    const cp = input.codePointAt(i) as number
    const width = cp > 0xffff ? 2 : 1
    const folded = foldCodePoint(cp)
    if (folded.length !== width || folded !== input.slice(i, i + width)) {
      out += input.slice(plain, i) + folded
      plain = i + width
    }
    i += width - 1
  }
  return plain === 0 ? input : out + input.slice(plain)
}

/** Normalise a document's text and remember where it differs from the original. */
export function normalizeWithPatches(input: string): NormalizedText {
  const pieces: string[] = []
  const patches: Patch[] = []
  let plain = 0
  let outLength = 0
  for (let i = 0; i < input.length; i++) {
    const unit = input.charCodeAt(i)
    if (foldKinds[unit] === 1 || (!isSurrogate(unit) && foldKind(unit) === 1)) continue
    const cp = input.codePointAt(i) as number
    const width = cp > 0xffff ? 2 : 1
    const folded = foldCodePoint(cp)
    const original = input.slice(i, i + width)
    if (folded !== original) {
      const kept = input.slice(plain, i)
      pieces.push(kept, folded)
      outLength += kept.length
      // One patch per code point (never merged), so a match may start at any patch boundary.
      patches.push({ start: outLength, length: folded.length, original })
      outLength += folded.length
      plain = i + width
    }
    i += width - 1
  }
  if (patches.length === 0) return { text: input, patches }
  pieces.push(input.slice(plain))
  return { text: pieces.join(''), patches }
}

/**
 * normalizeWithPatches for a text that is only checked and stored: the normalised text, its
 * patches already in `encodePatches` form, and its `textHash` (derivedText.ts), in one pass
 * without a Patch object or a string piece per changed code point. Chinese text has a
 * full-width comma every dozen characters: those objects and pieces were most of a re-read
 * text's normalisation.
 */
/** FNV-1a's 32-bit offset basis and prime: textHash (derivedText.ts) and normalizeToStored. */
export const FNV_OFFSET = 0x811c9dc5
export const FNV_PRIME = 0x01000193

export function normalizeToStored(input: string): { text: string; patches: string; hash: number } {
  if (units.length < input.length + 1024) units = new Uint16Array(input.length * 2 + 1024)
  let out = units
  let n = 0
  let hash = FNV_OFFSET
  let patches = ''
  let previousEnd = 0
  for (let i = 0; i < input.length; i++) {
    const unit = input.charCodeAt(i)
    if (foldKinds[unit] === 1 || (!isSurrogate(unit) && foldKind(unit) === 1)) {
      out[n++] = unit
      hash = Math.imul(hash ^ unit, FNV_PRIME)
      continue
    }
    const cp = input.codePointAt(i) as number
    const width = cp > 0xffff ? 2 : 1
    const folded = foldCodePoint(cp)
    const original = input.slice(i, i + width)
    if (folded !== original) {
      patches += String(n - previousEnd)
      if (folded.length !== 1) patches += '.' + String(folded.length)
      patches += original
    }
    // Room for this fold and one unit per unit left (a fold may lengthen a code point).
    if (n + folded.length + (input.length - i) > out.length) {
      const grown = new Uint16Array((n + folded.length + input.length - i) * 2)
      grown.set(out.subarray(0, n))
      out = units = grown
    }
    for (let k = 0; k < folded.length; k++) {
      const u = folded.charCodeAt(k)
      out[n++] = u
      hash = Math.imul(hash ^ u, FNV_PRIME)
    }
    if (folded !== original) previousEnd = n
    i += width - 1
  }
  const text = Buffer.from(out.buffer, out.byteOffset, n * 2).toString('utf16le')
  return { text, patches, hash: hash >>> 0 }
}

/** normalizeToStored's buffer, reused across texts. */
let units = new Uint16Array(64 * 1024)

/**
 * The original text of the normalised window [start, end), with maps from normalised
 * positions in the window (start..end inclusive) to positions in the returned text:
 * `starts` for where a mark begins, `ends` for where it stops (a position inside a patch
 * that expanded, like ﬁ → fi, maps to the patch's start or end respectively).
 */
export function restoreWindow(
  normalized: string,
  patches: readonly Patch[],
  start: number,
  end: number,
): { text: string; starts: Int32Array; ends: Int32Array } {
  // One entry per normalised position of the window, and one for its end.
  const starts = new Int32Array(end - start + 1)
  const ends = new Int32Array(end - start + 1)
  let text = ''
  let pos = start
  let p = firstPatchEndingAfter(patches, start)
  while (pos < end) {
    const patch = patches[p]
    if (patch && patch.start <= pos) {
      const before = text.length
      text += patch.original
      for (; pos < patch.start + patch.length && pos < end; pos++) {
        starts[pos - start] = before
        ends[pos - start] = pos > patch.start ? text.length : before
      }
      p++
      continue
    }
    const stop = Math.min(end, patch ? patch.start : end)
    const segmentStart = pos
    const base = text.length - segmentStart
    for (; pos < stop; pos++) {
      starts[pos - start] = base + pos
      ends[pos - start] = base + pos
    }
    text += normalized.slice(segmentStart, stop)
  }
  starts[end - start] = text.length
  ends[end - start] = text.length
  return { text, starts, ends }
}

function firstPatchEndingAfter(patches: readonly Patch[], pos: number): number {
  let lo = 0
  let hi = patches.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const patch = patches[mid] as Patch
    if (patch.start + patch.length <= pos) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** True for UTF-16 units indexed as characters (n-grams): Han, kana, hangul, CJK symbols, surrogates. */
export function isCjkUnit(unit: number): boolean {
  return (
    (unit >= 0x3400 && unit <= 0x9fff) ||
    (unit >= 0xf900 && unit <= 0xfaff) ||
    (unit >= 0x3040 && unit <= 0x30ff) ||
    (unit >= 0xac00 && unit <= 0xd7af) ||
    (unit >= 0x3005 && unit <= 0x3007) ||
    (unit >= 0xd800 && unit <= 0xdfff)
  )
}

const WORD_UNIT = /[\p{L}\p{N}]/u

/** True for units of words (letters and digits that are not CJK): these are indexed as words. */
export function isWordUnit(unit: number): boolean {
  if (unit < 128) {
    return (unit >= 97 && unit <= 122) || (unit >= 48 && unit <= 57) || (unit >= 65 && unit <= 90)
  }
  const known = wordUnitKinds[unit] as number
  if (known !== 0) return known === 1
  const word = !isCjkUnit(unit) && WORD_UNIT.test(String.fromCharCode(unit))
  wordUnitKinds[unit] = word ? 1 : 2
  return word
}

/** Per UTF-16 unit: 0 not yet known, 1 word unit, 2 not (a regex test per character was slow). */
const wordUnitKinds = new Uint8Array(65536)

/**
 * Per UTF-16 unit: 0 not yet known, 1 gram unit, 2 not (filled by isGramUnit). Exported for
 * the gram index's hot loop, which reads it directly and calls isGramUnit only on a 0.
 */
export const gramUnitKinds = new Uint8Array(65536)

/**
 * True for units indexed as n-grams: CJK, plus punctuation and symbols (anything that is not
 * a space, a control character or part of a word). Indexing punctuation lets positions prove
 * phrases such as `，性能提升` without reading text.
 */
export function isGramUnit(unit: number): boolean {
  const known = gramUnitKinds[unit]
  if (known !== 0) return known === 1
  const gram =
    isCjkUnit(unit) ||
    (unit > 32 &&
      unit !== 0x7f &&
      !/[\s\p{Cc}]/u.test(String.fromCharCode(unit)) &&
      !isWordUnit(unit))
  gramUnitKinds[unit] = gram ? 1 : 2
  return gram
}

/**
 * True for a single space between two gram units (`。 他`, `企业 发展`): it belongs to their run,
 * and the bigram lists hold it like a unit (gramIndex.ts), so a phrase across a paragraph
 * break or a full-width space is proven by positions instead of checked on every candidate's
 * text. Spaces next to a word unit, doubled or at an edge stay separators.
 */
export function isBridgeSpace(text: string, i: number): boolean {
  return (
    text.charCodeAt(i) === 0x20 &&
    i > 0 &&
    i + 1 < text.length &&
    isGramUnit(text.charCodeAt(i - 1)) &&
    isGramUnit(text.charCodeAt(i + 1))
  )
}

export function isDigitUnit(unit: number): boolean {
  return unit >= 48 && unit <= 57
}

/**
 * Compact text form of patches for the text store: per patch the distance from the previous
 * patch's end, `.length` when it is not 1, then the original code point. Originals are never
 * ASCII digits or dots (those fold to themselves), so the form is unambiguous.
 */
export function encodePatches(patches: readonly Patch[]): string {
  let out = ''
  let previousEnd = 0
  for (const patch of patches) {
    out += String(patch.start - previousEnd)
    if (patch.length !== 1) out += '.' + String(patch.length)
    out += patch.original
    previousEnd = patch.start + patch.length
  }
  return out
}

/**
 * The patches of `encoded`; with `from`/`to`, only those that reach into [from, to) (a
 * snippet's window needs a handful of a long article's hundreds).
 */
export function decodePatches(encoded: string, from = 0, to = Infinity): Patch[] {
  const patches: Patch[] = []
  let i = 0
  let previousEnd = 0
  while (i < encoded.length && previousEnd < to) {
    let delta = 0
    while (isDigitUnit(encoded.charCodeAt(i))) delta = delta * 10 + encoded.charCodeAt(i++) - 48
    let length = 1
    if (encoded.charCodeAt(i) === 46) {
      i++
      length = 0
      while (isDigitUnit(encoded.charCodeAt(i))) length = length * 10 + encoded.charCodeAt(i++) - 48
    }
    const cp = encoded.codePointAt(i) as number
    const start = previousEnd + delta
    previousEnd = start + length
    if (previousEnd <= from || start >= to) {
      i += cp > 0xffff ? 2 : 1
      continue
    }
    const original = String.fromCodePoint(cp)
    i += original.length
    patches.push({ start, length, original })
  }
  return patches
}
