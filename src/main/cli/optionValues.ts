/**
 * The values of a command's options, checked before any work starts. A wrong value is a usage
 * error (exit 2, the command's usage after the message): thrown as UsageError and reported by
 * the entry point (index.ts), so every command says it the same way.
 */
/** A wrong option value or combination; the message names the option and the value. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/**
 * `value` as a whole number from `min` to `max`, or `fallback` when the option is absent.
 * Only plain decimal digits: Number() also took `1e2`, ` 5`, `0x10` and `` (as 0).
 */
export function wholeNumber(
  value: string | boolean | undefined,
  option: string,
  { min, max }: { min: number; max: number },
): number | undefined {
  if (value === undefined) return undefined
  const text = String(value)
  const number = /^[0-9]{1,9}$/.test(text) ? Number(text) : NaN
  if (!(number >= min && number <= max))
    throw new UsageError(`--${option} must be a whole number from ${min} to ${max}, not "${text}".`)
  return number
}

/**
 * `value` as an IANA zone the dates can be read in. An unknown zone was only logged, and the
 * dates silently read as UTC: a typo gave wrong dates with exit 0.
 */
export function timeZone(value: string | boolean | undefined): string | undefined {
  if (value === undefined) return undefined
  const zone = String(value)
  if (!knownZone(zone))
    throw new UsageError(
      `--time-zone must be an IANA time zone such as Asia/Shanghai or UTC, not "${zone}".`,
    )
  return zone
}

/** Whether Intl knows the zone: the parser reads dates with it (archive/parse/zonedTime.ts). */
function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** `value` if it is one of `allowed`, `fallback` when the option is absent. */
export function oneOf<T extends string>(
  value: string | boolean | undefined,
  option: string,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback
  const found = allowed.find((a) => a === value)
  if (found === undefined)
    throw new UsageError(`--${option} must be ${allowed.join(' or ')}, not "${String(value)}".`)
  return found
}
