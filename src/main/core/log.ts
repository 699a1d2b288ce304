/**
 * Named loggers for the engine. Everything goes to stderr so that the CLI's
 * stdout stays clean for `--json`. The level comes from ARCHIVE_BROWSER_LOG
 * (error | warn | info | debug; default warn, or error under tests).
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug'

const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 }

export interface Logger {
  error(message: string, detail?: unknown): void
  warn(message: string, detail?: unknown): void
  info(message: string, detail?: unknown): void
  debug(message: string, detail?: unknown): void
}

export type LogSink = (level: LogLevel, name: string, message: string, detail?: unknown) => void

function defaultLevel(): LogLevel {
  const configured = process.env.ARCHIVE_BROWSER_LOG
  if (configured && configured in ORDER) return configured as LogLevel
  return process.env.VITEST ? 'error' : 'warn'
}

let threshold: LogLevel = defaultLevel()

const stderrSink: LogSink = (level, name, message, detail) => {
  const suffix =
    detail === undefined ? '' : ` ${detail instanceof Error ? detail.message : safeJson(detail)}`
  process.stderr.write(`[${level}] ${name}: ${message}${suffix}\n`)
}

let sink: LogSink = stderrSink

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}

/** Route all loggers elsewhere (tests capture warnings this way). Returns a function that restores the previous sink. */
export function setLogSink(next: LogSink): () => void {
  const previous = sink
  sink = next
  return () => {
    sink = previous
  }
}

export function setLogLevel(level: LogLevel): void {
  threshold = level
}

export function createLogger(name: string): Logger {
  const emit = (level: LogLevel) => (message: string, detail?: unknown) => {
    if (ORDER[level] <= ORDER[threshold]) sink(level, name, message, detail)
  }
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') }
}
