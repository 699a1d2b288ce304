/**
 * SteppedSort (steppedSort.ts): the same order as the native sort, whether it runs at once or
 * one chunk or merge slice per step, on terms like the word index's (ASCII words and prefixes,
 * digits, CJK, astral characters whose surrogates order by code unit).
 */
import { describe, expect, it } from 'vitest'
import { SteppedSort } from '../../../src/main/core/search/steppedSort'

function terms(count: number, seed: number): string[] {
  const alphabet = ['a', 'b', 'z', 'A', '0', '9', '中', '文', '\u{20000}', '\u{1F600}', 'é', '-']
  let x = seed
  const next = (): number => {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    return x
  }
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    let term = ''
    const length = 1 + (next() % 7)
    for (let k = 0; k < length; k++) term += alphabet[next() % alphabet.length] as string
    out.push(term)
  }
  // Prefixes of one another and repeats, as the word index's terms are.
  out.push('2', '20', '201', '2019', '20', '')
  return out
}

function sortInSteps(items: string[]): { sorted: string[]; steps: number } {
  const sort = new SteppedSort(items)
  let steps = 1
  // A deadline already passed: each step does the least it can.
  while (!sort.run(performance.now())) steps++
  return { sorted: sort.result(), steps }
}

describe('SteppedSort', () => {
  it.each([0, 1, 2, 4095, 4096, 4097, 20_000])('sorts %i strings as the native sort does', (n) => {
    const items = terms(n, n + 1).slice(0, n)
    const expected = [...items].sort()
    const once = new SteppedSort([...items])
    expect(once.run(Infinity)).toBe(true)
    expect(once.result()).toEqual(expected)
    expect(sortInSteps([...items]).sorted).toEqual(expected)
  })

  it('takes many short steps on a large input and leaves its input alone', () => {
    const items = terms(30_000, 7)
    const copy = [...items]
    const { sorted, steps } = sortInSteps(items)
    expect(sorted).toEqual([...copy].sort())
    expect(items).toEqual(copy)
    // 8 chunks, then merges of up to 30k strings in slices of 2,048.
    expect(steps).toBeGreaterThan(8 + 30_000 / 2048)
  })

  it('refuses to give a result before it is done', () => {
    const sort = new SteppedSort(terms(10_000, 3))
    expect(sort.run(performance.now())).toBe(false)
    expect(() => sort.result()).toThrow(/before the sort finished/)
  })
})
