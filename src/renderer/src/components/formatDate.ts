/** Dates as the list and the reader show them, in the configured zone (null: the machine's). */
export function formatDate(
  iso: string | null,
  locale: string,
  timeZone: string | null,
  withTime = false,
): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  try {
    return new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
      timeZone: timeZone ?? undefined,
    }).format(date)
  } catch {
    // An unknown zone name in the settings: fall back to the machine's zone.
    return date.toLocaleDateString(locale)
  }
}
