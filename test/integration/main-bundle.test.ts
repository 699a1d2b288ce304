/**
 * The built Electron main bundle loads in plain Node with a stubbed `electron` module
 * (test/fixtures/electron/stub-electron.cjs) and wires everything it must before and after
 * `ready`. The Electron runtime itself is not needed (nor installed on CI machines without it).
 * Builds first when out/main/index.js is missing or older than the sources.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callChannel } from '../../src/shared/contract/bridge'
import { METHOD_NAMES } from '../../src/shared/contract/methods'
import { makeTempDir, removeDir } from '../support/tempDir'

const root = path.resolve(import.meta.dirname, '..', '..')
const mainBundle = path.join(root, 'out', 'main', 'index.js')
const stub = path.join(root, 'test', 'fixtures', 'electron', 'stub-electron.cjs')

interface Record {
  api: string
  args: unknown[]
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs)
  }
  return newest
}

function ensureBuilt(): void {
  const sources = ['src/main', 'src/preload', 'src/shared'].map((dir) =>
    newestMtime(path.join(root, dir)),
  )
  if (existsSync(mainBundle) && statSync(mainBundle).mtimeMs >= Math.max(...sources)) return
  // The renderer may fail to build on its own; main and preload are built before it.
  spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: root,
      stdio: 'ignore',
    },
  )
  if (!existsSync(mainBundle))
    throw new Error('electron-vite build did not produce out/main/index.js')
}

/** Runs the bundle under the stub with these command-line arguments; returns what it recorded. */
function runBundle(args: string[], userData: string): Record[] {
  const reportFile = path.join(userData, `report-${args.length}.json`)
  const run = spawnSync(process.execPath, ['-r', stub, mainBundle, ...args], {
    cwd: root,
    env: {
      ...process.env,
      STUB_REPORT: reportFile,
      STUB_USER_DATA: userData,
      ELECTRON_RENDERER_URL: '',
    },
    encoding: 'utf8',
    // A guard against a hang, not a speed assertion.
    timeout: 30_000,
  })
  if (!existsSync(reportFile)) {
    throw new Error(`the bundle wrote no report (exit ${run.status}): ${run.stderr}`)
  }
  return JSON.parse(readFileSync(reportFile, 'utf8')) as Record[]
}

const openedPath = (records: Record[]) =>
  records
    .filter((record) => record.api === 'child.postMessage')
    .map((record) => record.args[0] as { method?: string; arg?: { path?: string } })
    .find((message) => message.method === 'openArchive')?.arg?.path

describe('built main bundle with a stubbed electron', () => {
  let temp: string
  let records: Record[]
  const archive = path.join(path.sep, 'archives', 'from-the-command-line')

  beforeAll(async () => {
    ensureBuilt()
    temp = await makeTempDir('archive-browser-main-bundle-')
    records = runBundle([archive], temp)
  })
  afterAll(async () => {
    await removeDir(temp)
  })

  it('opens the demo archive when started without a folder and nothing recent', () => {
    expect(openedPath(runBundle([], temp))).toBe(path.join(root, 'resources', 'demo'))
  })

  const calls = (api: string) => records.filter((record) => record.api === api)
  const indexOf = (api: string) => records.findIndex((record) => record.api === api)

  it('starts without errors and reaches opening the command-line archive', () => {
    expect(calls('uncaughtException')).toEqual([])
    expect(calls('unhandledRejection')).toEqual([])
    expect(calls('dialog.showErrorBox')).toEqual([])
    expect(records.at(-1)).toEqual({ api: 'report', args: ['openArchive reached'] })
    expect(openedPath(records)).toBe(archive)
  })

  it('registers the image scheme as privileged before ready, then handles it', () => {
    const [schemes] = calls('protocol.registerSchemesAsPrivileged')[0]!.args as [
      { scheme: string; privileges: object }[],
    ]
    expect(schemes).toEqual([
      {
        scheme: 'app-img',
        privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
      },
    ])
    expect(indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(indexOf('app.whenReady'))
    expect(calls('protocol.handle').map((record) => record.args[0])).toEqual(['app-img'])
  })

  it('takes the single-instance lock with the archive path for a running instance', () => {
    expect(calls('app.requestSingleInstanceLock')[0]!.args).toEqual([{ archivePath: archive }])
    expect(calls('app.on').map((record) => record.args[0])).toContain('second-instance')
  })

  it('registers one IPC handler per method of the table', () => {
    const channels = calls('ipcMain.handle').map((record) => record.args[0])
    expect([...channels].sort()).toEqual(METHOD_NAMES.map(callChannel).sort())
  })

  it('locks the session down and sandboxes every renderer before ready', () => {
    expect(indexOf('app.enableSandbox')).toBeGreaterThanOrEqual(0)
    expect(indexOf('app.enableSandbox')).toBeLessThan(indexOf('app.whenReady'))
    expect(calls('session.setPermissionRequestHandler')).toHaveLength(1)
    expect(calls('session.setPermissionCheckHandler')).toHaveLength(1)
    expect(calls('session.webRequest.onHeadersReceived')).toHaveLength(1)
  })

  it('runs the engine in a utility process from the built coreHost.js', () => {
    const [modulePath] = calls('utilityProcess.fork')[0]!.args as [string]
    expect(modulePath).toBe(path.join(root, 'out', 'main', 'coreHost.js'))
    expect(existsSync(modulePath)).toBe(true)
    const init = calls('child.postMessage')[0]!.args[0]
    expect(init).toEqual({ kind: 'init', options: { dataDir: temp } })
  })

  it('opens a sandboxed window on the built renderer with the bundled preload', () => {
    const [options] = calls('BrowserWindow')[0]!.args as [{ webPreferences: { preload: string } }]
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    })
    expect(options.webPreferences.preload).toBe(path.join(root, 'out', 'preload', 'index.js'))
    expect(existsSync(options.webPreferences.preload)).toBe(true)
    expect(calls('BrowserWindow.loadFile')[0]!.args).toEqual([
      path.join(root, 'out', 'renderer', 'index.html'),
    ])
    expect(calls('Menu.setApplicationMenu').length).toBeGreaterThan(0)
  })
})
