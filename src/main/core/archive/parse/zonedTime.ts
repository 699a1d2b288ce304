/**
 * Wall-clock time in an IANA zone → UTC instant, using only Intl (no tz
 * database to ship). Hexo writes `2021-06-28 18:03:38` in the blog's local
 * time, so this must be right across DST changes:
 * - a time that happens twice (clocks go back) is read as the EARLIER instant;
 * - a time that never happens (clocks go forward) is read with the offset in
 *   force before the change, i.e. shifted forward, as Temporal's 'compatible' does.
 */
import { createLogger } from '../../log'

const log = createLogger('archive')

const formatters = new Map<string, Intl.DateTimeFormat | null>()

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      })
    } catch {
      log.warn(`unknown time zone "${timeZone}"; local dates are read as UTC`)
      formatter = null
    }
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The zone's offset from UTC at `instant`, in milliseconds (east positive). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const formatter = formatterFor(timeZone)
  if (!formatter) return 0
  const fields: Record<string, number> = {}
  let bc = false
  for (const part of formatter.formatToParts(new Date(instant))) {
    if (part.type === 'era') bc = part.value === 'BC' || part.value === 'B'
    else if (part.type !== 'literal') fields[part.type] = Number(part.value)
  }
  const year = bc ? 1 - (fields.year ?? 0) : (fields.year ?? 1970)
  const asUtc = utcMs(
    year,
    fields.month ?? 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  )
  const wholeSeconds = Math.floor(instant / 1000) * 1000
  return asUtc - wholeSeconds
}

/** Date.UTC without its two-digit-year quirk (years 0–99 would become 1900–1999). */
export function utcMs(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms))
  date.setUTCFullYear(year, month - 1, day)
  return date.getTime()
}

export interface WallClock {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  ms: number
}

export function zonedWallClockToUtc(wall: WallClock, timeZone: string): number {
  const local = utcMs(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.ms)
  const DAY = 86_400_000
  const before = zoneOffsetMs(local - DAY, timeZone)
  const after = zoneOffsetMs(local + DAY, timeZone)
  const candidates = before === after ? [before] : [before, after]
  const valid = candidates
    .map((offset) => local - offset)
    .filter((instant) => zoneOffsetMs(instant, timeZone) === local - instant)
  if (valid.length > 0) return Math.min(...valid)
  // In a gap: no offset gives this wall time; use the one in force before the change.
  return local - before
}

const DAY_MS = 86_400_000
/** Per zone, per UTC day: the zone's offset all that day, or null on a day it changes. */
const dayOffsets = new Map<string, Map<number, number | null>>()
const DAYS_KEPT = 200_000

/**
 * The calendar month ('YYYY-MM') of `instant` in `timeZone`: the month a reader there sees on
 * the article, which the timeline, the month facets and month filters count by. An offset is
 * looked up once per UTC day (a zone's offset changes at most once in a day; on that day each
 * instant is looked up), since Intl's lookup costs ~6 µs and a scan dates every article.
 */
export function zonedMonth(instant: number, timeZone: string): string {
  let days = dayOffsets.get(timeZone)
  if (days === undefined) dayOffsets.set(timeZone, (days = new Map<number, number | null>()))
  const day = Math.floor(instant / DAY_MS)
  let offset = days.get(day)
  if (offset === undefined) {
    const start = zoneOffsetMs(day * DAY_MS, timeZone)
    offset = start === zoneOffsetMs((day + 1) * DAY_MS - 1000, timeZone) ? start : null
    if (days.size >= DAYS_KEPT) days.clear()
    days.set(day, offset)
  }
  const local = instant + (offset ?? zoneOffsetMs(instant, timeZone))
  return new Date(local).toISOString().slice(0, 7)
}

/**
 * `iso` (an instant) as the wall clock in `timeZone` reads it, written as if it were UTC: its
 * first 10 characters are the day a reader there sees. For code that shows days by slicing
 * ISO strings (the PDF export's pages); null stays null.
 */
export function wallClockIso(iso: string | null, timeZone: string): string | null {
  if (iso === null) return null
  const instant = Date.parse(iso)
  if (Number.isNaN(instant)) return iso
  return new Date(instant + zoneOffsetMs(instant, timeZone)).toISOString()
}
