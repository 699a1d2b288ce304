/**
 * What "a term occurs in a text" means, on normalised text: a substring occurrence, except
 * that a term starting with a letter or digit must start a word there (a word starts after a
 * non-word character, or where letters turn into digits or back). So `amd` finds `amdgpu`
 * and `4090` finds `rtx4090`, but `md` does not find `amd`. CJK characters have no word
 * boundaries: any substring matches. The brute-force baseline and the index share this rule.
 */
import { isDigitUnit, isWordUnit } from './normalize'
import { wordEnd } from './tokens'

export function isWordStart(text: string, position: number, first: number): boolean {
  if (!isWordUnit(first) || position === 0) return true
  const before = text.charCodeAt(position - 1)
  if (!isWordUnit(before)) return true
  return isDigitUnit(before) !== isDigitUnit(first)
}

/** Positions of the occurrences of `term` in `text` (at most `max`). */
export function findOccurrences(text: string, term: string, max = Infinity): number[] {
  const positions: number[] = []
  if (term.length === 0) return positions
  const first = term.charCodeAt(0)
  let from = 0
  while (positions.length < max) {
    const at = text.indexOf(term, from)
    if (at < 0) break
    if (isWordStart(text, at, first)) {
      positions.push(at)
      from = at + 1
    } else {
      // Inside a word no position starts one until the word ends (where letters turn into
      // digits or the word stops): jump there. Stepping one by one made a term like `xxxx`
      // test every position of a 5M-character run of `x` (0.5 s per search touching it).
      from = wordEnd(text, at)
    }
  }
  return positions
}

export function occurs(text: string, term: string): boolean {
  return findOccurrences(text, term, 1).length > 0
}
