/**
 * The query's dates in the archive's time zone. The parser reads `date:2021-06-30` as wall-clock
 * bounds (midnight to midnight, written as if in UTC); a reader in Shanghai means their own
 * 30 June, and the list shows them dates in that zone, so the bounds become instants here:
 * 2021-06-30T00:00 in Asia/Shanghai is 2021-06-29T16:00Z. Months and years alike; across a
 * DST change midnight is taken as the zone has it (zonedWallClockToUtc).
 */
import { zonedWallClockToUtc } from '../archive/parse/zonedTime'
import type { DateTerm, ParsedQuery, Term } from './queryParser'

/** `query` with every date bound moved from UTC wall-clock to instants in `timeZone`. */
export function inTimeZone(query: ParsedQuery, timeZone: string): ParsedQuery {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return query
  if (!query.clauses.some((clause) => clause.anyOf.some((term) => term.kind === 'date')))
    return query
  return {
    clauses: query.clauses.map((clause) => ({
      ...clause,
      anyOf: clause.anyOf.map((term): Term =>
        term.kind === 'date' ? zoned(term, timeZone) : term,
      ),
    })),
  }
}

function zoned(term: DateTerm, timeZone: string): DateTerm {
  return {
    ...term,
    from: term.from === null ? null : instantOf(term.from, timeZone),
    to: term.to === null ? null : instantOf(term.to, timeZone),
  }
}

function instantOf(wallAsUtc: number, timeZone: string): number {
  const wall = new Date(wallAsUtc)
  return zonedWallClockToUtc(
    {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
      ms: wall.getUTCMilliseconds(),
    },
    timeZone,
  )
}
