/**
 * Packing the word index in steps (SearchIndex.packWordsStep, WordPack in
 * wordIndexSnapshot.ts): searches between steps answer as an index never packed, the result
 * is the packed index, and an add in the middle starts the packing over instead of losing
 * what it added.
 */
import { describe, expect, it } from 'vitest'
import { createSearchIndex, type SearchIndex } from '../../../src/main/core/search/searchIndex'
import { generateArticles, toIndexable } from '../../support/generator'

const articles = [...generateArticles(300, 21)].map(toIndexable)
const queries = ['AMD', 'i', '20', 'iPhone 手机', 'title:AMD', 'zyxwvu', 'Steam']

function built(): SearchIndex {
  const index = createSearchIndex()
  for (const article of articles) index.add(article)
  return index
}

const answers = (index: SearchIndex): unknown =>
  queries.map((query) => {
    const result = index.search(query, { limit: 50 })
    return [query, result.total, result.hits.map((hit) => hit.id)]
  })

describe('packing the word index in steps', () => {
  it('answers between steps and after them as an index never packed', () => {
    const stepped = built()
    const plain = built()
    const decoded = stepped.stats().wordTermsDecoded
    expect(decoded).toBeGreaterThan(1000)
    let steps = 0
    let state: ReturnType<SearchIndex['packWordsStep']> = 'more'
    while (state === 'more') {
      // A deadline already passed: each step encodes the least it can (16 terms).
      state = stepped.packWordsStep(performance.now())
      steps++
      if (steps % 3 === 0) expect(answers(stepped)).toEqual(answers(plain))
    }
    expect(state).toBe('packed')
    expect(steps).toBeGreaterThan(decoded / 16 - 1)
    expect(stepped.stats().wordTermsDecoded).toBeLessThan(decoded / 4)
    expect(answers(stepped)).toEqual(answers(plain))
    expect(stepped.packWordsStep(performance.now())).toBe('nothing')
  })

  it('starts over when an article is added between steps', () => {
    const stepped = built()
    const plain = built()
    expect(stepped.packWordsStep(performance.now())).toBe('more')
    expect(stepped.packWordsStep(performance.now())).toBe('more')
    const late = {
      ...(articles[0] as (typeof articles)[number]),
      id: 'late.md',
      title: 'zyxwvu AMD Steam',
      text: 'zyxwvu 20 iPhone 手机 AMD i',
    }
    stepped.add(late)
    plain.add(late)
    let state: ReturnType<SearchIndex['packWordsStep']> = 'more'
    while (state === 'more') state = stepped.packWordsStep(performance.now())
    expect(state).toBe('packed')
    expect(answers(stepped)).toEqual(answers(plain))
    expect(stepped.search('zyxwvu', { limit: 5 }).hits.map((hit) => hit.id)).toEqual(['late.md'])
  })
})
