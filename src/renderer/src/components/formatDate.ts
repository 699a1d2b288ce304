/**
 * Dates as the list and the reader show them, in the configured zone (null: the machine's).
 * Formatters are cached: building an Intl.DateTimeFormat costs far more than using one, and the
 * list formats a date for every row it renders while scrolling.
 */
const formatters = new Map<string, Intl.DateTimeFormat | null>()

function formatter(locale: string, timeZone: string | null, withTime: boolean) {
  const key = `${locale}|${timeZone ?? ''}|${withTime ? 't' : ''}`
  let cached = formatters.get(key)
  if (cached === undefined) {
    try {
      cached = new Intl.DateTimeFormat(locale, {
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
        timeZone: timeZone ?? undefined,
      })
    } catch {
      // An unknown zone name in the settings: the caller falls back to the machine's zone.
      cached = null
    }
    formatters.set(key, cached)
  }
  return cached
}

export function formatDate(
  iso: string | null,
  locale: string,
  timeZone: string | null,
  withTime = false,
): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return formatter(locale, timeZone, withTime)?.format(date) ?? date.toLocaleDateString(locale)
}
