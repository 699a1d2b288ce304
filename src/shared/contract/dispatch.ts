/**
 * The server side of every transport: a method name and an argument that crossed a boundary,
 * checked against the method table, then handed to the engine. IPC and HTTP adapters both call
 * this, so they refuse exactly the same things with the same codes.
 */
import { ApiError, type Result } from '../errors'
import type { ArchiveApi } from './api'
import { METHODS, isMethodName } from './methods'
import { toResult } from './result'

/** Calls `api[method](arg)` after checking the name and the argument's shape. Never rejects. */
export async function dispatch(
  api: ArchiveApi,
  method: unknown,
  arg: unknown,
): Promise<Result<unknown>> {
  if (!isMethodName(method)) {
    const shown = typeof method === 'string' ? method.slice(0, 100) : typeof method
    return failure('UNKNOWN_METHOD', `contract: there is no method "${shown}"`)
  }
  // JSON and structured clone both carry "no argument" as null or undefined; the engine sees undefined.
  const normalised = arg === null ? undefined : arg
  const problem = METHODS[method].validate(normalised, 'argument')
  if (problem) return failure('INVALID_ARGUMENT', `${method}: ${problem}`)
  // Each method's argument type differs; the validator above has just checked this one's shape.
  const engine = api as unknown as Record<typeof method, (arg: unknown) => Promise<unknown>>
  // Called through a then() so a synchronous throw in the engine still becomes a Result.
  return toResult(
    Promise.resolve().then(() => engine[method](normalised)),
    method,
  )
}

function failure(code: ApiError['code'], message: string): Result<never> {
  return { ok: false, error: new ApiError(code, message).toJSON() }
}
