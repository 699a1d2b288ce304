/** Listens to the keyboard for the app-wide shortcuts (see ./shortcuts.ts). */
import { useEffect, useRef } from 'react'
import { isTypingTarget, shortcutFor, type ShortcutAction } from './shortcuts'

export function useShortcuts(
  handlers: Partial<Record<ShortcutAction, () => void>>,
  enabled: boolean,
): void {
  const latest = useRef(handlers)
  useEffect(() => {
    latest.current = handlers
  })
  useEffect(() => {
    if (!enabled) return
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return
      // A modal dialog owns the keyboard.
      if (document.querySelector('dialog[open]')) return
      const target = event.target
      const inField = isTypingTarget(target)
      const action = shortcutFor(event, inField)
      if (!action) return
      // Enter on a button or link activates it, not the list.
      if (
        action === 'open' &&
        target instanceof HTMLElement &&
        target.closest('button, a, summary')
      )
        return
      const handler = latest.current[action]
      if (!handler) return
      event.preventDefault()
      handler()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [enabled])
}
