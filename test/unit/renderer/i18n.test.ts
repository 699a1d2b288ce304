import { describe, it, expect } from 'vitest'
import { en } from '../../../src/renderer/src/i18n/en'
import { zh } from '../../../src/renderer/src/i18n/zh'
import { createTranslate, format, resolveLocale } from '../../../src/renderer/src/i18n/i18n'

/** Variable names of `{name}`, `{name, number}` and `{name, plural, …}` (not the branches' text). */
function placeholders(text: string): string[] {
  const names: string[] = []
  const rest = text.replace(
    /\{(\w+),\s*plural,(?:[^{}]|\{[^{}]*\})*\}/g,
    (_whole, name: string) => {
      names.push(name)
      return ''
    },
  )
  for (const match of rest.matchAll(/\{(\w+)(?:,\s*number\s*)?\}/g)) names.push(match[1] ?? '')
  return names.sort()
}

describe('i18n dictionaries', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort())
  })

  it('have no empty strings', () => {
    for (const dictionary of [en, zh]) {
      for (const [key, value] of Object.entries(dictionary)) expect(value.trim(), key).not.toBe('')
    }
  })

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]))
    }
  })
})

describe('format and translate', () => {
  it('fills placeholders and keeps unknown ones', () => {
    expect(format('{a} of {b} {c}', { a: 1, b: 'x' })).toBe('1 of x {c}')
  })

  it('translates in the chosen locale', () => {
    expect(createTranslate('zh')('list.count', { count: 3 })).toBe('3 篇文章')
    expect(createTranslate('en')('list.count', { count: 3 })).toBe('3 articles')
  })

  it('picks the plural form by the locale rules, exact branches first', () => {
    const template = '{n, plural, =0 {no file} one {# file} other {# files}}'
    expect(format(template, { n: 0 })).toBe('no file')
    expect(format(template, { n: 1 })).toBe('1 file')
    expect(format(template, { n: 2 })).toBe('2 files')
    expect(format(template, { n: 1234 })).toBe('1,234 files')
    expect(format('{n, plural, other {# 个}}', { n: 1 }, 'zh')).toBe('1 个')
    expect(format('{n, number}', { n: 100000 }, 'zh')).toBe('100,000')
    expect(format('{n, plural, one {# x} other {# xs}}', {})).toBe(
      '{n, plural, one {# x} other {# xs}}',
    )
  })

  it('says "1 article", not "1 articles", wherever English counts things', () => {
    const t = createTranslate('en')
    expect(t('list.count', { count: 1 })).toBe('1 article')
    expect(t('list.count', { count: 100000 })).toBe('100,000 articles')
    expect(t('list.results', { count: 1 })).toBe('1 result')
    expect(t('list.results', { count: 0 })).toBe('0 results')
    expect(t('welcome.articles', { count: 1 })).toBe('1 article')
    expect(t('timeline.bar', { month: '2021-06', count: 1 })).toBe('2021-06: 1 article')
    expect(t('export.title', { count: 1 })).toBe('Export 1 article to PDF')
    expect(t('export.title', { count: 5 })).toBe('Export 5 articles to PDF')
    expect(t('health.imagesCached', { cached: 0, total: 1 })).toBe('0 of 1 image cached')
    expect(t('progress.text', { read: 1, indexed: 1, total: 1 })).toBe(
      '1 read · 1 indexed · 1 file',
    )
    expect(t('export.progressText', { composed: 1, printed: 1, pages: 1, total: 1 })).toBe(
      '1 composed · 1 printed · 1 page · 1 article',
    )
  })

  it('keeps Chinese without plural forms, with grouped digits', () => {
    const t = createTranslate('zh')
    expect(t('list.count', { count: 1 })).toBe('1 篇文章')
    expect(t('list.count', { count: 100000 })).toBe('100,000 篇文章')
    expect(t('export.title', { count: 1 })).toBe('将 1 篇文章导出为 PDF')
  })

  it('leaves no English count of one followed by a plural noun', () => {
    const t = createTranslate('en')
    const counted = (Object.keys(en) as (keyof typeof en)[]).filter((key) =>
      /\{(count|total|pages)[,}]/.test(en[key]),
    )
    for (const key of counted) {
      const text = t(key, {
        count: 1,
        total: 1,
        pages: 1,
        read: 1,
        indexed: 1,
        cached: 1,
        composed: 1,
        printed: 1,
        month: '2021-06',
      })
      expect(text, key).not.toMatch(/\b1 (articles|results|files|images|pages)\b/)
    }
  })
})

describe('resolveLocale', () => {
  it('follows the system for "system"', () => {
    expect(resolveLocale('system', ['zh-CN', 'en'])).toBe('zh')
    expect(resolveLocale('system', ['en-GB', 'zh-CN'])).toBe('en')
    expect(resolveLocale('system', ['fr-FR', 'zh-TW'])).toBe('zh')
    expect(resolveLocale('system', ['fr-FR'])).toBe('en')
  })

  it('obeys an explicit choice', () => {
    expect(resolveLocale('en', ['zh-CN'])).toBe('en')
    expect(resolveLocale('zh-Hans', ['en-US'])).toBe('zh')
    expect(resolveLocale('zh-Hant', ['en-US'])).toBe('zh')
  })
})
