/**
 * compactSearch: matches cross as the host's numbers, the filter as a byte per number, and
 * the worker's cache of numbers by document stays true across updates, removals, ids the host
 * numbers late, and a swap to another index (whose document numbers start again at 0).
 */
import { describe, expect, it } from 'vitest'
import { compactSearch, HostIdNumbers } from '../../../src/main/core/search/compactSearch'
import { createSearchIndex, type IndexableArticle } from '../../../src/main/core/search/searchIndex'

const article = (id: string, text: string): IndexableArticle => ({
  id,
  title: id,
  date: '2021-06-01T00:00:00.000Z',
  categories: [['科技', 'IT之家']],
  author: null,
  text,
})

/** The host's side: numbers in the order given, sent once. */
class Host {
  readonly ids: string[] = []
  private sent = 0
  number(id: string): number {
    const known = this.ids.indexOf(id)
    if (known >= 0) return known
    this.ids.push(id)
    return this.ids.length - 1
  }
  unsent(): { from: number; ids: string[] } {
    const from = this.sent
    this.sent = this.ids.length
    return { from, ids: this.ids.slice(from) }
  }
}

/** The matched ids as the host reads them back (numbers, or the unnumbered ids in order). */
function matchedIds(host: Host, result: ReturnType<typeof compactSearch>): string[] {
  let next = 0
  return Array.from(result.matched, (n) =>
    n >= 0 ? (host.ids[n] as string) : (result.unnumbered[next++] as string),
  )
}

describe('compactSearch', () => {
  it('answers with host numbers, filters by them, and follows updates and new numbers', () => {
    const index = createSearchIndex()
    index.add(article('a', '处理器性能提升'))
    index.add(article('b', '新的处理器'))
    index.add(article('c', '手机'))
    const host = new Host()
    const worker = new HostIdNumbers()
    const search = (query: string, allowed?: string[]): string[] => {
      const bytes = allowed ? new Uint8Array(host.ids.length) : undefined
      if (bytes && allowed) for (const id of allowed) bytes[host.number(id)] = 1
      const sent = host.unsent()
      const result = compactSearch(index, worker, query, {
        limit: 10,
        ...sent,
        ...(bytes ? { allowed: bytes } : {}),
      })
      expect(result.total).toBe(result.matched.length)
      return matchedIds(host, result).sort()
    }
    // Nothing numbered yet: the ids come back as strings.
    expect(search('处理器')).toEqual(['a', 'b'])
    host.number('b')
    host.number('a')
    expect(search('处理器')).toEqual(['a', 'b'])
    expect(search('处理器', ['b'])).toEqual(['b'])
    // An update gives 'a' a new document; its number (and the cache) must follow.
    index.update(article('a', '手机处理器'))
    expect(search('手机')).toEqual(['a', 'c'])
    expect(search('手机', ['a'])).toEqual(['a'])
    index.remove('b')
    expect(search('处理器')).toEqual(['a'])
    // Another index in the same worker: document 0 is another article now.
    const other = createSearchIndex()
    other.add(article('c', '处理器'))
    const result = compactSearch(other, worker, '处理器', { limit: 10, ...host.unsent() })
    expect(matchedIds(host, result)).toEqual(['c'])
  })
})
