/**
 * The desktop app's lifecycle: single instance, the engine in a utility process, the secure main
 * window, IPC, the image scheme, menus, and which archive to open. Policy lives in pure modules
 * (security, launchArgs, windowState, menuTemplate, imageRequest, ipc); this file wires them to
 * Electron.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session } from 'electron'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { EVENT_CHANNEL, MENU_CHANNEL } from '../../shared/contract/bridge'
import type { ArchiveEvent } from '../../shared/contract/events'
import type { MenuCommand } from '../../shared/contract/menu'
import { toResult } from '../../shared/contract/result'
import type { RecentArchive, WindowBounds } from '../../shared/types/settings'
import type { Core } from '../core/coreTypes'
import { createLogger } from '../core/log'
import { startCoreProcess, type CoreProcess } from './coreProcess'
import { createCoreRelay, shouldRestart } from './coreRelay'
import { hardenSession, hardenWebContents } from './hardening'
import { handleImageRequest, IMAGE_SCHEME } from './imageRequest'
import { registerIpcHandlers, senderInfoOf } from './ipc'
import {
  archivePathFromArgv,
  chooseStartupArchive,
  demoArchivePath,
  isSecondInstanceData,
  type SecondInstanceData,
} from './launchArgs'
import { buildMenuTemplate } from './menuTemplate'
import { printJobToPdf } from './pdfPrinter'
import { PRINT_PDF_REQUEST } from './remotePrinter'
import { isAllowedSender, windowOptions } from './security'
import { boundsToSave, restoreBounds } from './windowState'

const log = createLogger('electron')

/** Where the built renderer is, relative to this bundle (out/main/index.js). */
function rendererTarget():
  { kind: 'url'; url: string } | { kind: 'file'; file: string; url: string } {
  const devUrl = process.env.ELECTRON_RENDERER_URL
  if (!app.isPackaged && devUrl) return { kind: 'url', url: devUrl }
  const file = path.join(__dirname, '../renderer/index.html')
  return { kind: 'file', file, url: pathToFileURL(file).href }
}

/** Registers everything that must precede `ready`, then starts the app. Call once, at load. */
export function startElectronApp(): void {
  // Every renderer sandboxed, including any a future change forgets to configure.
  app.enableSandbox()
  protocol.registerSchemesAsPrivileged([
    {
      scheme: IMAGE_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
    },
  ])
  // Tests and portable setups point the app at their own data folder (settings, caches, lock).
  const dataDirOverride = process.env.ARCHIVE_BROWSER_DATA_DIR
  if (dataDirOverride) app.setPath('userData', path.resolve(dataDirOverride))

  const argvOptions = { defaultApp: process.defaultApp === true, cwd: process.cwd() }
  const fromArgv = archivePathFromArgv(process.argv, argvOptions)
  const secondInstanceData: SecondInstanceData = { archivePath: fromArgv }
  if (!app.requestSingleInstanceLock({ ...secondInstanceData })) {
    // Another instance runs: it receives our folder through 'second-instance' and focuses.
    app.quit()
    return
  }

  const target = rendererTarget()
  let running: RunningApp | null = null
  let queuedOpen: string | null = null

  app.on('second-instance', (_event, argv, workingDirectory, additionalData) => {
    const wanted =
      isSecondInstanceData(additionalData) && additionalData.archivePath
        ? additionalData.archivePath
        : archivePathFromArgv(argv, { ...argvOptions, cwd: workingDirectory })
    if (running) running.focusAndOpen(wanted)
    else queuedOpen = wanted ?? queuedOpen
  })
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, () => target.url),
  )
  app.on('window-all-closed', () => app.quit())

  let quitting = false
  app.on('will-quit', (event) => {
    if (quitting || !running) return
    // Let the engine flush settings and marks before the process goes.
    event.preventDefault()
    quitting = true
    running
      .shutdown()
      .catch((error: unknown) => log.error('shutdown failed', error))
      .finally(() => app.quit())
  })

  app
    .whenReady()
    .then(async () => {
      running = await runApp(target, fromArgv)
      if (queuedOpen) running.focusAndOpen(queuedOpen)
    })
    .catch((error: unknown) => {
      log.error('the app could not start', error)
      dialog.showErrorBox(
        'Archive Browser could not start',
        error instanceof Error ? error.message : String(error),
      )
      app.exit(1)
    })
}

interface RunningApp {
  focusAndOpen(archivePath: string | null): void
  shutdown(): Promise<void>
}

async function runApp(
  target: ReturnType<typeof rendererTarget>,
  fromArgv: string | null,
): Promise<RunningApp> {
  const userData = app.getPath('userData')
  hardenSession(session.defaultSession, { csp: target.kind === 'file' })

  // The engine runs in a utility process behind a relay: if it crashes, a new one takes over
  // (reopening the archive) and nothing holding `core` needs rewiring.
  const relay = createCoreRelay()
  const core: Core = relay.core
  const crashTimes: number[] = []
  let shuttingDown = false
  let lastArchive: string | null = null
  let engine: CoreProcess | null = null

  // The project root (or app.asar) is two levels above out/main, however Electron was started.
  const demo = demoArchivePath(path.resolve(__dirname, '..', '..'), app.isPackaged)
  const launchEngine = (): CoreProcess =>
    startCoreProcess(
      path.join(__dirname, 'coreHost.js'),
      { dataDir: userData, demoArchivePath: demo, version: app.getVersion() },
      {
        [PRINT_PDF_REQUEST]: printJobToPdf,
      },
    )

  async function attachEngine(next: CoreProcess): Promise<void> {
    await next.ready
    engine = next
    relay.attach(next.core)
    void next.exited.then((code) => onEngineExit(code))
  }

  function giveUp(reason: string): void {
    dialog.showErrorBox(
      'Archive Browser',
      `${reason} The app will close; your archive and settings are safe.`,
    )
    app.exit(1)
  }

  async function onEngineExit(code: number): Promise<void> {
    if (shuttingDown) return
    relay.detach()
    const now = Date.now()
    if (!shouldRestart(crashTimes, now)) {
      giveUp(`The engine keeps stopping unexpectedly (last exit code ${code}).`)
      return
    }
    crashTimes.push(now)
    log.error(`the engine stopped (exit code ${code}); starting it again`)
    try {
      await attachEngine(launchEngine())
    } catch (error) {
      giveUp(
        `The engine could not be restarted (${error instanceof Error ? error.message : String(error)}).`,
      )
      return
    }
    if (lastArchive) await openArchive(lastArchive, true)
  }

  await attachEngine(launchEngine())

  // Images: only keys the engine resolves, only files inside the app's data folder (the cache)
  // or the open archive (images that live in it, as in the demo).
  protocol.handle(IMAGE_SCHEME, async (request) => {
    const archive = (await core.getArchiveInfo().catch(() => null))?.path
    return handleImageRequest(
      request.url,
      (key) => core.imageFile(key),
      archive ? [userData, archive] : [userData],
    )
  })

  const ourContents = new Set<number>()
  registerIpcHandlers(ipcMain, core, (event) =>
    isAllowedSender(
      senderInfoOf(event, (id) => ourContents.has(id)),
      target.url,
    ),
  )

  const settings = await toResult(core.getSettings())
  const saved = settings.ok ? settings.value.windowBounds : null
  const placement = restoreBounds(
    saved,
    screen.getAllDisplays().map((display) => display.workArea),
  )
  const window = new BrowserWindow(
    windowOptions(path.join(__dirname, '../preload/index.js'), placement.bounds),
  )
  const contentsId = window.webContents.id
  ourContents.add(contentsId)
  window.on('closed', () => ourContents.delete(contentsId))
  // The title names the open archive; the page's own <title> must not replace it.
  window.on('page-title-updated', (event) => event.preventDefault())
  window.once('ready-to-show', () => {
    if (placement.maximized) window.maximize()
    window.show()
  })

  let savingBounds: Promise<unknown> = Promise.resolve()
  window.on('close', () => {
    const bounds: WindowBounds = boundsToSave(window.getNormalBounds(), window.isMaximized())
    savingBounds = toResult(core.updateSettings({ windowBounds: bounds }))
  })

  const send = (channel: string, payload: ArchiveEvent | MenuCommand) => {
    if (!window.isDestroyed()) window.webContents.send(channel, payload)
  }
  const unsubscribe = core.subscribe((event) => {
    send(EVENT_CHANNEL, event)
    if (event.type === 'archive-status') void refreshMenuAndTitle()
  })

  /** Opens a folder; a failure is shown to the user unless `quiet` (startup fallbacks). */
  async function openArchive(archivePath: string, quiet = false): Promise<boolean> {
    const result = await toResult(core.openArchive({ path: archivePath }))
    if (!result.ok) {
      log.warn(`cannot open ${archivePath}`, result.error.message)
      if (!quiet && !window.isDestroyed()) {
        await dialog.showMessageBox(window, {
          type: 'error',
          message: 'This folder cannot be opened as an archive.',
          detail: `${archivePath}\n\n${result.error.message}`,
        })
      }
    }
    await refreshMenuAndTitle()
    return result.ok
  }

  async function chooseAndOpen(): Promise<void> {
    const chosen = await dialog.showOpenDialog(window, {
      title: 'Open an archive folder',
      properties: ['openDirectory'],
    })
    const folder = chosen.filePaths[0]
    if (!chosen.canceled && folder) await openArchive(folder)
  }

  async function exportPdf(): Promise<void> {
    const info = await toResult(core.getArchiveInfo())
    const name = info.ok && info.value ? info.value.name : 'articles'
    const chosen = await dialog.showSaveDialog(window, {
      title: 'Export to PDF',
      defaultPath: path.join(app.getPath('documents'), `${name}.pdf`),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
    })
    // The save dialog has already asked about replacing an existing file.
    if (!chosen.canceled && chosen.filePath)
      send(MENU_CHANNEL, { type: 'export-pdf', destination: chosen.filePath })
  }

  async function reloadArchive(): Promise<void> {
    const info = await toResult(core.getArchiveInfo())
    if (info.ok && info.value) await openArchive(info.value.path)
  }

  const fail = (what: string) => (error: unknown) => log.error(`${what} failed`, error)

  async function refreshMenuAndTitle(): Promise<void> {
    const [recent, info] = await Promise.all([
      toResult(core.getRecentArchives()),
      toResult(core.getArchiveInfo()),
    ])
    const current = info.ok ? info.value : null
    // Remembered for a restart of the engine; a failed call (engine down) changes nothing.
    if (info.ok) lastArchive = current?.path ?? null
    const template = buildMenuTemplate(
      {
        platform: process.platform,
        recent: recent.ok ? recent.value : ([] as RecentArchive[]),
        archiveOpen: current !== null,
        dev: !app.isPackaged,
        appName: app.name,
      },
      {
        open: () => void chooseAndOpen().catch(fail('open')),
        openRecent: (folder) => void openArchive(folder).catch(fail('open recent')),
        exportPdf: () => void exportPdf().catch(fail('export')),
        find: () => send(MENU_CHANNEL, { type: 'find' }),
        toggleDarkMode: () => send(MENU_CHANNEL, { type: 'toggle-dark-mode' }),
        reloadArchive: () => void reloadArchive().catch(fail('reload')),
      },
    )
    Menu.setApplicationMenu(Menu.buildFromTemplate(template))
    if (!window.isDestroyed()) {
      window.setTitle(current ? `${current.name} — Archive Browser` : 'Archive Browser')
    }
  }

  await refreshMenuAndTitle()
  if (target.kind === 'url') await window.loadURL(target.url)
  else await window.loadFile(target.file)

  async function openAtStartup(): Promise<void> {
    const recent = await toResult(core.getRecentArchives())
    const startup = chooseStartupArchive({ fromArgv, recent: recent.ok ? recent.value : [], demo })
    if (!startup) return
    log.info(`opening ${startup.path} (${startup.origin})`)
    // The last archive may have been moved or deleted since: fall back to the demo quietly.
    const opened = await openArchive(startup.path, startup.origin !== 'argv')
    if (!opened && startup.origin === 'recent') await openArchive(demo, true)
  }
  // Not awaited: the app is running (second instances, quitting) while a big archive opens.
  void openAtStartup().catch(fail('opening the startup archive'))

  return {
    focusAndOpen(archivePath) {
      if (window.isDestroyed()) return
      if (window.isMinimized()) window.restore()
      window.focus()
      if (archivePath) void openArchive(archivePath).catch(fail('open'))
    },
    async shutdown() {
      shuttingDown = true
      unsubscribe()
      await savingBounds
      await toResult(core.dispose())
      engine?.child.kill()
    },
  }
}
