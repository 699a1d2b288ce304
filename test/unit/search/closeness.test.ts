/**
 * Closeness from the positional bigram lists (closeness.ts) against the text scan it replaces
 * (`closestDistance(occurrencesOf(body, terms, 50))`): random titles and bodies over a tiny
 * alphabet, so that terms occur in titles, across many body positions (past the cap of 50)
 * and overlapping themselves; single units and words take the text path.
 */
import { describe, expect, it } from 'vitest'
import { closenessGaps, OCCURRENCE_CAP } from '../../../src/main/core/search/closeness'
import { GramIndex } from '../../../src/main/core/search/gramIndex'
import { closestDistance, occurrencesOf } from '../../../src/main/core/search/snippet'
import { mulberry32 } from '../../support/random'

const ALPHABET = '甲乙丙丁，'

function build(seed: number, count: number) {
  const random = mulberry32(seed)
  const pick = (length: number): string =>
    Array.from({ length }, () => ALPHABET[Math.floor(random() * ALPHABET.length)]).join('')
  const grams = new GramIndex()
  const titles: string[] = []
  const bodies: string[] = []
  for (let doc = 0; doc < count; doc++) {
    const title = pick(Math.floor(random() * 12))
    const body = doc % 7 === 3 ? 'ab cd' : pick(20 + Math.floor(random() * 1500))
    titles.push(title)
    bodies.push(body)
    grams.addDocument(doc, `${title} ${body}`)
  }
  return { grams, titles, bodies, random, pick }
}

describe('closeness from positions', () => {
  it('equals the text scan on random documents and queries', () => {
    const { grams, titles, bodies, random, pick } = build(11, 120)
    const titleLength = Int32Array.from(titles, (t) => t.length)
    const text = (doc: number): string => bodies[doc] as string
    let compared = 0
    for (let q = 0; q < 60; q++) {
      const termCount = 2 + (q % 2)
      // Mostly runs of 2–4 units; every fifth query has a single unit (the text path).
      const terms = Array.from({ length: termCount }, (_, t) =>
        q % 5 === 0 && t === 0 ? pick(1) : pick(2 + Math.floor(random() * 3)),
      )
      const docs = Int32Array.from({ length: 40 }, () => Math.floor(random() * bodies.length))
      const unique = Int32Array.from(new Set(docs))
      const gaps = closenessGaps(grams, titleLength, terms, unique, text)
      const expected = Array.from(unique, (doc) =>
        closestDistance(occurrencesOf(bodies[doc] as string, terms, OCCURRENCE_CAP)),
      )
      expect({ terms, gaps }).toEqual({ terms, gaps: expected })
      compared += expected.filter((gap) => gap !== null).length
    }
    // The comparison must have covered real gaps, not only documents without the terms.
    expect(compared).toBeGreaterThan(500)
  })

  it('reads no text when every term is a run of 2+ units', () => {
    const { grams, titles, bodies } = build(5, 30)
    const titleLength = Int32Array.from(titles, (t) => t.length)
    const docs = Int32Array.from({ length: 30 }, (_, i) => i)
    const gaps = closenessGaps(grams, titleLength, ['甲乙', '丙丁，'], docs, () => {
      throw new Error('the text was read')
    })
    expect(gaps).toEqual(
      Array.from(docs, (doc) =>
        closestDistance(occurrencesOf(bodies[doc] as string, ['甲乙', '丙丁，'], OCCURRENCE_CAP)),
      ),
    )
  })
})
