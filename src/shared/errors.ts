/**
 * Error codes. Two families:
 * - ArticleIssueCode: a problem with one file. The article is still listed and the scan goes on.
 * - ApiErrorCode: why a call to the engine failed, carried in `{ ok: false, error: { code, message } }`.
 */

export const ARTICLE_ISSUE_CODES = [
  /** The front matter is not valid YAML; fields were recovered line by line where possible. */
  'FRONT_MATTER_INVALID',
  /** The file could not be read (EACCES, EISDIR, EIO...). */
  'FILE_UNREADABLE',
  /** The file disappeared between listing and reading. */
  'FILE_VANISHED',
  /** The file has no bytes. */
  'FILE_EMPTY',
  /** The file looks binary (NUL bytes or mostly control characters); it is listed but not indexed. */
  'FILE_BINARY',
  /** The file is not valid UTF-8 and was decoded with another encoding (named in the message). */
  'ENCODING_FALLBACK',
  /** The file is larger than the size limit; only its first part was read. */
  'FILE_TOO_LARGE',
  /** The front matter's date could not be read; the date was taken from the file name or mtime. */
  'DATE_INVALID',
] as const
export type ArticleIssueCode = (typeof ARTICLE_ISSUE_CODES)[number]

export const API_ERROR_CODES = [
  /** The path given as an archive does not exist. */
  'ARCHIVE_NOT_FOUND',
  /** The path exists but is not a folder. */
  'ARCHIVE_NOT_A_FOLDER',
  /** The folder cannot be read (permissions). */
  'ARCHIVE_UNREADABLE',
  /** A call needs an open archive and none is open. */
  'NO_ARCHIVE_OPEN',
  /** No article has this id. */
  'ARTICLE_NOT_FOUND',
  /** The search query cannot be understood (unknown field, malformed range...). */
  'QUERY_INVALID',
  /** An argument has the wrong shape or value. */
  'INVALID_ARGUMENT',
  /** The method does not exist. */
  'UNKNOWN_METHOD',
  /** The operation was cancelled. */
  'CANCELLED',
  /** The destination exists and overwriting was not confirmed. */
  'DESTINATION_EXISTS',
  /** The destination cannot be written. */
  'DESTINATION_UNWRITABLE',
  /**
   * The destination is not allowed: inside the open archive, outside the export folder serve
   * mode allows, a symbolic link, or an existing file that is not a PDF.
   */
  'DESTINATION_REFUSED',
  /** A required external program (e.g. Chromium for PDF export) is missing. */
  'DEPENDENCY_MISSING',
  /** Authentication is required or the token is wrong (serve mode). */
  'UNAUTHORIZED',
  /**
   * The app's data folder cannot be used (a file, under a file, read-only, no permission, disk
   * full): the engine does not start. The message names the folder and how to choose another.
   */
  'DATA_FOLDER_UNUSABLE',
  /** The feature exists in the contract but not yet in this version of the engine. */
  'NOT_AVAILABLE',
  /** A bug or an unexpected failure; the message names the module that failed. */
  'INTERNAL',
] as const
export type ApiErrorCode = (typeof API_ERROR_CODES)[number]

export interface ApiErrorShape {
  code: ApiErrorCode
  message: string
  /** Set where a front end words the error itself (in the user's language): see ApiErrorDetail. */
  detail?: ApiErrorDetail
}

/**
 * Why a call failed, for a front end to word in its own language: a reason key and the values
 * its sentence names. `message` says the same in English, for logs and the CLI.
 */
export interface ApiErrorDetail {
  reason: string
  values: Record<string, string | number>
}

/** The reasons of QUERY_INVALID (queryParser.ts), each a sentence in the renderer's tables. */
export const QUERY_PROBLEMS = [
  'quoteNotClosed',
  'spaceAfterQuote',
  'notADate',
  'noSuchMonth',
  'noSuchDay',
  'dateMissing',
  'rangeEmpty',
  'rangeDots',
  'rangeReversed',
  'unknownField',
  'valueMissing',
  'nothingToSearch',
  'orWithoutLeft',
  'orWithoutRight',
  'orWithExcluded',
] as const
export type QueryProblem = (typeof QUERY_PROBLEMS)[number]

/** The engine's typed failure. `module` names the part of the engine that failed, for messages and logs. */
export class ApiError extends Error implements ApiErrorShape {
  readonly code: ApiErrorCode
  readonly detail?: ApiErrorDetail
  constructor(code: ApiErrorCode, message: string, detail?: ApiErrorDetail) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    if (detail) this.detail = detail
  }
  toJSON(): ApiErrorShape {
    return this.detail
      ? { code: this.code, message: this.message, detail: this.detail }
      : { code: this.code, message: this.message }
  }
}

/** True for data shaped like an ApiErrorDetail (checked on data from the wire). */
export function isApiErrorDetail(value: unknown): value is ApiErrorDetail {
  if (typeof value !== 'object' || value === null) return false
  const { reason, values } = value as { reason?: unknown; values?: unknown }
  if (typeof reason !== 'string' || typeof values !== 'object' || values === null) return false
  return Object.values(values).every((v) => typeof v === 'string' || typeof v === 'number')
}

/** A result crossing a process boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape }

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value)
}
