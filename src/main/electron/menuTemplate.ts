/**
 * The application menu as data: a pure function from state and actions to Electron's template,
 * so accelerators and the Recent submenu are tested without Electron.
 */
import type { MenuItemConstructorOptions } from 'electron'
import type { RecentArchive } from '../../shared/types/settings'

export interface MenuActions {
  open(): void
  openRecent(path: string): void
  exportPdf(): void
  find(): void
  toggleDarkMode(): void
  reloadArchive(): void
}

export interface MenuState {
  platform: NodeJS.Platform
  recent: readonly RecentArchive[]
  /** An archive is open: Export and Reload are enabled. */
  archiveOpen: boolean
  /** Development build: adds the developer tools toggle. */
  dev: boolean
  appName: string
}

const MAX_RECENT = 10

export function buildMenuTemplate(
  state: MenuState,
  actions: MenuActions,
): MenuItemConstructorOptions[] {
  const mac = state.platform === 'darwin'
  const recentItems: MenuItemConstructorOptions[] =
    state.recent.length === 0
      ? [{ label: 'No recent archives', enabled: false }]
      : state.recent.slice(0, MAX_RECENT).map((archive) => ({
          label: `${archive.name}  —  ${archive.path}`,
          click: () => actions.openRecent(archive.path),
        }))

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
      { label: 'Open Recent', submenu: recentItems },
      { type: 'separator' },
      {
        label: 'Export to PDF…',
        accelerator: 'CmdOrCtrl+P',
        enabled: state.archiveOpen,
        click: () => actions.exportPdf(),
      },
      {
        label: 'Reload Archive',
        accelerator: 'CmdOrCtrl+Shift+R',
        enabled: state.archiveOpen,
        click: () => actions.reloadArchive(),
      },
      ...(mac
        ? []
        : [{ type: 'separator' as const }, { role: 'quit' as const, accelerator: 'CmdOrCtrl+Q' }]),
    ],
  }
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      { label: 'Find', accelerator: 'CmdOrCtrl+F', click: () => actions.find() },
    ],
  }
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'zoomIn', accelerator: 'CmdOrCtrl+=' },
      { role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
      { role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
      { type: 'separator' },
      {
        label: 'Toggle Dark Mode',
        accelerator: 'CmdOrCtrl+Shift+D',
        click: () => actions.toggleDarkMode(),
      },
      { role: 'togglefullscreen' },
      ...(state.dev ? [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }] : []),
    ],
  }
  const template: MenuItemConstructorOptions[] = [file, edit, view, { role: 'windowMenu' }]
  if (mac) {
    template.unshift({
      label: state.appName,
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    })
  }
  return template
}
