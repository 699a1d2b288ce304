/**
 * Where the focused list's keys move its cursor (listKeys.ts): the arrows step as j/k, Home/End
 * and the page keys jump, never past either end; ArrowUp on the first row leaves for the search
 * box. The browser spec drives the same keys through the page.
 */
import { describe, expect, it } from 'vitest'
import { listKeyTarget } from '../../../src/renderer/src/features/library/listKeys'

const key = (k: string, mods: Partial<{ shiftKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
})

describe('listKeyTarget', () => {
  it('steps with the arrows, stopping at the last row', () => {
    expect(listKeyTarget(key('ArrowDown'), 0, 10, 6)).toBe(1)
    expect(listKeyTarget(key('ArrowDown'), 9, 10, 6)).toBe(9)
    expect(listKeyTarget(key('ArrowUp'), 4, 10, 6)).toBe(3)
  })

  it('goes back to the search box from the first row, or from an empty list', () => {
    expect(listKeyTarget(key('ArrowUp'), 0, 10, 6)).toBe('search')
    expect(listKeyTarget(key('ArrowUp'), 0, 0, 6)).toBe('search')
  })

  it('jumps to the ends, and by a screenful less one row with the page keys', () => {
    expect(listKeyTarget(key('Home'), 7, 10, 6)).toBe(0)
    expect(listKeyTarget(key('End'), 2, 10, 6)).toBe(9)
    expect(listKeyTarget(key('PageDown'), 2, 100, 6)).toBe(7)
    expect(listKeyTarget(key('PageDown'), 7, 10, 6)).toBe(9)
    expect(listKeyTarget(key('PageUp'), 7, 100, 6)).toBe(2)
    expect(listKeyTarget(key('PageUp'), 3, 100, 6)).toBe(0)
    // A list lower than a row still moves.
    expect(listKeyTarget(key('PageDown'), 0, 10, 0)).toBe(1)
  })

  it('leaves other keys, modified keys and an empty list alone', () => {
    expect(listKeyTarget(key('j'), 0, 10, 6)).toBeNull()
    expect(listKeyTarget(key('ArrowDown', { shiftKey: true }), 0, 10, 6)).toBeNull()
    expect(listKeyTarget(key('ArrowUp', { altKey: true }), 3, 10, 6)).toBeNull()
    for (const k of ['ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'])
      expect(listKeyTarget(key(k), 0, 0, 6), k).toBeNull()
  })
})
