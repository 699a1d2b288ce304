/**
 * How normalised text is cut for the indexes: runs of gram units (CJK, punctuation, symbols;
 * indexed as unigrams and positional bigrams in the gram index; kind 'cjk') and words (runs
 * of letters/digits, split where letters turn into digits or back, indexed in FlexSearch with
 * forward prefixes). Spaces are not indexed: terms containing them are verified on the text.
 */
import { isBridgeSpace, isGramUnit, isDigitUnit, isWordUnit } from './normalize'

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
      while (i < n && (isGramUnit(text.charCodeAt(i)) || isBridgeSpace(text, i))) i++
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
 * The longest word FlexSearch's word index holds: a longer word is indexed by its first
 * WORD_TERM_MAX characters only. Its forward tokenizer keeps every prefix of a word, each a
 * string of its own in its term map, so a word of n characters costs n²/2 characters: one
 * article with a 64k-character run of `x` took 2.2 GB of heap and 3 s, 128k ran out of
 * memory. Cut, a word costs at most 64 prefixes (2,080 characters). 64 keeps ordinary
 * words whole (the generated 3k archive's longest is 22 letters; English words, pinyin and
 * tags are shorter; hex and base64 break at their digits), so a one-word query is still
 * proven by FlexSearch alone; a query word longer than this looks up its first 64 characters
 * and the candidates are verified on their text (queryEvaluation.ts): only documents with a
 * word sharing those 64 characters. Smaller would verify more queries for little gain (a
 * word's prefixes cost N²/2); larger makes each long word cost more (256: 33k characters).
 * Word positions keep whole words (wordPositions.ts): a word's length once, not its square.
 */
export const WORD_TERM_MAX = 64

/** A word as FlexSearch's word index holds it, and as a query word looks it up there. */
export const wordTerm = (word: string): string =>
  word.length > WORD_TERM_MAX ? word.slice(0, WORD_TERM_MAX) : word

/**
 * Distinct words of a text, space-joined, as FlexSearch's word index takes them (`wordTerm`). Same cuts
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
    words.add(wordTerm(text.slice(start, i)))
  }
  return [...words].join(' ')
}

export const splitSpaces = (text: string): string[] => (text === '' ? [] : text.split(' '))

export const unigramKey = (unit: number): number => unit
/** (GramIndex.addDocument computes the same key inline.) */
export const bigramKey = (a: number, b: number): number => (a << 16) | b
