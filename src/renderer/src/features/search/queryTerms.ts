/**
 * Marks a search's words in a hit's title. The engine marks its snippets; titles come back
 * plain, so the renderer marks the literal words of the query (plain, quoted and title: words;
 * not excluded words, OR or other fields). A word the engine matched through normalisation
 * (traditional characters, full-width letters) stays unmarked: never a wrong mark, at worst none.
 */
import type { Snippet } from '../../../../shared/contract/api'

/**
 * A token as the engine reads it (queryParser.ts), with the forms a Chinese input method types
 * (queryPunctuation.ts): `－`, a field before `：` or in full-width letters, and a phrase in
 * “…”, 「…」 or ＂…＂ when it is a whole token (else those quotes are text, as in the engine).
 */
const TOKEN =
  /([-－]?)(?:([a-zａ-ｚ]+)[:：])?(?:"([^"]*)"?|(?:“([^”]*)”|「([^」]*)」|＂([^＂]*)＂)(?=\s|$)|(\S+))/giu

export function markableTerms(query: string): string[] {
  const terms: string[] = []
  for (const match of query.matchAll(TOKEN)) {
    const [, minus, field, quoted, curly, corner, wide, bare] = match
    // `foo：bar` is text to the engine (no such field); skipped here: at worst no mark.
    const name = field?.normalize('NFKC').toLowerCase()
    if (minus || (name && name !== 'title')) continue
    const value = (quoted ?? curly ?? corner ?? wide ?? bare ?? '').trim()
    if (value && value !== 'OR' && value !== 'ＯＲ') terms.push(value)
  }
  return terms
}

/** `text` with every case-insensitive occurrence of the terms marked (longest first, no overlaps). */
export function markTerms(text: string, terms: readonly string[]): Snippet {
  const lower = text.toLowerCase()
  const ranges: [number, number][] = []
  for (const term of [...terms].sort((a, b) => b.length - a.length)) {
    const needle = term.toLowerCase()
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) {
      const end = at + needle.length
      if (!ranges.some(([s, e]) => at < e && end > s)) ranges.push([at, end])
    }
  }
  ranges.sort((a, b) => a[0] - b[0])
  return { text, marks: ranges }
}
