/**
 * A deliberately small argument checker for the method table. Transports run it on data that
 * crossed a process boundary, before the engine sees it, so the engine can trust the SHAPE of its
 * arguments (values such as "does this id exist" stay the engine's job).
 *
 * A Check returns null when the value is fine, or a sentence naming the field and what it expected.
 */
export type Check = (value: unknown, field: string) => string | null

interface OptionalCheck extends Check {
  optional: true
}

type Field = Check | OptionalCheck

const isOptional = (check: Field): check is OptionalCheck =>
  (check as Partial<OptionalCheck>).optional === true

/** The field may be absent (undefined); when present it must pass `check`. */
export function opt(check: Check): OptionalCheck {
  const wrapped = ((value: unknown, field: string) =>
    value === undefined ? null : check(value, field)) as OptionalCheck
  wrapped.optional = true
  return wrapped
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value) as unknown
  return proto === Object.prototype || proto === null
}

export function str(options: { min?: number; max?: number } = {}): Check {
  const min = options.min ?? 0
  const max = options.max ?? 1_000_000
  return (value, field) =>
    typeof value === 'string' && value.length >= min && value.length <= max
      ? null
      : `\`${field}\` must be a string of ${min} to ${max} characters`
}

export function int(options: { min?: number; max?: number } = {}): Check {
  const min = options.min ?? Number.MIN_SAFE_INTEGER
  const max = options.max ?? Number.MAX_SAFE_INTEGER
  return (value, field) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? null
      : `\`${field}\` must be an integer from ${min} to ${max}`
}

export const bool: Check = (value, field) =>
  typeof value === 'boolean' ? null : `\`${field}\` must be true or false`

export function oneOf(...allowed: readonly (string | number | boolean | null)[]): Check {
  return (value, field) =>
    allowed.includes(value as string)
      ? null
      : `\`${field}\` must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
}

/** Month in 'YYYY-MM' form. */
export const month: Check = (value, field) =>
  typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)
    ? null
    : `\`${field}\` must be a month written YYYY-MM`

export function arrayOf(item: Check, options: { max?: number } = {}): Check {
  const max = options.max ?? 100_000
  return (value, field) => {
    if (!Array.isArray(value)) return `\`${field}\` must be a list`
    if (value.length > max) return `\`${field}\` may hold at most ${max} items`
    for (let i = 0; i < value.length; i++) {
      const problem = item(value[i], `${field}[${i}]`)
      if (problem) return problem
    }
    return null
  }
}

/**
 * A plain object with exactly these fields: unknown keys are refused, which catches a client
 * sending `{ limt: 10 }` instead of silently ignoring it.
 */
export function obj(fields: Record<string, Field>): Check {
  return (value, field) => {
    if (!isPlainObject(value)) return `\`${field}\` must be an object`
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(fields, key)) return `\`${field}\` has an unknown field \`${key}\``
    }
    for (const [key, check] of Object.entries(fields)) {
      const present = Object.hasOwn(value, key) && value[key] !== undefined
      if (!present && !isOptional(check)) return `\`${field}.${key}\` is required`
      const problem = check(value[key], `${field}.${key}`)
      if (problem) return problem
    }
    return null
  }
}

/** A plain object with only these keys, each optional; values are left to the engine. */
export function keysOf(keys: readonly string[]): Check {
  return (value, field) => {
    if (!isPlainObject(value)) return `\`${field}\` must be an object`
    const unknown = Object.keys(value).find((key) => !keys.includes(key))
    return unknown === undefined ? null : `\`${field}\` has an unknown field \`${unknown}\``
  }
}

/** Methods without an argument accept nothing, null or `{}`. */
export const noArg: Check = (value, field) =>
  value === undefined || value === null || (isPlainObject(value) && Object.keys(value).length === 0)
    ? null
    : `\`${field}\` must be empty: this method takes no argument`

/** Both checks must pass (the first failure is reported): a shape, then a rule across fields. */
export function both(first: Check, second: Check): Check {
  return (value, field) => first(value, field) ?? second(value, field)
}
