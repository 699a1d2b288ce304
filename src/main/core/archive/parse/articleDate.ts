/**
 * Chooses an article's date: the front matter's `date`, else a date in the file
 * name (`2021-06-28-title.md`, `20210628`, `2021_06_28`), else the file's mtime.
 */
import type { ArticleIssue, DateSource } from '../../../../shared/types/article'
import { parseDateText, wallClock } from './dateText'
import { zonedMonth, zonedWallClockToUtc } from './zonedTime'

export interface ResolvedDate {
  date: string | null
  dateSource: DateSource
  /** The date's month in the archive's zone (see ArticleSummary.month). */
  month: string | null
  issue: ArticleIssue | null
}

// Same separator (or none) twice; digits around it are not part of the date.
const FILE_NAME_DATE = /(?<!\d)((?:19|20)\d{2})([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)/

export function resolveArticleDate(
  value: unknown,
  fileName: string,
  mtimeMs: number,
  timeZone: string,
): ResolvedDate {
  let issue: ArticleIssue | null = null
  const text = typeof value === 'string' ? value.trim() : null
  if (text !== null && text !== '') {
    const ms = parseDateText(text, timeZone)
    if (ms !== null && Number.isFinite(ms)) return dated(ms, 'front-matter', timeZone, issue)
    // `Invalid Date` is what the RSSHub generator writes when its feed had no date: a known artefact, not the author's mistake.
    if (text.toLowerCase() !== 'invalid date') issue = dateIssue(`"${text}"`)
  } else if (value !== null && value !== undefined && text === null) {
    issue = dateIssue('a value that is not text')
  }

  const fromName = dateInFileName(fileName, timeZone)
  if (fromName !== null) return dated(fromName, 'filename', timeZone, issue)
  if (Number.isFinite(mtimeMs) && mtimeMs > 0) return dated(mtimeMs, 'mtime', timeZone, issue)
  return { date: null, dateSource: 'mtime', month: null, issue }
}

function dated(
  ms: number,
  dateSource: DateSource,
  timeZone: string,
  issue: ArticleIssue | null,
): ResolvedDate {
  return {
    date: new Date(ms).toISOString(),
    dateSource,
    month: zonedMonth(ms, timeZone),
    issue,
  }
}

/** Midnight (in the archive's zone) of a date written in the file name, or null. */
export function dateInFileName(fileName: string, timeZone: string): number | null {
  const m = FILE_NAME_DATE.exec(fileName)
  if (!m) return null
  const wall = wallClock(m[1], m[3], m[4], undefined, undefined, undefined, undefined)
  return wall ? zonedWallClockToUtc(wall, timeZone) : null
}

function dateIssue(what: string): ArticleIssue {
  return {
    code: 'DATE_INVALID',
    message: `archive: the front matter's date is ${what}, which is not a date this reader understands (RFC 2822, ISO 8601 or YYYY-MM-DD HH:mm:ss); the date was taken from the file name or the file's modification time.`,
  }
}
