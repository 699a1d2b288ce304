/**
 * `POST /api/<method>`: the body is the method's argument as JSON. Routing is the method table's
 * lookup (via dispatch), so every method of the contract is reachable and nothing else is.
 */
import type { Result } from '../../shared/errors'
import type { ArchiveApi } from '../../shared/contract/api'
import { dispatch } from '../../shared/contract/dispatch'
import { isMethodName } from '../../shared/contract/methods'

/** Handles one call given the method name from the URL and the raw body text. Never rejects. */
export async function handleApiCall(
  api: ArchiveApi,
  method: string,
  bodyText: string,
): Promise<Result<unknown>> {
  // Checked before parsing so an unknown method is a 404 whatever the body holds.
  if (!isMethodName(method)) return dispatch(api, method, undefined)
  let arg: unknown
  if (bodyText.trim() === '') arg = undefined
  else {
    try {
      arg = JSON.parse(bodyText)
    } catch {
      return {
        ok: false,
        error: {
          code: 'INVALID_ARGUMENT',
          message: `${method}: the request body is not valid JSON`,
        },
      }
    }
  }
  return dispatch(api, method, arg)
}
