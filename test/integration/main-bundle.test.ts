/**
 * The built Electron main bundle loads in plain Node with a stubbed `electron` module
 * (test/fixtures/electron/stub-electron.cjs) and wires everything it must before and after
 * `ready`. The Electron runtime itself is not needed (nor installed on CI machines without it).
 * Builds first when out/main/index.js is missing or older than the sources.
 *
 * Second part: the built core host (out/main/coreHost.js) in a real child process, driven through
 * the same protocol code main uses (connectRemoteCore). Plain Node stands in for Electron's
 * utilityProcess: test/fixtures/electron/parent-port-shim.cjs provides `process.parentPort` over
 * the child_process IPC channel (structured clone, like Electron).
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core/coreTypes'
import {
  connectRemoteCore,
  type MainToHost,
  type PortLike,
  type RemoteCore,
} from '../../src/main/electron/coreProtocol'
import { callChannel } from '../../src/shared/contract/bridge'
import type { ArchiveEvent } from '../../src/shared/contract/events'
import { METHOD_NAMES } from '../../src/shared/contract/methods'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'

const root = path.resolve(import.meta.dirname, '..', '..')
const mainBundle = path.join(root, 'out', 'main', 'index.js')
const hostBundle = path.join(root, 'out', 'main', 'coreHost.js')
const stub = path.join(root, 'test', 'fixtures', 'electron', 'stub-electron.cjs')
const shim = path.join(root, 'test', 'fixtures', 'electron', 'parent-port-shim.cjs')

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
function runBundle(args: string[], userData: string, env: NodeJS.ProcessEnv = {}): Record[] {
  const reportFile = path.join(userData, `report-${args.length}-${Object.keys(env).length}.json`)
  const run = spawnSync(process.execPath, ['-r', stub, mainBundle, ...args], {
    cwd: root,
    env: {
      ...process.env,
      STUB_REPORT: reportFile,
      STUB_USER_DATA: userData,
      ELECTRON_RENDERER_URL: '',
      ...env,
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

// One build for both parts (in one file, so two workers never build at the same time).
beforeAll(ensureBuilt)

describe('built main bundle with a stubbed electron', () => {
  let temp: string
  let records: Record[]
  const archive = path.join(path.sep, 'archives', 'from-the-command-line')

  beforeAll(async () => {
    temp = await makeTempDir('archive-browser-main-bundle-')
    records = runBundle([archive], temp)
  })
  afterAll(async () => {
    await removeDir(temp)
  })

  it('opens the demo archive when started without a folder and nothing recent', () => {
    expect(openedPath(runBundle([], temp))).toBe(path.join(root, 'resources', 'demo'))
  })

  it('starts a new engine when the first one crashes, without closing the app', () => {
    const crashRun = runBundle([archive], temp, { STUB_CRASH_ON_OPEN: '1' })
    const apis = crashRun.map((record) => record.api)
    expect(apis.filter((api) => api === 'child.crash')).toHaveLength(1)
    expect(apis.filter((api) => api === 'utilityProcess.fork')).toHaveLength(2)
    expect(apis.indexOf('utilityProcess.fork', apis.indexOf('child.crash'))).toBeGreaterThan(0)
    expect(apis).not.toContain('dialog.showErrorBox')
    expect(apis).not.toContain('app.exit')
    expect(apis).not.toContain('uncaughtException')
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
    expect(init).toEqual({
      kind: 'init',
      options: {
        dataDir: temp,
        demoArchivePath: path.join(root, 'resources', 'demo'),
        version: '0.0.0-stub',
      },
    })
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

function portOf(child: ChildProcess): PortLike<unknown, MainToHost> {
  return {
    post: (message) => {
      child.send(message)
    },
    onMessage(listener) {
      child.on('message', listener)
      return () => child.off('message', listener)
    },
  }
}

describe('built core host in a child process', () => {
  let archive: string
  let dataDir: string
  let child: ChildProcess
  let remote: RemoteCore
  let core: Core
  const events: ArchiveEvent[] = []
  let exitCode: Promise<number | null>

  /** Resolves at the next `archive-status: ready` event. */
  function waitForReady(): Promise<void> {
    return new Promise((resolve) => {
      const stop = core.subscribe((event) => {
        if (event.type === 'archive-status' && event.status === 'ready') {
          stop()
          resolve()
        }
      })
    })
  }

  beforeAll(async () => {
    archive = await makeTempDir('archive-browser-host-archive-')
    dataDir = await makeTempDir('archive-browser-host-data-')
    await writeTree(archive, {
      'a/2024-01-01-one.md': articleText({ title: '第一篇', body: '<p>芯片制造</p>' }),
      'a/2024-01-02-two.md': articleText({ title: '第二篇', body: '<p>游戏新闻</p>' }),
    })
    child = fork(hostBundle, [], {
      execArgv: ['-r', shim],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    exitCode = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
    remote = connectRemoteCore(portOf(child), { dataDir, watch: false })
    core = remote.core
    core.subscribe((event) => events.push(event))
    await remote.ready
  })

  afterAll(async () => {
    if (child.exitCode === null) child.kill()
    await removeDir(archive)
    await removeDir(dataDir)
  })

  it('opens an archive, lists it and reports events over the port', async () => {
    const ready = waitForReady()
    const info = await core.openArchive({ path: archive })
    expect(info.path).toBe(archive)
    // openArchive may return while the scan runs; the status event says when it is done.
    if (info.status !== 'ready') await ready
    const page = await core.listArticles({ limit: 10, sort: 'title', order: 'asc' })
    expect(page.items.map((item) => item.title).sort()).toEqual(['第一篇', '第二篇'])
    expect(events.some((event) => event.type === 'archive-status')).toBe(true)
  })

  it('carries engine errors with their codes', async () => {
    await expect(core.getArticle({ id: 'missing.md' })).rejects.toMatchObject({
      code: 'ARTICLE_NOT_FOUND',
    })
    await expect(core.openArchive({ path: path.join(archive, 'nope') })).rejects.toMatchObject({
      code: 'ARCHIVE_NOT_FOUND',
    })
  })

  it('keeps settings in the data folder and exits cleanly on dispose', async () => {
    const updated = await core.updateSettings({ fontSize: 19 })
    expect(updated.fontSize).toBe(19)
    await core.dispose()
    expect(await exitCode).toBe(0)
  })
})
