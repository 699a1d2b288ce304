/**
 * The arena of byte lists (listArena.ts) against plain arrays: random appends to many lists
 * (moves, growth in place, arena growth), compactions in a given order, loads of whole lists,
 * and views taken before later appends.
 */
import { describe, expect, it } from 'vitest'
import { ListArena } from '../../../src/main/core/search/listArena'
import { mulberry32 } from '../../support/random'

function append(arena: ListArena, id: number, values: number[]): void {
  const at = arena.reserve(id, values.length)
  arena.bytes.set(values, at)
  arena.setEnd(id, at + values.length)
}

describe('list arena', () => {
  it('holds what was appended to each list through moves, compactions and loads', () => {
    const random = mulberry32(3)
    const arena = new ListArena()
    const truth: number[][] = []
    const check = (): void => {
      truth.forEach((list, id) => expect([...arena.view(id)]).toEqual(list))
      expect(arena.byteLength).toBe(truth.reduce((n, list) => n + list.length, 0))
    }
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 300; i++) {
        truth.push([])
        arena.add()
      }
      // Skewed: a few lists take most appends, so they outgrow their room again and again.
      for (let k = 0; k < 20_000; k++) {
        const id = Math.floor(random() ** 4 * truth.length)
        const values = Array.from({ length: 1 + Math.floor(random() * 9) }, () =>
          Math.floor(random() * 256),
        )
        append(arena, id, values)
        ;(truth[id] as number[]).push(...values)
      }
      const early = arena.view(0)
      const earlyCopy = [...early]
      check()
      if (round % 2 === 1) {
        const before = arena.arenaBytes
        const order = truth.map((_, id) => id).reverse()
        const saved = arena.compact(order)
        expect(saved).toBeGreaterThan(0)
        expect(arena.arenaBytes).toBe(before - saved)
        expect(arena.compact(order)).toBe(0)
      }
      // A view taken before more appends or a compaction still reads what it read.
      append(arena, 0, [1, 2, 3])
      ;(truth[0] as number[]).push(1, 2, 3)
      expect([...early]).toEqual(earlyCopy)
      check()
    }
    const loaded = new ListArena()
    loaded.expect(arena.byteLength, truth.length)
    const size = loaded.arenaBytes
    truth.forEach((list, id) => expect(loaded.add(Uint8Array.from(list))).toBe(id))
    expect(loaded.arenaBytes).toBe(size)
    truth.forEach((list, id) => expect([...loaded.view(id)]).toEqual(list))
  })
})
