/**
 * The engine's errors and file issues in the UI's language (engineMessages.ts): every query the
 * parser refuses carries a reason the renderer words; the English wording is the engine's own
 * sentence, the Chinese one fills the same values; a file issue gets a sentence per code.
 */
import { describe, expect, it } from 'vitest'
import { parseQuery } from '../../../src/main/core/search/queryParser'
import {
  apiErrorText,
  issueText,
  queryProblemText,
  withoutModule,
} from '../../../src/renderer/src/i18n/engineMessages'
import {
  API_ERROR_CODES,
  ApiError,
  ARTICLE_ISSUE_CODES,
  QUERY_PROBLEMS,
} from '../../../src/shared/errors'

const refusedQueries = [
  'foo:bar',
  'date:2021-13',
  'date:2021-02-29',
  'date:June',
  'date:2021-06-01..2021-05-01',
  'date:..',
  'date:2021..2022..2023',
  'before:',
  'title:',
  '"open quote',
  '"a"b',
  'OR a',
  'a OR',
  'a OR -b',
  '""',
]

function refusal(query: string): ApiError {
  try {
    parseQuery(query)
  } catch (error) {
    if (error instanceof ApiError) return error
  }
  throw new Error(`"${query}" was not refused`)
}

describe('query errors in the UI’s language', () => {
  it('words every refusal in English as the engine does, without its module', () => {
    for (const query of refusedQueries) {
      const error = refusal(query)
      expect(error.detail?.reason, query).toBeDefined()
      expect(queryProblemText(error, 'en'), query).toBe(error.message.replace(/^Search: /, ''))
    }
  })

  it('words them in Chinese with every value filled', () => {
    const month = queryProblemText(refusal('date:2021-13'), 'zh')
    expect(month).toBe('“date:2021-13”：没有 13 月。')
    for (const query of refusedQueries) {
      const text = queryProblemText(refusal(query), 'zh')
      expect(text, query).not.toMatch(/\{\w+\}|Search:/)
      expect(text, query).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it('covers every reason the parser gives', () => {
    const given = new Set(refusedQueries.map((query) => refusal(query).detail?.reason))
    expect([...given].sort()).toEqual([...QUERY_PROBLEMS].sort())
  })

  it('falls back to the engine’s message without its module when there is no reason', () => {
    expect(queryProblemText({ message: 'Search: something new' }, 'zh')).toBe('something new')
    expect(withoutModule('archive: the file is empty.')).toBe('the file is empty.')
    expect(withoutModule('No module here: at all')).toBe('No module here: at all')
  })
})

describe('file issues in the UI’s language', () => {
  it('has a sentence for every issue code in both languages', () => {
    for (const code of ARTICLE_ISSUE_CODES) {
      expect(issueText(code, 'en'), code).not.toBe(code)
      expect(issueText(code, 'zh'), code).toMatch(/[\u4e00-\u9fff]/)
    }
  })
})

describe('other engine errors in the UI’s language', () => {
  const refused = new ApiError(
    'DESTINATION_REFUSED',
    'export: "/a/b.pdf" is inside the open archive; choose a folder outside it.',
  )

  it('shows the engine’s English sentence without its module in English', () => {
    expect(apiErrorText(refused, 'en')).toBe(
      '"/a/b.pdf" is inside the open archive; choose a folder outside it.',
    )
  })

  it('leads with a sentence in Chinese for every code, the engine’s detail after it', () => {
    expect(apiErrorText(refused, 'zh')).toMatch(/^不允许写入这个位置.*（"\/a\/b\.pdf" is inside/)
    for (const code of API_ERROR_CODES)
      expect(apiErrorText(new ApiError(code, 'x: y'), 'zh'), code).toMatch(/^[^（]*[\u4e00-\u9fff]/)
  })

  it('words a refused query from its reason', () => {
    expect(apiErrorText(refusal('date:2021-13'), 'zh')).toBe('“date:2021-13”：没有 13 月。')
  })

  it.each([
    ['-a OR b', '-a'],
    ['a OR -b', '-b'],
  ])('names the excluded term of %s in both languages', (query, excluded) => {
    const error = refusal(query)
    expect(apiErrorText(error, 'zh')).toBe(
      `“OR”不能连接排除的词（“${excluded}”）；请分别排除每个词。`,
    )
    expect(apiErrorText(error, 'en')).toBe(
      `“OR” cannot join an excluded term (“${excluded}”); exclude each term separately.`,
    )
  })
})
