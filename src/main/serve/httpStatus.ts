/**
 * HTTP status for each ApiErrorCode. A Record over every code, so a new code without a status
 * is a compile error rather than a silent 500.
 */
import type { ApiErrorCode } from '../../shared/errors'

export const STATUS_BY_CODE: Record<ApiErrorCode, number> = {
  ARCHIVE_NOT_FOUND: 404,
  ARCHIVE_NOT_A_FOLDER: 400,
  ARCHIVE_UNREADABLE: 403,
  // The call is fine but the server's state does not allow it yet.
  NO_ARCHIVE_OPEN: 409,
  ARTICLE_NOT_FOUND: 404,
  QUERY_INVALID: 400,
  INVALID_ARGUMENT: 400,
  UNKNOWN_METHOD: 404,
  CANCELLED: 409,
  DESTINATION_EXISTS: 409,
  DESTINATION_UNWRITABLE: 500,
  DESTINATION_REFUSED: 403,
  DEPENDENCY_MISSING: 503,
  UNAUTHORIZED: 401,
  // The server's own data folder: nothing the client can fix.
  DATA_FOLDER_UNUSABLE: 500,
  // A contract method the engine does not implement yet.
  NOT_AVAILABLE: 501,
  INTERNAL: 500,
}
