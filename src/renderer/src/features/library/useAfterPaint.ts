/**
 * A value that follows `value` one painted frame late: the first frame after a change shows
 * what the user waits for (the result rows); work that reads this value (the sidebar's facet
 * tree, lists and timeline) renders in a task after that frame, as an interruptible transition.
 * useDeferredValue alone is not enough: its background render runs in the very next task, which
 * usually comes before the frame, so its layout lands in the frame that paints the rows.
 * A hidden window paints no frames; the value then catches up when it is shown again.
 */
import { startTransition, useEffect, useState } from 'react'

/** `hold`: keep returning what is shown (a value about to be replaced is not worth a render). */
export function useAfterPaint<T>(value: T, hold = false): T {
  const [shown, setShown] = useState(value)
  useEffect(() => {
    if (hold || Object.is(shown, value)) return
    let timer: ReturnType<typeof setTimeout> | undefined
    // requestAnimationFrame runs at the start of the next frame; a task queued from there runs
    // once that frame is rendered.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setShown(value)), 0)
    })
    return () => {
      cancelAnimationFrame(frame)
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [shown, value, hold])
  return shown
}
