import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../src/shared/errors'
import { parseQuery } from '../../../src/main/core/search/queryParser'

const errorOf = (query: string): ApiError => {
  try {
    parseQuery(query)
  } catch (error) {
    if (error instanceof ApiError) return error
    throw error
  }
  throw new Error(`no error for ${query}`)
}

describe('parseQuery', () => {
  it('splits terms (AND) and normalises them', () => {
    expect(parseQuery('英特爾  RTX').clauses).toEqual([
      { negated: false, anyOf: [{ kind: 'text', field: 'any', text: '英特尔', raw: '英特爾' }] },
      { negated: false, anyOf: [{ kind: 'text', field: 'any', text: 'rtx', raw: 'RTX' }] },
    ])
  })

  it('keeps a quoted phrase whole', () => {
    const [clause] = parseQuery('"RTX 4090" x').clauses
    expect(clause?.anyOf[0]).toMatchObject({ field: 'any', text: 'rtx 4090' })
  })

  it('joins OR alternatives and excludes -terms', () => {
    const { clauses } = parseQuery('a OR b OR "c d" -e')
    expect(clauses).toHaveLength(2)
    expect(clauses[0]?.anyOf.map((t) => (t.kind === 'text' ? t.text : ''))).toEqual([
      'a',
      'b',
      'c d',
    ])
    expect(clauses[1]).toMatchObject({ negated: true, anyOf: [{ text: 'e' }] })
    // Lowercase "or" is a word.
    expect(parseQuery('a or b').clauses).toHaveLength(3)
  })

  it('reads the text fields', () => {
    const { clauses } = parseQuery(
      'title:處理器 author:"Zhang San" source:IT之家 category:硬件 -category:游戏',
    )
    expect(clauses.map((c) => [c.negated, c.anyOf[0]])).toEqual([
      [false, { kind: 'text', field: 'title', text: '处理器', raw: 'title:處理器' }],
      [false, { kind: 'text', field: 'author', text: 'zhang san', raw: 'author:"Zhang San"' }],
      [false, { kind: 'text', field: 'source', text: 'it之家', raw: 'source:IT之家' }],
      [false, { kind: 'text', field: 'category', text: '硬件', raw: 'category:硬件' }],
      [true, { kind: 'text', field: 'category', text: '游戏', raw: '-category:游戏' }],
    ])
  })

  it('reads dates, ranges, before and after in UTC', () => {
    const term = (q: string): unknown => parseQuery(q).clauses[0]?.anyOf[0]
    expect(term('date:2021')).toMatchObject({
      from: Date.UTC(2021, 0, 1),
      to: Date.UTC(2022, 0, 1),
    })
    expect(term('date:2021-06')).toMatchObject({
      from: Date.UTC(2021, 5, 1),
      to: Date.UTC(2021, 6, 1),
    })
    expect(term('date:2021-06-01')).toMatchObject({
      from: Date.UTC(2021, 5, 1),
      to: Date.UTC(2021, 5, 2),
    })
    expect(term('date:2021-06-01..2021-07-15')).toMatchObject({
      from: Date.UTC(2021, 5, 1),
      to: Date.UTC(2021, 6, 16),
    })
    expect(term('date:2021-06..')).toMatchObject({ from: Date.UTC(2021, 5, 1), to: null })
    expect(term('date:..2021')).toMatchObject({ from: null, to: Date.UTC(2022, 0, 1) })
    expect(term('before:2021-06')).toMatchObject({ from: null, to: Date.UTC(2021, 5, 1) })
    expect(term('after:2021-06')).toMatchObject({ from: Date.UTC(2021, 6, 1), to: null })
    expect(term('date:2024-02-29')).toMatchObject({ from: Date.UTC(2024, 1, 29) })
  })

  it.each([
    ['-a OR b', '-a'],
    ['a OR -b', '-b'],
    ['x -a OR b', '-a'],
    ['-"a b" OR c', '-"a b"'],
    ['-a OR -b', '-a'],
  ])('names the excluded term of %s, whichever side of OR it is on', (query, excluded) => {
    const error = errorOf(query)
    expect(error.message).toBe(
      `Search: “OR” cannot join an excluded term (“${excluded}”); exclude each term separately.`,
    )
    expect(error.detail).toEqual({ reason: 'orWithExcluded', values: { token: excluded } })
  })

  it('gives an empty query no clauses', () => {
    expect(parseQuery('   ').clauses).toEqual([])
  })

  it.each([
    ['foo:bar', /unknown field “foo:”/],
    ['http://example.com', /unknown field “http:”.*quotes/],
    ['date:2021-13', /month 13/],
    ['date:2021-02-29', /day 29 does not exist in 2021-02/],
    ['date:June', /not a date/],
    ['date:2021-06-01..2021-05-01', /ends before it starts/],
    ['date:..', /at least one date/],
    ['date:2021..2022..2023', /one “\.\.”/],
    ['before:', /needs a date/],
    ['after:21-06', /not a date/],
    ['title:', /needs a value/],
    ['"open quote', /never closed/],
    ['"a"b', /space after the closing quote/],
    ['OR a', /needs a term on its left/],
    ['a OR', /needs a term on its right/],
    ['a OR OR b', /needs a term on its left/],
    ['a OR -b', /cannot join an excluded term/],
    ['""', /nothing to search for/],
  ])('rejects %s with a readable QUERY_INVALID error', (query, message) => {
    const error = errorOf(query)
    expect(error.code).toBe('QUERY_INVALID')
    expect(error.message).toMatch(/^Search: /)
    expect(error.message).toMatch(message)
  })
})
