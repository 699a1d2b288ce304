/**
 * Crossing a process boundary: an ApiError becomes `{ ok: false, error }` on one side and is
 * thrown again, with the same code, on the other.
 */
import {
  ApiError,
  isApiErrorCode,
  isApiErrorDetail,
  type ApiErrorShape,
  type Result,
} from '../errors'

export type { Result }

/** Any thrown value as an ApiErrorShape. Non-ApiErrors become INTERNAL, naming `module`. */
export function toErrorShape(error: unknown, module = 'engine'): ApiErrorShape {
  if (error instanceof ApiError) return error.toJSON()
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'INTERNAL', message: `${module}: ${message}` }
}

/** Settles a promise into a Result; never rejects. */
export async function toResult<T>(promise: Promise<T>, module?: string): Promise<Result<T>> {
  try {
    return { ok: true, value: await promise }
  } catch (error) {
    return { ok: false, error: toErrorShape(error, module) }
  }
}

/**
 * The value of an ok Result, or the error thrown again as an ApiError with the same code.
 * A code this build does not know (a newer peer) becomes INTERNAL, keeping the original in the message.
 */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value
  const { code, message, detail } = result.error
  if (isApiErrorCode(code))
    throw new ApiError(code, message, isApiErrorDetail(detail) ? detail : undefined)
  throw new ApiError('INTERNAL', `${String(code)}: ${message}`)
}

/** True for data shaped like a Result (checked on data from the wire). */
export function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as { ok?: unknown; error?: unknown }
  if (candidate.ok === true) return true
  if (candidate.ok !== false) return false
  const error = candidate.error as { code?: unknown; message?: unknown } | null | undefined
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof error.code === 'string' &&
    typeof error.message === 'string'
  )
}
