/**
 * Commands the desktop app's menu sends to the renderer (Electron only: serve mode has no native
 * menu, the renderer's own buttons and shortcuts do the same things there).
 * Actions the main process can do alone (open, recent, reload, zoom, quit) never reach here.
 */

export type MenuCommand =
  /** File › Export to PDF… (Ctrl/Cmd+P): the user already chose `destination` in a save dialog. */
  | { type: 'export-pdf'; destination: string }
  /** Edit › Find (Ctrl/Cmd+F): focus the search box. */
  | { type: 'find' }
  /** View › Toggle dark mode: flip the theme and save it (updateSettings). */
  | { type: 'toggle-dark-mode' }

export type MenuCommandType = MenuCommand['type']

export type MenuListener = (command: MenuCommand) => void

// A Record literal, so a new command type missing here (or a stale one) is a compile error.
const MENU_COMMAND_TYPES: Record<MenuCommandType, true> = {
  'export-pdf': true,
  find: true,
  'toggle-dark-mode': true,
}

/** True for a value shaped like a MenuCommand (checked on data that crossed IPC). */
export function isMenuCommand(value: unknown): value is MenuCommand {
  if (typeof value !== 'object' || value === null) return false
  const { type, destination } = value as { type?: unknown; destination?: unknown }
  if (typeof type !== 'string' || !Object.hasOwn(MENU_COMMAND_TYPES, type)) return false
  return type !== 'export-pdf' || (typeof destination === 'string' && destination.length > 0)
}
