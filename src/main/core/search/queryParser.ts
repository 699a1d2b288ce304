/**
 * The query language:
 *   terms separated by spaces are ANDed; `"exact phrase"`; `a OR b`; `-exclude`;
 *   fields `title:` `author:` `source:` `category:` (value bare or quoted);
 *   `date:2021`, `date:2021-06`, `date:2021-06-01`, `date:2021-06-01..2021-07-15` (either end may be
 *   left open), `before:2021-06` (earlier than the period's start), `after:2021-06` (later than its end).
 * Dates are read as wall-clock days, months and years (bounds written as UTC ms); queryDates.ts
 * places them in the archive's time zone. Mistakes throw ApiError('QUERY_INVALID') with a message saying what is wrong.
 * The same syntax typed with a Chinese input method (`－`, `：`, `“…”`, `ＯＲ`…) means the same
 * where it stands as the ASCII syntax would, and stays text elsewhere: queryPunctuation.ts.
 */
import { ApiError, type QueryProblem } from '../../../shared/errors'
import { normalize } from './normalize'
import { isExcludeSign, isOrWord, readFieldPrefix, readPhrase } from './queryPunctuation'

export type TextField = 'any' | 'title' | 'author' | 'source' | 'category'

export interface TextTerm {
  kind: 'text'
  field: TextField
  /** Normalised text to match. */
  text: string
  /** As typed, for messages. */
  raw: string
}

export interface DateTerm {
  kind: 'date'
  /**
   * Inclusive lower bound in ms since the epoch, or null when open. From the parser: a
   * wall-clock midnight written as UTC; after inTimeZone (queryDates.ts), the instant.
   */
  from: number | null
  /** Exclusive upper bound in ms, or null when open (the same). */
  to: number | null
  raw: string
}

export type Term = TextTerm | DateTerm

/** A clause matches when any of its terms matches (OR); `negated` clauses must not match. */
export interface Clause {
  negated: boolean
  anyOf: Term[]
}

export interface ParsedQuery {
  clauses: Clause[]
}

const TEXT_FIELDS: Record<string, TextField> = {
  title: 'title',
  author: 'author',
  source: 'source',
  category: 'category',
}
const DATE_FIELDS = new Set(['date', 'before', 'after'])
const FIELD_LIST = 'title, author, source, category, date, before, after'
const KNOWN_FIELDS: ReadonlySet<string> = new Set([...Object.keys(TEXT_FIELDS), ...DATE_FIELDS])

/** A refused query: the English message for logs and the CLI, the reason for front ends. */
function invalid(
  message: string,
  reason: QueryProblem,
  values: Record<string, string | number> = {},
): ApiError {
  return new ApiError('QUERY_INVALID', `Search: ${message}`, { reason, values })
}

interface Token {
  negated: boolean
  field: string | null
  value: string
  quoted: boolean
  raw: string
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const n = query.length
  const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/u.test(ch)
  while (i < n) {
    while (i < n && isSpace(query[i])) i++
    if (i >= n) break
    const begin = i
    let negated = false
    if (isExcludeSign(query[i]) && i + 1 < n && !isSpace(query[i + 1])) {
      negated = true
      i++
    }
    let field: string | null = null
    const prefix = readFieldPrefix(query, i, KNOWN_FIELDS)
    if (prefix) {
      field = prefix.name
      i += prefix.length
    }
    let value: string
    let quoted = false
    const phrase = readPhrase(query, i, isSpace)
    if (phrase) {
      value = phrase.value
      quoted = true
      i = phrase.end
    } else if (query[i] === '"') {
      const close = query.indexOf('"', i + 1)
      if (close < 0)
        throw invalid(`the quote opened at position ${i + 1} is never closed.`, 'quoteNotClosed', {
          at: i + 1,
        })
      value = query.slice(i + 1, close)
      quoted = true
      i = close + 1
      if (i < n && !isSpace(query[i])) {
        throw invalid(`put a space after the closing quote at position ${i}.`, 'spaceAfterQuote', {
          at: i,
        })
      }
    } else {
      const start = i
      while (i < n && !isSpace(query[i])) i++
      value = query.slice(start, i)
    }
    tokens.push({ negated, field, value, quoted, raw: query.slice(begin, i) })
  }
  return tokens
}

const DATE_PART = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/

/** The UTC period [start, end) named by YYYY, YYYY-MM or YYYY-MM-DD. */
export function parsePeriod(text: string, raw: string): { start: number; end: number } {
  const m = DATE_PART.exec(text)
  if (!m || !m[1]) {
    throw invalid(
      `“${raw}”: “${text}” is not a date; write YYYY, YYYY-MM or YYYY-MM-DD.`,
      'notADate',
      { token: raw, text },
    )
  }
  const year = Number(m[1])
  if (m[2] === undefined) return { start: Date.UTC(year, 0, 1), end: Date.UTC(year + 1, 0, 1) }
  const month = Number(m[2])
  if (month < 1 || month > 12)
    throw invalid(`“${raw}”: month ${month} does not exist.`, 'noSuchMonth', { token: raw, month })
  if (m[3] === undefined) {
    return { start: Date.UTC(year, month - 1, 1), end: Date.UTC(year, month, 1) }
  }
  const day = Number(m[3])
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  if (day < 1 || day > daysInMonth) {
    const inMonth = `${m[1]}-${String(month).padStart(2, '0')}`
    throw invalid(`“${raw}”: day ${day} does not exist in ${inMonth}.`, 'noSuchDay', {
      token: raw,
      day,
      month: inMonth,
    })
  }
  return { start: Date.UTC(year, month - 1, day), end: Date.UTC(year, month - 1, day + 1) }
}

function dateTerm(field: string, typed: string, raw: string): DateTerm {
  // Typed in full width (`２０２１－０６`, `．．`): the same date.
  const value = typed.normalize('NFKC')
  if (value === '')
    throw invalid(`“${raw}” needs a date after the colon.`, 'dateMissing', { token: raw })
  if (field === 'before')
    return { kind: 'date', from: null, to: parsePeriod(value, raw).start, raw }
  if (field === 'after') return { kind: 'date', from: parsePeriod(value, raw).end, to: null, raw }
  const dots = value.indexOf('..')
  if (dots < 0) {
    const period = parsePeriod(value, raw)
    return { kind: 'date', from: period.start, to: period.end, raw }
  }
  const left = value.slice(0, dots)
  const right = value.slice(dots + 2)
  if (left === '' && right === '')
    throw invalid(`“${raw}”: a range needs at least one date.`, 'rangeEmpty', { token: raw })
  if (right.includes('..'))
    throw invalid(`“${raw}”: a range has one “..”.`, 'rangeDots', { token: raw })
  const from = left === '' ? null : parsePeriod(left, raw).start
  const to = right === '' ? null : parsePeriod(right, raw).end
  if (from !== null && to !== null && from >= to) {
    throw invalid(`“${raw}”: the range ends before it starts.`, 'rangeReversed', { token: raw })
  }
  return { kind: 'date', from, to, raw }
}

function toTerm(token: Token): Term {
  if (token.field !== null) {
    if (DATE_FIELDS.has(token.field)) return dateTerm(token.field, token.value, token.raw)
    const field = TEXT_FIELDS[token.field]
    if (!field) {
      throw invalid(
        `unknown field “${token.field}:” in “${token.raw}”. Fields are ${FIELD_LIST}; put the text in quotes to search for it as written.`,
        'unknownField',
        { token: token.raw, field: token.field, fields: FIELD_LIST },
      )
    }
    const text = normalize(token.value)
    if (text.trim() === '')
      throw invalid(`“${token.raw}” needs a value after the colon.`, 'valueMissing', {
        token: token.raw,
      })
    return { kind: 'text', field, text, raw: token.raw }
  }
  const text = normalize(token.value)
  if (text.trim() === '')
    throw invalid(`“${token.raw}” has nothing to search for.`, 'nothingToSearch', {
      token: token.raw,
    })
  return { kind: 'text', field: 'any', text, raw: token.raw }
}

export function parseQuery(query: string): ParsedQuery {
  const tokens = tokenize(query)
  const clauses: Clause[] = []
  let joinNext = false
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as Token
    const isOr = isOrWord(token.value) && !token.quoted && token.field === null && !token.negated
    if (isOr) {
      if (clauses.length === 0 || joinNext)
        throw invalid('“OR” needs a term on its left.', 'orWithoutLeft')
      if (k === tokens.length - 1)
        throw invalid('“OR” needs a term on its right.', 'orWithoutRight')
      joinNext = true
      continue
    }
    const term = toTerm(token)
    if (joinNext) {
      const previous = clauses[clauses.length - 1] as Clause
      if (previous.negated || token.negated) {
        // Name the excluded side: `-a OR b` is about `-a` (a negated clause has one term).
        const excluded = previous.negated ? (previous.anyOf[0] as Term).raw : token.raw
        throw invalid(
          `“OR” cannot join an excluded term (“${excluded}”); exclude each term separately.`,
          'orWithExcluded',
          { token: excluded },
        )
      }
      previous.anyOf.push(term)
      joinNext = false
    } else {
      clauses.push({ negated: token.negated, anyOf: [term] })
    }
  }
  return { clauses }
}
