import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import {
  buildMenuTemplate,
  type MenuActions,
  type MenuState,
} from '../../../src/main/electron/menuTemplate'

function recordingActions() {
  const calls: string[] = []
  const actions: MenuActions = {
    open: () => calls.push('open'),
    openRecent: (folder) => calls.push(`recent:${folder}`),
    exportPdf: () => calls.push('export'),
    find: () => calls.push('find'),
    toggleDarkMode: () => calls.push('dark'),
    reloadArchive: () => calls.push('reload'),
  }
  return { calls, actions }
}

const state: MenuState = {
  platform: 'linux',
  recent: [
    { path: '/a/one', name: 'one', openedAt: '2026-01-01T00:00:00Z' },
    { path: '/b/two', name: 'two', openedAt: '2026-01-02T00:00:00Z' },
  ],
  archiveOpen: true,
  dev: false,
  appName: 'Archive Browser',
}

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flatten(item.submenu) : []),
  ])
}

function click(item: MenuItemConstructorOptions | undefined): void {
  const handler = item?.click as unknown as (() => void) | undefined
  if (!handler) throw new Error(`no click handler on ${item?.label ?? '?'}`)
  handler()
}

describe('application menu', () => {
  it('binds the usual accelerators to their actions', () => {
    const { calls, actions } = recordingActions()
    const items = flatten(buildMenuTemplate(state, actions))
    const byAccelerator = (accelerator: string) =>
      items.find((item) => item.accelerator === accelerator)
    click(byAccelerator('CmdOrCtrl+O'))
    click(byAccelerator('CmdOrCtrl+P'))
    click(byAccelerator('CmdOrCtrl+F'))
    click(byAccelerator('CmdOrCtrl+Shift+D'))
    click(byAccelerator('CmdOrCtrl+Shift+R'))
    expect(calls).toEqual(['open', 'export', 'find', 'dark', 'reload'])
    expect(byAccelerator('CmdOrCtrl+=')?.role).toBe('zoomIn')
    expect(byAccelerator('CmdOrCtrl+-')?.role).toBe('zoomOut')
    expect(byAccelerator('CmdOrCtrl+0')?.role).toBe('resetZoom')
    expect(byAccelerator('CmdOrCtrl+Q')?.role).toBe('quit')
  })

  it('lists recent archives, newest first, each opening its folder', () => {
    const { calls, actions } = recordingActions()
    const items = flatten(buildMenuTemplate(state, actions))
    const recent = items.find((item) => item.label === 'Open Recent')
    const entries = recent?.submenu as MenuItemConstructorOptions[]
    expect(entries.map((entry) => entry.label)).toEqual(['one  —  /a/one', 'two  —  /b/two'])
    click(entries[1])
    expect(calls).toEqual(['recent:/b/two'])
  })

  it('disables archive actions when nothing is open and says when Recent is empty', () => {
    const items = flatten(
      buildMenuTemplate({ ...state, archiveOpen: false, recent: [] }, recordingActions().actions),
    )
    expect(items.find((item) => item.accelerator === 'CmdOrCtrl+P')?.enabled).toBe(false)
    const recent = items.find((item) => item.label === 'Open Recent')
      ?.submenu as MenuItemConstructorOptions[]
    expect(recent).toEqual([{ label: 'No recent archives', enabled: false }])
  })

  it('adds the app menu on macOS and developer tools only in development', () => {
    const mac = buildMenuTemplate({ ...state, platform: 'darwin' }, recordingActions().actions)
    expect(mac[0]?.label).toBe('Archive Browser')
    const roles = (template: MenuItemConstructorOptions[]) =>
      flatten(template).map((item) => item.role)
    expect(roles(mac).filter((role) => role === 'quit')).toHaveLength(1)
    expect(roles(buildMenuTemplate(state, recordingActions().actions))).not.toContain(
      'toggleDevTools',
    )
    expect(roles(buildMenuTemplate({ ...state, dev: true }, recordingActions().actions))).toContain(
      'toggleDevTools',
    )
  })
})
