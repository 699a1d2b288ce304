/**
 * Query syntax as a Chinese input method types it. In Chinese mode an IME gives full-width or
 * Chinese punctuation (`：` for `:`, `－` for `-`, `“…”` for `"…"`) and in full-width mode
 * full-width letters (`ｔｉｔｌｅ`, `ＯＲ`); read as plain text, such a query silently found
 * nothing. The same characters fill Chinese text itself (`原标题：英特尔`, `“英特尔”芯片`), so each
 * form is syntax only where the ASCII form would be, reads the same way, and is otherwise left
 * as the text it always was: normalize() folds it as before (`：` → `:`, `－` → `-`, `＂` → `"`),
 * so such a query still matches what it matched before.
 */

/** `-` and the full-width minus: before a term (no space between), they exclude it. */
export function isExcludeSign(ch: string | undefined): boolean {
  return ch === '-' || ch === '－'
}

/** `OR` and `ＯＲ` (full-width letters: the same key in full-width mode); uppercase only, like `OR`. */
export function isOrWord(value: string): boolean {
  return /^[OＯ][RＲ]$/u.test(value)
}

const FIELD_PREFIX = /^([A-Za-zＡ-Ｚａ-ｚ]+)([:：])/u

/**
 * The field named at `query[i]` and the length of `name:`, or null when none is. An ASCII
 * `word:` is always a field, so that an unknown one is refused with a message (a typo, or a
 * URL to quote); with a full-width letter or colon the name must be one of `known`, or the
 * token stays text: `Note：见下文` is a label in Chinese text (`原标题：` never matches: not letters).
 */
export function readFieldPrefix(
  query: string,
  i: number,
  known: ReadonlySet<string>,
): { name: string; length: number } | null {
  const match = FIELD_PREFIX.exec(query.slice(i))
  if (!match?.[1]) return null
  const typed = match[1]
  const name = typed.normalize('NFKC').toLowerCase()
  const ascii = match[2] === ':' && /^[A-Za-z]+$/.test(typed)
  return ascii || known.has(name) ? { name, length: match[0].length } : null
}

/**
 * Phrase quotes besides `"`, by opening quote: `“…”` (Simplified Chinese), `「…」` (the
 * quotation marks of Traditional Chinese and Japanese; the index folds Traditional text too)
 * and `＂…＂` (the full-width `"`, typed in full-width mode; it closes only with `＂`). Single
 * quotes `‘…’` are not: `’` is also the apostrophe of English text (`it’s`).
 */
const CLOSING_QUOTE: Readonly<Record<string, string>> = { '“': '”', '「': '」', '＂': '＂' }

/**
 * The phrase opened at `query[i]` by one of the quotes above: its text and the index after
 * its closing quote; null unless it is a whole token (the closing quote ends the query or is
 * followed by a space). Otherwise the quotes are text, as they were: an opening quote never
 * closed, `“英特尔”芯片`. Unlike `"`, this is never an error, since the quotes are common in
 * text. As a term, the phrase finds every article its literal form found (they contain the
 * phrase), so no match a user had is lost; `"“英特尔”"` still searches for the quotes.
 */
export function readPhrase(
  query: string,
  i: number,
  isSpace: (ch: string | undefined) => boolean,
): { value: string; end: number } | null {
  const closing = CLOSING_QUOTE[query[i] as string]
  if (closing === undefined) return null
  const close = query.indexOf(closing, i + 1)
  if (close < 0) return null
  const end = close + 1
  if (end < query.length && !isSpace(query[end])) return null
  return { value: query.slice(i + 1, close), end }
}
