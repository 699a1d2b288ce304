/**
 * Which archive to open at launch, as pure functions: a folder on the command line (first or
 * second instance), else the last opened archive, else the bundled demo.
 */
import path from 'node:path'

/**
 * The archive folder named on a command line, resolved against `cwd`, or null.
 * `argv` is the whole process argv. Switches (`--foo`, `--foo=bar`, `-x`) are ignored wherever
 * they are: Chromium, Playwright and macOS (`-psn_…`) add their own. The first positional is
 * Electron itself; when started as `electron <app> …` (process.defaultApp) the next one is the
 * app, so the archive is the positional after it.
 */
export function archivePathFromArgv(
  argv: readonly string[],
  options: { defaultApp: boolean; cwd: string },
): string | null {
  const positionals = argv.slice(1).filter((arg) => arg !== '' && !arg.startsWith('-'))
  const archive = positionals[options.defaultApp ? 1 : 0]
  return archive === undefined ? null : path.resolve(options.cwd, archive)
}

/** Data a second instance passes to the first one (requestSingleInstanceLock's additionalData). */
export interface SecondInstanceData {
  archivePath: string | null
}

export function isSecondInstanceData(value: unknown): value is SecondInstanceData {
  if (typeof value !== 'object' || value === null) return false
  const archivePath = (value as { archivePath?: unknown }).archivePath
  return archivePath === null || typeof archivePath === 'string'
}

/**
 * Where the demo archive lives. In a packaged app, resources/ is unpacked next to app.asar
 * (electron-builder.yml, asarUnpack) so the engine reads it as a normal folder.
 */
export function demoArchivePath(appPath: string, isPackaged: boolean): string {
  const base = isPackaged && appPath.endsWith('.asar') ? `${appPath}.unpacked` : appPath
  return path.join(base, 'resources', 'demo')
}

/** First match of: command line, last opened (most recent), demo. */
export function chooseStartupArchive(options: {
  fromArgv: string | null
  recent: readonly { path: string }[]
  demo: string | null
}): { path: string; origin: 'argv' | 'recent' | 'demo' } | null {
  if (options.fromArgv) return { path: options.fromArgv, origin: 'argv' }
  const last = options.recent[0]
  if (last) return { path: last.path, origin: 'recent' }
  return options.demo ? { path: options.demo, origin: 'demo' } : null
}
