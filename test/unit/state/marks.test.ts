import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../src/shared/errors'
import { MarksTable } from '../../../src/main/core/state/marks'

function table() {
  let changes = 0
  let tick = 0
  const marks = new MarksTable(
    () => changes++,
    () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)).toISOString(),
  )
  return { marks, changes: () => changes }
}

describe('MarksTable', () => {
  it('returns an unmarked mark for unknown articles', () => {
    const { marks } = table()
    expect(marks.get('a.md', 'h1')).toEqual({ read: false, favourite: false, updatedAt: '' })
  })

  it('sets and merges patches', () => {
    const { marks, changes } = table()
    marks.set('a.md', 'h1', { read: true })
    const after = marks.set('a.md', 'h1', { favourite: true })
    expect(after).toMatchObject({ read: true, favourite: true })
    expect(marks.get('a.md', 'h1')).toEqual(after)
    expect(changes()).toBe(2)
  })

  it('keeps marks across an edit (same id, new hash)', () => {
    const { marks } = table()
    marks.set('a.md', 'h1', { favourite: true })
    expect(marks.get('a.md', 'h2').favourite).toBe(true)
    marks.updateHash('a.md', 'h2')
    expect(marks.favouriteHashes()).toEqual(new Set(['h2']))
  })

  it('keeps marks across a rename through the hash when rename() was not called', () => {
    const { marks } = table()
    marks.set('old.md', 'h1', { read: true, favourite: true })
    expect(marks.get('new.md', 'h1')).toMatchObject({ read: true, favourite: true })
    expect(marks.get('new.md', 'other')).toMatchObject({ read: false, favourite: false })
  })

  it('moves a mark found through the hash when it is changed, so the old id does not linger', () => {
    const { marks } = table()
    marks.set('old.md', 'h1', { favourite: true })
    marks.set('new.md', 'h1', { favourite: false })
    expect(marks.all().map((m) => m.id)).toEqual(['new.md'])
    expect(marks.favouriteHashes().size).toBe(0)
  })

  it('rename() moves the mark to the new id', () => {
    const { marks } = table()
    marks.set('old.md', 'h1', { read: true })
    marks.rename('old.md', 'dir/new.md')
    expect(marks.all()).toEqual([
      expect.objectContaining({ id: 'dir/new.md', hash: 'h1', read: true }),
    ])
    marks.rename('missing.md', 'x.md')
    expect(marks.size).toBe(1)
  })

  it('prefers the path over the hash', () => {
    const { marks } = table()
    marks.set('a.md', 'h1', { favourite: true })
    marks.set('b.md', 'h2', { read: true })
    expect(marks.get('b.md', 'h1')).toMatchObject({ read: true, favourite: false })
  })

  it('round-trips through the file form and skips malformed rows', () => {
    const { marks } = table()
    marks.set('a.md', 'h1', { read: true })
    marks.set('文章/b.md', 'h2', { favourite: true })
    const file = marks.toFile('/archive')
    const copy = new MarksTable(() => {})
    expect(copy.load([...file.marks, { i: 'x.md', h: 'h', r: 2, f: 0, u: '' }, null])).toBe(2)
    expect(copy.all()).toEqual(marks.all())
  })

  it('refuses bad arguments', () => {
    const { marks } = table()
    expect(() => marks.set('', 'h', { read: true })).toThrow(ApiError)
    expect(() => marks.set('a.md', '', { read: true })).toThrow(ApiError)
    expect(() => marks.set('a.md', 'h', { read: 'yes' } as never)).toThrow(/read/)
    expect(() => marks.set('a.md', 'h', { pinned: true } as never)).toThrow(/pinned/)
  })
})
