import { describe, expect, it } from 'vitest'
import type { ArchiveApi, MethodName } from '../../../src/shared/contract/api'
import {
  METHODS,
  METHOD_NAMES,
  isMethodName,
  type MethodSpec,
} from '../../../src/shared/contract/methods'
import { createFakeApi, sampleArgs } from '../../support/fakeApi'

// Compile-time: the table's keys are exactly the interface's methods. `tsc -p tsconfig.test.json`
// fails on this line if either side gains a name the other lacks.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const tableMatchesInterface: Same<keyof typeof METHODS, keyof ArchiveApi> = true

describe('method table', () => {
  it('lists each method of the contract once', () => {
    expect(tableMatchesInterface).toBe(true)
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length)
    // The fake implements ArchiveApi, so its function-valued keys are the interface at runtime.
    const fake = createFakeApi()
    const extras = new Set(['subscribe', 'emit'])
    const implemented = Object.keys(fake).filter(
      (key) =>
        typeof (fake as unknown as Record<string, unknown>)[key] === 'function' && !extras.has(key),
    )
    expect([...METHOD_NAMES].sort()).toEqual(implemented.sort())
  })

  it('refuses a table with a missing method at compile time', () => {
    const { getHealth: _dropped, ...partial } = METHODS
    // @ts-expect-error getHealth is missing, so this is not a full table
    const incomplete: Record<MethodName, MethodSpec> = partial
    expect(Object.keys(incomplete)).not.toContain('getHealth')
  })

  it('knows only its own names, never inherited ones', () => {
    expect(isMethodName('listArticles')).toBe(true)
    for (const name of [
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'events',
      '',
      42,
    ]) {
      expect(isMethodName(name)).toBe(false)
    }
  })

  it('accepts a valid argument for every method', () => {
    const args = sampleArgs('some/id.md')
    for (const name of METHOD_NAMES) {
      expect(METHODS[name].validate(args[name], 'argument'), name).toBeNull()
    }
  })

  it('accepts nothing, null or {} for methods without an argument, and refuses more', () => {
    const check = METHODS.getSettings.validate
    expect(check(undefined, 'argument')).toBeNull()
    expect(check(null, 'argument')).toBeNull()
    expect(check({}, 'argument')).toBeNull()
    expect(check({ x: 1 }, 'argument')).toMatch(/no argument/)
    expect(check('x', 'argument')).toMatch(/no argument/)
  })

  it.each([
    ['openArchive', {}, /argument\.path` is required/],
    ['openArchive', { path: 7 }, /path` must be a string/],
    ['openArchive', { path: '/a', extra: 1 }, /unknown field `extra`/],
    ['listArticles', { limit: 0 }, /limit` must be an integer from 1/],
    ['listArticles', { limit: 1.5 }, /limit` must be an integer/],
    ['listArticles', { limit: 1001 }, /limit must be at most 1000 \(200000 with idsOnly\)/],
    ['listArticles', { limit: 5000, idsOnly: false }, /limit must be at most 1000/],
    ['listArticles', { limit: 200_001, idsOnly: true }, /limit` must be an integer from 1/],
    ['listArticles', { sort: 'size' }, /sort` must be one of/],
    ['listArticles', { filter: { marks: 'starred' } }, /marks` must be one of/],
    ['listArticles', { filter: { monthFrom: '2021-13' } }, /monthFrom` must be a month/],
    ['listArticles', { filter: { categoryPath: ['a', 3] } }, /categoryPath\[1\]` must be a string/],
    ['listArticles', [], /must be an object/],
    ['getArticle', { id: '' }, /id` must be a string of 1/],
    ['search', { query: 'x'.repeat(2001) }, /query` must be a string/],
    ['setMark', { id: 'a', read: 'yes' }, /read` must be true or false/],
    ['updateSettings', null, /must be an object/],
    ['updateSettings', { fontsize: 3 }, /unknown field `fontsize`/],
    ['exportPdf', { ids: 'a', destination: '/x.pdf' }, /ids` must be a list/],
    ['exportPdf', { ids: ['a'], destination: '/x.pdf', paper: 'A3' }, /paper` must be one of/],
    [
      'exportPdf',
      { query: 'x', destination: '/x.pdf', marginsMm: { top: 5 } },
      /right` is required/,
    ],
    ['cancelExport', {}, /jobId` is required/],
  ] as const)('%s refuses %j', (method, arg, message) => {
    expect(METHODS[method].validate(arg, 'argument')).toMatch(message)
  })

  it('lets an ids-only list ask for a whole archive at once', () => {
    const check = METHODS.listArticles.validate
    expect(check({ limit: 1000 }, 'argument')).toBeNull()
    expect(check({ limit: 200_000, idsOnly: true }, 'argument')).toBeNull()
  })

  it('refuses objects that are not plain (class instances, prototypes)', () => {
    class Sneaky {
      path = '/a'
    }
    expect(METHODS.openArchive.validate(new Sneaky(), 'argument')).toMatch(/must be an object/)
    const poisoned = JSON.parse('{"path":"/a","__proto__":{"admin":true}}') as unknown
    expect(METHODS.openArchive.validate(poisoned, 'argument')).toMatch(/unknown field `__proto__`/)
  })

  it('marks state-changing methods', () => {
    expect(METHODS.setMark.mutates).toBe(true)
    expect(METHODS.listArticles.mutates).toBe(false)
    expect(METHOD_NAMES.filter((m) => METHODS[m].mutates).sort()).toEqual(
      [
        'cacheAllImages',
        'cancelExport',
        'cancelImageCaching',
        'closeArchive',
        'exportPdf',
        'openArchive',
        'retryFailedImages',
        'retryImage',
        'setMark',
        'updateSettings',
      ].sort(),
    )
  })
})
