import { createHash } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { ApiError } from '../../../shared/errors'

const APP_FOLDER = 'Archive Browser'

/**
 * Where the app keeps its own files when no front end says otherwise (CLI, serve mode).
 * ARCHIVE_BROWSER_DATA_DIR wins; then the platform's usual place. Electron passes
 * app.getPath('userData') instead.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (env.ARCHIVE_BROWSER_DATA_DIR) return path.resolve(env.ARCHIVE_BROWSER_DATA_DIR)
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_FOLDER)
  if (platform === 'win32')
    return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), APP_FOLDER)
  const config =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(home, '.config')
  return path.join(config, 'archive-browser')
}

/** A stable key for an archive folder: a hash of its real path (case-folded where the file system usually is). */
export function archiveKey(
  archiveRealPath: string,
  platform: NodeJS.Platform = process.platform,
): string {
  let normalised = path.resolve(archiveRealPath)
  if (platform === 'win32' || platform === 'darwin') normalised = normalised.toLowerCase()
  return createHash('sha256').update(normalised).digest('hex').slice(0, 24)
}

/**
 * The per-archive folder for snapshots, caches and marks: `<dataDir>/archives/<key>`.
 * It must never be inside the archive (the app never writes into the user's folder).
 */
export function archiveDataDir(dataDir: string, archiveRealPath: string): string {
  const dir = path.join(path.resolve(dataDir), 'archives', archiveKey(archiveRealPath))
  const fromArchive = path.relative(path.resolve(archiveRealPath), dir)
  const outside =
    fromArchive === '..' || fromArchive.startsWith(`..${path.sep}`) || path.isAbsolute(fromArchive)
  if (!outside) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `state: the data folder ${dataDir} is inside the archive ${archiveRealPath}; choose a data folder outside it`,
    )
  }
  return dir
}
