/**
 * Remembering the main window's size and place (settings.windowBounds), as pure functions:
 * saved bounds are restored only when enough of the window would land on a display that is
 * still connected, otherwise the window opens centred at the default size.
 */
import type { WindowBounds } from '../../shared/types/settings'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export const DEFAULT_SIZE = { width: 1200, height: 800 } as const
const MIN_SIZE = { width: 640, height: 400 } as const
/** How much of the window's top strip (where the title bar is) must be on screen to be reachable. */
const MIN_VISIBLE = { width: 120, height: 40 } as const

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return { width: Math.max(0, width), height: Math.max(0, height) }
}

const finite = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value)

/**
 * The bounds to open the window with. Size is kept (clamped to the largest display) even when the
 * position is dropped; position is kept only if the title strip overlaps a display's work area.
 */
export function restoreBounds(
  saved: WindowBounds | null | undefined,
  workAreas: Rect[],
): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  if (!saved || !finite(saved.width) || !finite(saved.height)) {
    return { bounds: { ...DEFAULT_SIZE }, maximized: false }
  }
  const largest = workAreas.reduce(
    (best, area) => ({
      width: Math.max(best.width, area.width),
      height: Math.max(best.height, area.height),
    }),
    { width: 0, height: 0 },
  )
  const clamp = (value: number, min: number, max: number) =>
    Math.round(Math.max(min, max > 0 ? Math.min(value, max) : value))
  const width = clamp(saved.width, MIN_SIZE.width, largest.width)
  const height = clamp(saved.height, MIN_SIZE.height, largest.height)
  const maximized = saved.maximized === true
  if (!finite(saved.x) || !finite(saved.y)) return { bounds: { width, height }, maximized }
  const titleStrip: Rect = { x: saved.x, y: saved.y, width, height: MIN_VISIBLE.height }
  const visible = workAreas.some((area) => {
    const seen = overlap(titleStrip, area)
    return seen.width >= MIN_VISIBLE.width && seen.height >= MIN_VISIBLE.height / 2
  })
  if (!visible) return { bounds: { width, height }, maximized }
  return { bounds: { x: Math.round(saved.x), y: Math.round(saved.y), width, height }, maximized }
}

/** What to save when the window closes: the normal (unmaximized) bounds plus the maximized flag. */
export function boundsToSave(normalBounds: Rect, maximized: boolean): WindowBounds {
  return {
    x: Math.round(normalBounds.x),
    y: Math.round(normalBounds.y),
    width: Math.round(normalBounds.width),
    height: Math.round(normalBounds.height),
    maximized,
  }
}
