import { describe, expect, it } from 'vitest'
import {
  dateInFileName,
  resolveArticleDate,
} from '../../../src/main/core/archive/parse/articleDate'
import { parseDateText } from '../../../src/main/core/archive/parse/dateText'
import { zonedMonth, zonedWallClockToUtc } from '../../../src/main/core/archive/parse/zonedTime'

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())
const wall = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0) => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
  ms: 0,
})

describe('parseDateText', () => {
  it('reads RFC 1123/2822 dates with GMT, offsets and US zone names', () => {
    expect(iso(parseDateText('Mon, 28 Jun 2021 18:03:38 GMT', 'Asia/Shanghai'))).toBe(
      '2021-06-28T18:03:38.000Z',
    )
    expect(iso(parseDateText('Thu, 31 Dec 1936 00:00:00 GMT', 'Asia/Shanghai'))).toBe(
      '1936-12-31T00:00:00.000Z',
    )
    expect(iso(parseDateText('28 Jun 2021 18:03 +0800', 'UTC'))).toBe('2021-06-28T10:03:00.000Z')
    expect(iso(parseDateText('Mon, 28 Jun 2021 18:03:38 EDT', 'UTC'))).toBe(
      '2021-06-28T22:03:38.000Z',
    )
    expect(iso(parseDateText('Mon, 28 Jun 21 18:03:38 GMT', 'UTC'))).toBe(
      '2021-06-28T18:03:38.000Z',
    )
  })

  it('reads ISO 8601 with and without offset, and date-only, in the given zone', () => {
    expect(iso(parseDateText('2021-06-28T18:03:38Z', 'Asia/Shanghai'))).toBe(
      '2021-06-28T18:03:38.000Z',
    )
    expect(iso(parseDateText('2021-06-28T18:03:38.250+02:00', 'UTC'))).toBe(
      '2021-06-28T16:03:38.250Z',
    )
    expect(iso(parseDateText('2021-06-28T18:03:38', 'Asia/Shanghai'))).toBe(
      '2021-06-28T10:03:38.000Z',
    )
    expect(iso(parseDateText('2021-06-28', 'Asia/Shanghai'))).toBe('2021-06-27T16:00:00.000Z')
    expect(iso(parseDateText('2021-06-28', 'UTC'))).toBe('2021-06-28T00:00:00.000Z')
  })

  it("reads Hexo's YYYY-MM-DD HH:mm(:ss) in the archive's zone, not UTC", () => {
    expect(iso(parseDateText('2021-03-21 16:41:54', 'Asia/Shanghai'))).toBe(
      '2021-03-21T08:41:54.000Z',
    )
    expect(iso(parseDateText('2021-03-21 16:41', 'Asia/Shanghai'))).toBe('2021-03-21T08:41:00.000Z')
    expect(iso(parseDateText('2021/3/1 8:05', 'Europe/Paris'))).toBe('2021-03-01T07:05:00.000Z')
    expect(iso(parseDateText('2021-07-01 12:00:00', 'America/New_York'))).toBe(
      '2021-07-01T16:00:00.000Z',
    )
    expect(iso(parseDateText('2021-01-01 12:00:00', 'America/New_York'))).toBe(
      '2021-01-01T17:00:00.000Z',
    )
  })

  it('refuses text that is not a date, and impossible dates', () => {
    for (const text of [
      'Invalid Date',
      '12',
      'next Tuesday',
      '2021-02-30',
      '2021-13-01 10:00',
      '2021-06-28 25:00',
      'Mon, 32 Jun 2021 10:00:00 GMT',
      '',
    ]) {
      expect(parseDateText(text, 'UTC')).toBeNull()
    }
    expect(iso(parseDateText('2024-02-29', 'UTC'))).toBe('2024-02-29T00:00:00.000Z')
  })
})

describe('zonedWallClockToUtc across DST', () => {
  it('reads ambiguous times (clocks go back) as the earlier instant', () => {
    // 2021-11-07 01:30 happens twice in New York: first at EDT (-4), then at EST (-5).
    expect(iso(zonedWallClockToUtc(wall(2021, 11, 7, 1, 30), 'America/New_York'))).toBe(
      '2021-11-07T05:30:00.000Z',
    )
    // Europe/Berlin 2021-10-31 02:30 happens at CEST (+2) first.
    expect(iso(zonedWallClockToUtc(wall(2021, 10, 31, 2, 30), 'Europe/Berlin'))).toBe(
      '2021-10-31T00:30:00.000Z',
    )
  })

  it('shifts non-existent times (clocks go forward) forward', () => {
    // 2021-03-14 02:30 does not exist in New York; read with EST (-5) it is 03:30 EDT.
    expect(iso(zonedWallClockToUtc(wall(2021, 3, 14, 2, 30), 'America/New_York'))).toBe(
      '2021-03-14T07:30:00.000Z',
    )
  })

  it('is exact just before and after a change', () => {
    expect(iso(zonedWallClockToUtc(wall(2021, 3, 14, 1, 59, 59), 'America/New_York'))).toBe(
      '2021-03-14T06:59:59.000Z',
    )
    expect(iso(zonedWallClockToUtc(wall(2021, 3, 14, 3, 0, 0), 'America/New_York'))).toBe(
      '2021-03-14T07:00:00.000Z',
    )
    expect(iso(zonedWallClockToUtc(wall(2021, 6, 28, 18, 3, 38), 'Australia/Lord_Howe'))).toBe(
      '2021-06-28T07:33:38.000Z',
    )
  })

  it('reads an unknown zone as UTC instead of failing', () => {
    expect(iso(zonedWallClockToUtc(wall(2021, 6, 28, 12), 'Not/AZone'))).toBe(
      '2021-06-28T12:00:00.000Z',
    )
  })
})

describe('dates in file names', () => {
  it('finds YYYY-MM-DD, YYYYMMDD and YYYY_MM_DD, read in the zone', () => {
    expect(iso(dateInFileName('2021-06-28-title.md', 'Asia/Shanghai'))).toBe(
      '2021-06-27T16:00:00.000Z',
    )
    expect(iso(dateInFileName('notes 20210628.md', 'UTC'))).toBe('2021-06-28T00:00:00.000Z')
    expect(iso(dateInFileName('2021_06_28 title.md', 'UTC'))).toBe('2021-06-28T00:00:00.000Z')
  })

  it('ignores numbers that are not dates', () => {
    for (const name of [
      '50000000桶！.md',
      '12306 App 上新.md',
      '2021.md',
      '2021-06_28.md',
      '120210628.md',
      '2021-02-30.md',
      '10月制造业PMI为492.md',
    ]) {
      expect(dateInFileName(name, 'UTC')).toBeNull()
    }
  })
})

describe('resolveArticleDate', () => {
  const mtime = Date.UTC(2024, 0, 2)
  it('prefers the front matter, then the file name, then mtime', () => {
    expect(
      resolveArticleDate('Mon, 28 Jun 2021 18:03:38 GMT', '2020-01-01.md', mtime, 'UTC'),
    ).toEqual({
      date: '2021-06-28T18:03:38.000Z',
      dateSource: 'front-matter',
      month: '2021-06',
      issue: null,
    })
    expect(resolveArticleDate(undefined, '2020-01-01.md', mtime, 'UTC')).toMatchObject({
      date: '2020-01-01T00:00:00.000Z',
      dateSource: 'filename',
      issue: null,
    })
    expect(resolveArticleDate('', 'a.md', mtime, 'UTC')).toMatchObject({
      date: '2024-01-02T00:00:00.000Z',
      dateSource: 'mtime',
      issue: null,
    })
    expect(resolveArticleDate(null, 'a.md', mtime, 'UTC')).toMatchObject({
      dateSource: 'mtime',
      issue: null,
    })
  })

  it('flags present but unreadable dates, except the generator artefact "Invalid Date"', () => {
    expect(resolveArticleDate('Invalid Date', 'a.md', mtime, 'UTC').issue).toBeNull()
    expect(resolveArticleDate('soon', 'a.md', mtime, 'UTC').issue?.code).toBe('DATE_INVALID')
    expect(resolveArticleDate(['2021-01-01'], 'a.md', mtime, 'UTC').issue?.code).toBe(
      'DATE_INVALID',
    )
    expect(resolveArticleDate(true, 'a.md', mtime, 'UTC').issue?.code).toBe('DATE_INVALID')
  })

  it('returns null only when even the mtime is unusable', () => {
    expect(resolveArticleDate(undefined, 'a.md', Number.NaN, 'UTC')).toEqual({
      date: null,
      dateSource: 'mtime',
      month: null,
      issue: null,
    })
  })

  it("counts the month in the archive's zone, whichever source the date came from", () => {
    // 23:30 on 30 June in London is 07:30 on 1 July in Shanghai.
    const late = 'Wed, 30 Jun 2021 23:30:00 GMT'
    expect(resolveArticleDate(late, 'a.md', mtime, 'UTC').month).toBe('2021-06')
    expect(resolveArticleDate(late, 'a.md', mtime, 'Asia/Shanghai').month).toBe('2021-07')
    expect(resolveArticleDate(late, 'a.md', mtime, 'America/New_York').month).toBe('2021-06')
    // A date in the file name is midnight there: its own month in every zone.
    for (const zone of ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati'])
      expect(resolveArticleDate(undefined, '2021-07-01-a.md', mtime, zone).month).toBe('2021-07')
    // The mtime, 2024-01-01T20:00Z: still 2023-12 nowhere east of UTC+4.
    const evening = Date.UTC(2024, 0, 1, 20)
    expect(resolveArticleDate(undefined, 'a.md', evening, 'Asia/Tokyo').month).toBe('2024-01')
    expect(resolveArticleDate(undefined, 'a.md', evening, 'America/Denver').month).toBe('2024-01')
    expect(
      resolveArticleDate(undefined, 'a.md', Date.UTC(2024, 0, 1, 2), 'America/Denver').month,
    ).toBe('2023-12')
  })
})

describe('zonedMonth', () => {
  it('is right on both sides of a DST change and of the month that holds it', () => {
    // Europe/Berlin: clocks go back at 01:00Z on 31 Oct 2021 (03:00 CEST → 02:00 CET).
    expect(zonedMonth(Date.UTC(2021, 9, 31, 21, 59), 'Europe/Berlin')).toBe('2021-10')
    expect(zonedMonth(Date.UTC(2021, 9, 31, 23, 0), 'Europe/Berlin')).toBe('2021-11')
    expect(zonedMonth(Date.UTC(2021, 9, 31, 22, 59), 'Europe/Berlin')).toBe('2021-10')
    // Chatham (+13:45 in its summer): the month turns at 10:15Z the day before.
    expect(zonedMonth(Date.UTC(2021, 11, 31, 10, 14), 'Pacific/Chatham')).toBe('2021-12')
    expect(zonedMonth(Date.UTC(2021, 11, 31, 10, 15), 'Pacific/Chatham')).toBe('2022-01')
    // Every hour of a year in a zone with DST agrees with Intl's own calendar.
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Sao_Paulo',
      year: 'numeric',
      month: '2-digit',
    })
    for (let t = Date.UTC(2018, 0, 1); t < Date.UTC(2019, 0, 1); t += 3_600_000 + 17_000)
      expect(zonedMonth(t, 'America/Sao_Paulo')).toBe(format.format(t))
  })
})
