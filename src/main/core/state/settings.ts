import { ApiError } from '../../../shared/errors'
import {
  DEFAULT_SETTINGS,
  type ImageHostRule,
  type Language,
  type Settings,
  type Theme,
  type WindowBounds,
} from '../../../shared/types/settings'

// The shapes and defaults are the contract's (src/shared/types/settings.ts); this module owns
// their limits and validation.
export type { ImageHostRule, Language, Settings, Theme, WindowBounds }
export { DEFAULT_SETTINGS }

export const SETTINGS_LIMITS = {
  fontSize: { min: 10, max: 40 },
  imageConcurrency: { min: 1, max: 32 },
  imagePerHostLimit: { min: 1, max: 16 },
  imageMaxBytes: { min: 1024, max: 2 ** 30 },
  imageCacheCapBytes: { min: 0, max: 2 ** 40 },
  imageTimeoutMs: { min: 1000, max: 600_000 },
  imageHostRules: { max: 500 },
  windowSize: { min: 100, max: 100_000 },
} as const

/** Returns an error message for a bad value, or null if the value is fine. */
type Check = (value: unknown) => string | null

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const oneOf =
  (...allowed: readonly string[]): Check =>
  (value) =>
    typeof value === 'string' && allowed.includes(value)
      ? null
      : `must be one of ${allowed.join(', ')}`

const boolean: Check = (value) => (typeof value === 'boolean' ? null : 'must be true or false')

const integerIn =
  ({ min, max }: { min: number; max: number }): Check =>
  (value) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? null
      : `must be a whole number from ${min} to ${max}`

const numberIn =
  ({ min, max }: { min: number; max: number }): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? null
      : `must be a number from ${min} to ${max}`

const timeZone: Check = (value) => {
  if (value === null) return null
  if (typeof value !== 'string' || value === '') return 'must be an IANA time zone name or null'
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return null
  } catch {
    return `"${value}" is not a known IANA time zone`
  }
}

/** Header values must not smuggle line breaks (header injection) or control characters. */
function isHeaderSafe(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) return false
  }
  return true
}
const HOST = /^(?:\*\.)?[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d{1,5})?$/i

function checkHostRule(rule: unknown, index: number): string | null {
  const where = `rule ${index + 1}`
  if (!isRecord(rule)) return `${where} must be an object`
  for (const key of Object.keys(rule)) {
    if (key !== 'host' && key !== 'action' && key !== 'referer' && key !== 'userAgent')
      return `${where} has an unknown field "${key}"`
  }
  if (typeof rule.host !== 'string' || !HOST.test(rule.host))
    return `${where}: host must look like example.com or *.example.com`
  if (rule.action !== undefined && rule.action !== 'allow' && rule.action !== 'block')
    return `${where}: action must be allow or block`
  if (rule.referer !== undefined) {
    if (
      typeof rule.referer !== 'string' ||
      !isHeaderSafe(rule.referer) ||
      !/^https?:\/\//i.test(rule.referer)
    )
      return `${where}: referer must be an http(s) URL`
    try {
      new URL(rule.referer)
    } catch {
      return `${where}: referer must be an http(s) URL`
    }
  }
  if (rule.userAgent !== undefined) {
    if (
      typeof rule.userAgent !== 'string' ||
      rule.userAgent.length === 0 ||
      rule.userAgent.length > 512 ||
      !isHeaderSafe(rule.userAgent)
    )
      return `${where}: userAgent must be 1–512 characters without control characters`
  }
  return null
}

const hostRules: Check = (value) => {
  if (!Array.isArray(value)) return 'must be a list'
  if (value.length > SETTINGS_LIMITS.imageHostRules.max)
    return `must have at most ${SETTINGS_LIMITS.imageHostRules.max} rules`
  for (const [index, rule] of value.entries()) {
    const problem = checkHostRule(rule, index)
    if (problem) return problem
  }
  return null
}

const windowBounds: Check = (value) => {
  if (value === null) return null
  if (!isRecord(value)) return 'must be an object'
  const size = numberIn(SETTINGS_LIMITS.windowSize)
  const coordinate = numberIn({ min: -1_000_000, max: 1_000_000 })
  for (const key of Object.keys(value)) {
    if (!['x', 'y', 'width', 'height', 'maximized'].includes(key))
      return `has an unknown field "${key}"`
  }
  const problem =
    (value.x === undefined ? null : coordinate(value.x)) ??
    (value.y === undefined ? null : coordinate(value.y)) ??
    size(value.width) ??
    size(value.height) ??
    (value.maximized === undefined ? null : boolean(value.maximized))
  return problem ? `fields are invalid (${problem})` : null
}

const CHECKS: Record<keyof Settings, Check> = {
  timeZone,
  theme: oneOf('system', 'light', 'dark'),
  language: oneOf('system', 'zh-Hans', 'zh-Hant', 'en'),
  fontSize: numberIn(SETTINGS_LIMITS.fontSize),
  markReadOnOpen: boolean,
  offlineOnly: boolean,
  imageAutoDownload: boolean,
  imageConcurrency: integerIn(SETTINGS_LIMITS.imageConcurrency),
  imageTimeoutMs: integerIn(SETTINGS_LIMITS.imageTimeoutMs),
  imagePerHostLimit: integerIn(SETTINGS_LIMITS.imagePerHostLimit),
  imageMaxBytes: integerIn(SETTINGS_LIMITS.imageMaxBytes),
  imageCacheCapBytes: integerIn(SETTINGS_LIMITS.imageCacheCapBytes),
  imageHostRules: hostRules,
  windowBounds,
}

const SETTING_KEYS = Object.keys(CHECKS) as Array<keyof Settings>

export function isSettingKey(key: string): key is keyof Settings {
  return (SETTING_KEYS as string[]).includes(key)
}

/**
 * Checks a patch from a caller (IPC, HTTP): unknown keys and bad values are refused with
 * INVALID_ARGUMENT naming the key, so a typo in the UI never silently stores nothing.
 * `windowBounds: null` clears the saved window bounds.
 */
export function validateSettingsPatch(patch: unknown): Partial<Settings> {
  if (!isRecord(patch))
    throw new ApiError('INVALID_ARGUMENT', 'state: the settings patch must be an object')
  for (const [key, value] of Object.entries(patch)) {
    if (!isSettingKey(key))
      throw new ApiError('INVALID_ARGUMENT', `state: unknown setting "${key}"`)
    const problem = CHECKS[key](value)
    if (problem) throw new ApiError('INVALID_ARGUMENT', `state: setting "${key}" ${problem}`)
  }
  return structuredClone(patch)
}

/**
 * Settings read from disk: every known key that is valid is kept, anything missing or invalid
 * falls back to its default (a newer or older app version may have written the file).
 */
export function reviveSettings(raw: unknown): Settings {
  const settings: Settings = structuredClone<Settings>({ ...DEFAULT_SETTINGS })
  if (!isRecord(raw)) return settings
  for (const key of SETTING_KEYS) {
    if (!(key in raw)) continue
    const value = raw[key]
    if (CHECKS[key](value) === null) Object.assign(settings, { [key]: structuredClone(value) })
  }
  return settings
}

export function applySettingsPatch(current: Settings, patch: Partial<Settings>): Settings {
  return { ...current, ...patch }
}
