/**
 * The keys of the focused article list (a WAI-ARIA listbox), as plain logic: where each moves the
 * cursor. The arrows step like j/k (which work anywhere outside a text field, so they cannot be
 * arrows: those scroll the reader), Home/End go to the ends, PageUp/PageDown by a screenful.
 * ArrowUp on the first row leaves the list for the search box, where ArrowDown came in from.
 */

/** A row index to move the cursor to, 'search' to go back to the search box, or null: not ours. */
export type ListKeyTarget = number | 'search' | null

export function listKeyTarget(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
  cursor: number,
  count: number,
  /** Rows that fit on screen: a page's step. */
  pageRows: number,
): ListKeyTarget {
  // Modified arrows are the browser's and the system's (Shift extends a text selection, Alt goes
  // back in history on some systems): only bare keys move the cursor.
  if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return null
  const last = count - 1
  const step = Math.max(1, pageRows - 1)
  switch (event.key) {
    case 'ArrowUp':
      return cursor <= 0 ? 'search' : cursor - 1
    case 'ArrowDown':
      return count === 0 ? null : Math.min(last, cursor + 1)
    case 'Home':
      return count === 0 ? null : 0
    case 'End':
      return count === 0 ? null : last
    case 'PageUp':
      return count === 0 ? null : Math.max(0, cursor - step)
    case 'PageDown':
      return count === 0 ? null : Math.min(last, cursor + step)
    default:
      return null
  }
}
