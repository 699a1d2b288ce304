import { describe, expect, it } from 'vitest'
import { METHOD_NAMES } from '../../../src/shared/contract/methods'
import { handleApiCall } from '../../../src/main/serve/apiRoute'
import { STATUS_BY_CODE } from '../../../src/main/serve/httpStatus'
import { API_ERROR_CODES } from '../../../src/shared/errors'
import { createFakeApi, fakeArticle, sampleArgs } from '../../support/fakeApi'

describe('HTTP adapter routing', () => {
  it('routes every method of the table to the engine method of the same name', async () => {
    const fake = createFakeApi()
    const args = sampleArgs(fakeArticle(0).id)
    await handleApiCall(fake, 'openArchive', JSON.stringify(args.openArchive))
    // Derived from the table: a method the adapter failed to route would come back UNKNOWN_METHOD.
    // closeArchive last: the others need the archive open.
    const order = [...METHOD_NAMES.filter((m) => m !== 'closeArchive'), 'closeArchive' as const]
    expect(order).toHaveLength(METHOD_NAMES.length)
    for (const name of order) {
      const body = args[name] === undefined ? '' : JSON.stringify(args[name])
      const result = await handleApiCall(fake, name, body)
      expect(result.ok, `${name}: ${JSON.stringify(result)}`).toBe(true)
      expect(fake.calls.at(-1)?.method).toBe(name)
    }
  })

  it('answers unknown methods with UNKNOWN_METHOD whatever the body', async () => {
    const fake = createFakeApi()
    for (const name of ['nope', 'constructor', '__proto__', 'events', '']) {
      const result = await handleApiCall(fake, name, '{not json')
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    }
  })

  it('answers malformed JSON with INVALID_ARGUMENT and accepts an empty body as no argument', async () => {
    const fake = createFakeApi()
    expect(await handleApiCall(fake, 'listArticles', '{"limit":')).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('not valid JSON') as string,
      },
    })
    expect(await handleApiCall(fake, 'getSettings', '  ')).toMatchObject({ ok: true })
  })

  it('has an HTTP status for every error code', () => {
    for (const code of API_ERROR_CODES) {
      expect(STATUS_BY_CODE[code]).toBeGreaterThanOrEqual(400)
    }
    expect(STATUS_BY_CODE.INVALID_ARGUMENT).toBe(400)
    expect(STATUS_BY_CODE.QUERY_INVALID).toBe(400)
    expect(STATUS_BY_CODE.UNAUTHORIZED).toBe(401)
    expect(STATUS_BY_CODE.ARTICLE_NOT_FOUND).toBe(404)
    expect(STATUS_BY_CODE.ARCHIVE_NOT_FOUND).toBe(404)
    expect(STATUS_BY_CODE.UNKNOWN_METHOD).toBe(404)
    expect(STATUS_BY_CODE.DESTINATION_EXISTS).toBe(409)
    expect(STATUS_BY_CODE.DESTINATION_REFUSED).toBe(403)
    expect(STATUS_BY_CODE.INTERNAL).toBe(500)
  })
})
