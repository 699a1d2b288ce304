/**
 * The renderer's named logger (no bare console in src/: every line says which module wrote it).
 * Only warnings and errors: the renderer has nothing to say in normal operation.
 */
export interface Logger {
  warn: (message: string, detail?: unknown) => void
  error: (message: string, detail?: unknown) => void
}

export function createLogger(module: string): Logger {
  const sink = globalThis.console
  return {
    warn: (message, detail) => sink.warn(`[${module}] ${message}`, detail ?? ''),
    error: (message, detail) => sink.error(`[${module}] ${message}`, detail ?? ''),
  }
}
