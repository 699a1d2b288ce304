import { describe, expect, it } from 'vitest'
import { RecentMoves } from '../../../src/main/core/library/recentMoves'

const inArchive =
  (...ids: string[]) =>
  (id: string): boolean =>
    ids.includes(id)

describe('RecentMoves', () => {
  it('answers where a renamed file is, following a chain of renames to its end', () => {
    const moves = new RecentMoves()
    moves.note('a.md', 'b.md')
    expect(moves.resolve('a.md', inArchive('b.md'))).toBe('b.md')
    moves.note('b.md', 'c.md')
    expect(moves.resolve('a.md', inArchive('c.md'))).toBe('c.md')
    expect(moves.resolve('b.md', inArchive('c.md'))).toBe('c.md')
    expect(moves.resolve('x.md', inArchive('c.md'))).toBeUndefined()
  })

  it('has no answer when the end of the chain is not in the archive', () => {
    const moves = new RecentMoves()
    moves.note('a.md', 'b.md')
    expect(moves.resolve('a.md', inArchive())).toBeUndefined()
  })

  it('a file moved back is at its old id, with nothing pointing away from it', () => {
    const moves = new RecentMoves()
    moves.note('a.md', 'b.md')
    moves.note('b.md', 'a.md')
    expect(moves.resolve('a.md', inArchive('a.md', 'b.md'))).toBeUndefined()
    expect(moves.resolve('b.md', inArchive('a.md'))).toBe('a.md')
  })

  it('stops on a cycle instead of looping', () => {
    const moves = new RecentMoves()
    moves.note('a.md', 'b.md')
    moves.note('c.md', 'a.md')
    // b → … never returns to a: a's own entry was replaced when a became a target.
    expect(moves.resolve('c.md', inArchive('a.md'))).toBe('a.md')
    expect(moves.resolve('a.md', inArchive('a.md'))).toBeUndefined()
  })

  it('forgets moves into a file that was deleted, so a new file of that name is not taken for it', () => {
    const moves = new RecentMoves()
    moves.note('a.md', 'b.md')
    moves.note('c.md', 'd.md')
    moves.forgetTargets(new Set(['b.md']))
    // A different article created as b.md later.
    expect(moves.resolve('a.md', inArchive('b.md', 'd.md'))).toBeUndefined()
    expect(moves.resolve('c.md', inArchive('b.md', 'd.md'))).toBe('d.md')
  })

  it('keeps only the newest moves', () => {
    const moves = new RecentMoves(3)
    for (const n of [1, 2, 3, 4]) moves.note(`old${n}.md`, `new${n}.md`)
    expect(moves.size).toBe(3)
    const all = inArchive('new1.md', 'new2.md', 'new3.md', 'new4.md')
    expect(moves.resolve('old1.md', all)).toBeUndefined()
    expect(moves.resolve('old4.md', all)).toBe('new4.md')
  })
})
