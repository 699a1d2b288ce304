/**
 * Reads the date formats found in Hexo/RSSHub front matter. Written by hand
 * instead of Date.parse, which accepts nearly anything ("12" is a date) and
 * reads zone-less times in the process's zone instead of the archive's.
 */
import { utcMs, zonedWallClockToUtc, type WallClock } from './zonedTime'

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
}

/** Zone names RFC 2822 allows (plus UTC); offsets in minutes east. */
const NAMED_ZONES: Record<string, number> = {
  gmt: 0,
  ut: 0,
  utc: 0,
  z: 0,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
}

// `Mon, 28 Jun 2021 18:03:38 GMT` (weekday optional and not checked, as RFC 2822 readers do).
const RFC_2822 =
  /^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4}|\d{2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([a-z]{1,3}|[+-]\d{4}))?$/i

// ISO 8601 and Hexo's `YYYY-MM-DD HH:mm(:ss)`; '/' separators and one-digit fields as moment accepts them.
const ISO_LIKE =
  /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(z|utc|gmt|[+-]\d{2}(?::?\d{2})?)?$/i

/** Epoch milliseconds, or null when the text is not a date in a known format. */
export function parseDateText(text: string, timeZone: string): number | null {
  const value = text.trim()
  return parseIsoLike(value, timeZone) ?? parseRfc2822(value, timeZone)
}

function parseIsoLike(value: string, timeZone: string): number | null {
  const m = ISO_LIKE.exec(value)
  if (!m) return null
  const wall = wallClock(m[1], m[3], m[4], m[5], m[6], m[7], m[8])
  if (!wall) return null
  const zone = m[9]
  if (zone === undefined) return zonedWallClockToUtc(wall, timeZone)
  const offset = zoneOffsetMinutes(zone)
  return offset === null ? null : toUtcWithOffset(wall, offset)
}

function parseRfc2822(value: string, timeZone: string): number | null {
  const m = RFC_2822.exec(value)
  if (!m) return null
  const month = MONTHS[(m[2] as string).toLowerCase()]
  if (month === undefined) return null
  let year = Number(m[3])
  if ((m[3] as string).length === 2) year += year < 50 ? 2000 : 1900
  const wall = wallClock(String(year), String(month), m[1], m[4], m[5], m[6], undefined)
  if (!wall) return null
  if (m[7] === undefined) return zonedWallClockToUtc(wall, timeZone)
  const offset = zoneOffsetMinutes(m[7])
  return offset === null ? null : toUtcWithOffset(wall, offset)
}

function zoneOffsetMinutes(zone: string): number | null {
  const named = NAMED_ZONES[zone.toLowerCase()]
  if (named !== undefined) return named
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)
  if (!m) return null
  const hours = Number(m[2])
  const minutes = Number(m[3] ?? '0')
  if (hours > 23 || minutes > 59) return null
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes)
}

function toUtcWithOffset(wall: WallClock, offsetMinutes: number): number {
  return (
    utcMs(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.ms) -
    offsetMinutes * 60_000
  )
}

/** Builds and range-checks a wall-clock time; null for impossible values such as 2021-02-30 or 25:00. */
export function wallClock(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  fraction: string | undefined,
): WallClock | null {
  const wall: WallClock = {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    ms: fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0,
  }
  if (
    wall.month < 1 ||
    wall.month > 12 ||
    wall.day < 1 ||
    wall.day > daysInMonth(wall.year, wall.month)
  )
    return null
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return null
  return wall
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate()
}
