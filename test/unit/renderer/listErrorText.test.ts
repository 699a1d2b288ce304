/**
 * The list's error line (listErrorText.ts): a query over the contract's length, refused by the
 * transports' argument check before the engine sees it, reads as a sentence in the UI's language,
 * never as the check's developer text; other failures keep their wording.
 */
import { describe, expect, it } from 'vitest'
import { listErrorText } from '../../../src/renderer/src/features/library/listErrorText'
import { createTranslate, type Locale } from '../../../src/renderer/src/i18n/i18n'
import { MAX_QUERY_LENGTH, type ArchiveApi } from '../../../src/shared/contract/api'
import { dispatch } from '../../../src/shared/contract/dispatch'
import { ApiError, type ApiErrorShape } from '../../../src/shared/errors'

/** An engine that answers every search with nothing: only the argument check can refuse. */
const engine = {
  search: async () => ({ total: 0, hits: [], facets: null }),
} as unknown as ArchiveApi

/** What the transports answer for `query`: the error, or null when it reached the engine. */
async function refusal(query: string): Promise<ApiErrorShape | null> {
  const result = await dispatch(engine, 'search', { query })
  return result.ok ? null : result.error
}

const text = (error: ApiErrorShape, query: string, locale: Locale) =>
  listErrorText(error, query, createTranslate(locale), locale)

describe('listErrorText', () => {
  it('the limit is the one the transports check', async () => {
    expect(await refusal('英'.repeat(MAX_QUERY_LENGTH))).toBeNull()
    expect((await refusal('英'.repeat(MAX_QUERY_LENGTH + 1)))?.code).toBe('INVALID_ARGUMENT')
  })

  it('words a query over the limit as a sentence, in English and in Chinese', async () => {
    const query = '英特尔'.repeat(700)
    const error = await refusal(query)
    if (!error) throw new Error('a 2,100-character query was not refused')
    const en = text(error, query, 'en')
    expect(en).toBe(
      'This search is too long: a query holds at most 2,000 characters. Shorten it and search again.',
    )
    const zh = text(error, query, 'zh')
    expect(zh).toBe('这个查询太长了：查询最多 2,000 个字符。请缩短后再搜索。')
    for (const shown of [en, zh]) expect(shown).not.toMatch(/argument|`|must be/)
  })

  it('keeps the other failures’ wording, translated', () => {
    const internal = new ApiError('INTERNAL', 'search: the worker stopped')
    expect(text(internal, '芯片', 'en')).toBe('The list could not be loaded: the worker stopped')
    expect(text(internal, '芯片', 'zh')).toBe(
      '无法加载列表：程序内部出错了。（the worker stopped）',
    )
    const invalid = new ApiError('QUERY_INVALID', 'Search: unknown field "foo:"')
    expect(text(invalid, 'foo:bar', 'en')).toBe(
      'This query cannot be understood: unknown field "foo:"',
    )
    // A refused argument that is not the query's length says what it is.
    const argument = new ApiError('INVALID_ARGUMENT', 'search: `argument.limit` must be an integer')
    expect(text(argument, '芯片', 'en')).toContain('argument.limit')
  })
})
