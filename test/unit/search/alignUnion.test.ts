/**
 * alignUnion against its definition: a candidate start s is kept when any of the lists has a
 * position s + offset in the same document. Lists come from WordPositions (the real entry
 * format: lone positions flagged, several with a count), candidates from decodeShifted.
 */
import { describe, expect, it } from 'vitest'
import { alignUnion } from '../../../src/main/core/search/alignUnion'
import { decodeShifted, type PositionalList } from '../../../src/main/core/search/gramQuery'
import { WordPositions } from '../../../src/main/core/search/wordPositions'
import { mulberry32 } from './querySampler'

/** (doc, start) pairs of a positional list. */
function pairs(list: PositionalList): string[] {
  const out: string[] = []
  for (let i = 0; i < list.docs.length; i++)
    for (let a = list.starts[i] as number; a < (list.starts[i + 1] as number); a++)
      out.push(`${list.docs[i]}:${list.positions[a]}`)
  return out
}

describe('alignUnion', () => {
  it.each([1, 2, 3, 4, 5])('keeps exactly the starts some list confirms (seed %i)', (seed) => {
    const random = mulberry32(seed)
    const words = new WordPositions()
    // Texts of words "x" (the candidates' word) and "y…" words (the prefix's words), with
    // repeats in a document (counted entries) and single occurrences (flagged entries).
    const vocabulary = ['x', 'y', 'y1', 'y22', 'y333', 'yz']
    const docs = 60
    for (let doc = 0; doc < docs; doc++) {
      if (random() < 0.2) continue // documents without text
      const length = 1 + Math.floor(random() * 40)
      const text = Array.from(
        { length },
        () => vocabulary[Math.floor(random() * vocabulary.length)],
      ).join(' ')
      words.addDocument(doc, text, 0)
    }
    const candidates = decodeShifted(words.exact('x'), 0, words.exact('x')[0]?.count ?? 0)
    const lists = words.withPrefix('y')
    for (const offset of [0, 2, 5]) {
      const want = new Set<string>()
      for (const list of lists) {
        const theirs = new Set(pairs(decodeShifted([list], 0, list.count)))
        for (const pair of pairs(candidates)) {
          const [doc, start] = pair.split(':').map(Number) as [number, number]
          if (theirs.has(`${doc}:${start + offset}`)) want.add(pair)
        }
      }
      const got = alignUnion(candidates, lists, offset)
      expect(pairs(got)).toEqual(pairs(candidates).filter((pair) => want.has(pair)))
      expect(got.starts[got.docs.length]).toBe(got.positions.length)
    }
  })

  it('returns nothing for no candidates and keeps nothing without lists', () => {
    const empty: PositionalList = {
      docs: new Int32Array(0),
      starts: new Uint32Array(1),
      positions: new Int32Array(0),
    }
    expect(pairs(alignUnion(empty, [], 1))).toEqual([])
    const words = new WordPositions()
    words.addDocument(0, 'x y', 0)
    const candidates = decodeShifted(words.exact('x'), 0, 1)
    expect(pairs(alignUnion(candidates, [], 2))).toEqual([])
    expect(pairs(alignUnion(candidates, words.withPrefix('y'), 2))).toEqual(['0:0'])
  })
})
