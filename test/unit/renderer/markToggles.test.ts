/** A mark toggle shown at once, and undone when setMark fails: whole marks, never partial. */
import { describe, expect, it } from 'vitest'
import { toggled, undone } from '../../../src/renderer/src/features/library/markToggles'

describe('mark toggles', () => {
  it('a toggle keeps the other mark (a favourite keeps its star)', () => {
    expect(toggled({ read: true, favourite: true }, { read: false })).toEqual({
      read: false,
      favourite: true,
    })
  })

  it('a failed toggle puts back what it changed, and only that', () => {
    const before = { read: false, favourite: true }
    // Read toggled, then favourite toggled while the first was on its way; the first fails.
    const now = { read: true, favourite: false }
    expect(undone(now, before, { read: true }, () => false)).toEqual({
      read: false,
      favourite: false,
    })
  })

  it('a failed toggle leaves alone a field a later toggle changed since', () => {
    // Read: false -> true (fails late) -> false again by a second toggle, already shown.
    const before = { read: false, favourite: true }
    const now = { read: false, favourite: true }
    const later = (field: string) => field === 'read'
    expect(undone({ ...now, read: true }, before, { read: true }, later).read).toBe(true)
    expect(undone(now, before, { read: true }, later)).toEqual(now)
  })
})
