/**
 * How normalised text is cut for the indexes: runs of gram units (CJK, punctuation, symbols;
 * indexed as unigrams and positional bigrams in the gram index; kind 'cjk') and words (runs
 * of letters/digits, split where letters turn into digits or back, indexed in FlexSearch with
 * forward prefixes). Spaces are not indexed: terms containing them are verified on the text.
 */
import { isGramUnit, isDigitUnit, isWordUnit } from './normalize'

export interface Segment {
  kind: 'cjk' | 'word'
  text: string
  start: number
}

/**
 * Where the word starting at `start` (a word unit) ends: letters and digits are cut apart
 * (`rtx4090` is `rtx` + `4090`), so a digit run is a word of its own. The one place words are cut.
 */
export function wordEnd(text: string, start: number): number {
  const n = text.length
  const digit = isDigitUnit(text.charCodeAt(start))
  let i = start + 1
  while (i < n) {
    const u = text.charCodeAt(i)
    if (!isWordUnit(u) || isDigitUnit(u) !== digit) break
    i++
  }
  return i
}

export function segments(text: string): Segment[] {
  const out: Segment[] = []
  let i = 0
  const n = text.length
  while (i < n) {
    const unit = text.charCodeAt(i)
    if (isGramUnit(unit)) {
      const start = i
      while (i < n && isGramUnit(text.charCodeAt(i))) i++
      out.push({ kind: 'cjk', text: text.slice(start, i), start })
    } else if (isWordUnit(unit)) {
      const start = i
      i = wordEnd(text, i)
      out.push({ kind: 'word', text: text.slice(start, i), start })
    } else {
      i++
    }
  }
  return out
}

/**
 * Distinct words of a text, space-joined: what FlexSearch's word index receives. Same cuts
 * as `segments`, without building a segment per CJK run (this runs on every article).
 */
export function distinctWords(text: string): string {
  const words = new Set<string>()
  const n = text.length
  let i = 0
  while (i < n) {
    const unit = text.charCodeAt(i)
    if (!isWordUnit(unit)) {
      i++
      continue
    }
    const start = i
    i = wordEnd(text, i)
    words.add(text.slice(start, i))
  }
  return [...words].join(' ')
}

export const splitSpaces = (text: string): string[] => (text === '' ? [] : text.split(' '))

export const unigramKey = (unit: number): number => unit
/** (GramIndex.addDocument computes the same key inline.) */
export const bigramKey = (a: number, b: number): number => (a << 16) | b
