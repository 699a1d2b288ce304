/** The keyboard shortcuts, as data: the handler and the `?` list read the same table. */
import type { MessageKey } from '../i18n/en'

export type ShortcutAction =
  'next' | 'previous' | 'focusSearch' | 'open' | 'favourite' | 'read' | 'export' | 'shortcuts'

export interface Shortcut {
  keys: string
  action: ShortcutAction
  label: MessageKey
}

export const SHORTCUTS: Shortcut[] = [
  { keys: 'j', action: 'next', label: 'keys.next' },
  { keys: 'k', action: 'previous', label: 'keys.previous' },
  { keys: '/', action: 'focusSearch', label: 'keys.search' },
  { keys: 'Enter', action: 'open', label: 'keys.open' },
  { keys: 'f', action: 'favourite', label: 'keys.favourite' },
  { keys: 'm', action: 'read', label: 'keys.read' },
  { keys: 'Ctrl/⌘ + P', action: 'export', label: 'keys.export' },
  { keys: '?', action: 'shortcuts', label: 'keys.shortcuts' },
]

/** The action of a key press, or null. Typing in a field only reaches Ctrl/Cmd+P. */
export function shortcutFor(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>,
  inField: boolean,
): ShortcutAction | null {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'p')
    return 'export'
  if (inField || event.ctrlKey || event.metaKey || event.altKey) return null
  switch (event.key) {
    case 'j':
      return 'next'
    case 'k':
      return 'previous'
    case '/':
      return 'focusSearch'
    case 'Enter':
      return 'open'
    case 'f':
      return 'favourite'
    case 'm':
      return 'read'
    case '?':
      return 'shortcuts'
    default:
      return null
  }
}

/** True when the key goes to a text field, a button or a link rather than to the app. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}
