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
      const digit = isDigitUnit(unit)
      while (i < n) {
        const u = text.charCodeAt(i)
        if (!isWordUnit(u) || isDigitUnit(u) !== digit) break
        i++
      }
      out.push({ kind: 'word', text: text.slice(start, i), start })
    } else {
      i++
    }
  }
  return out
}

/** Distinct words of a text, space-joined: what FlexSearch's word index receives. */
export function distinctWords(text: string): string {
  const words = new Set<string>()
  for (const segment of segments(text)) if (segment.kind === 'word') words.add(segment.text)
  return [...words].join(' ')
}

export const splitSpaces = (text: string): string[] => (text === '' ? [] : text.split(' '))

export const unigramKey = (unit: number): number => unit
export const bigramKey = (a: number, b: number): number => (a << 16) | b
