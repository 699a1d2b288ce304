/** Options for reading an archive. Shared by the scanner, the parser and the watcher's re-parse. */
export interface ReadOptions {
  /**
   * IANA time zone in which front-matter dates without an offset (`2021-06-28 18:03:38`) are read,
   * as Hexo does. Default: the machine's zone.
   */
  timeZone: string
  /** Files larger than this are read only up to it and flagged FILE_TOO_LARGE. Default 20 MB. */
  maxFileBytes: number
}

export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024

export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

export function resolveReadOptions(partial: Partial<ReadOptions> = {}): ReadOptions {
  return {
    timeZone: partial.timeZone ?? machineTimeZone(),
    maxFileBytes: partial.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
  }
}
