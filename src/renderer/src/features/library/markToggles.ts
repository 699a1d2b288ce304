/**
 * The optimistic side of a mark toggle (useMarks.ts), as pure functions: what the UI shows while
 * setMark is on its way, and what it shows again when it failed. Whole marks are stored, never a
 * partial override such as `{ read: false, favourite: null }`, which hid the row's star until a
 * reload.
 */
import type { RowMarks } from './ArticleRow'

export type MarkPatch = { read?: boolean; favourite?: boolean }
export type MarkField = keyof MarkPatch

export const MARK_FIELDS: readonly MarkField[] = ['read', 'favourite']

/** The fields a patch changes. */
export function fieldsOf(patch: MarkPatch): MarkField[] {
  return MARK_FIELDS.filter((field) => patch[field] !== undefined)
}

/** The marks shown while a toggle is on its way: all of what was shown, with the patch. */
export function toggled(shown: RowMarks, patch: MarkPatch): RowMarks {
  return { ...shown, ...patch }
}

/**
 * A toggle failed: each field it changed goes back to what it was before it, unless a later
 * toggle changed that field since (`changedSince`): the later one is what the user wants now, and
 * it will be undone by itself if it fails too. Other fields stay as they are now.
 */
export function undone(
  now: RowMarks,
  before: RowMarks,
  patch: MarkPatch,
  changedSince: (field: MarkField) => boolean,
): RowMarks {
  const next = { ...now }
  for (const field of fieldsOf(patch)) if (!changedSince(field)) next[field] = before[field]
  return next
}
