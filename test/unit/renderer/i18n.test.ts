import { describe, it, expect } from 'vitest'
import { en } from '../../../src/renderer/src/i18n/en'
import { zh } from '../../../src/renderer/src/i18n/zh'
import { createTranslate, format, resolveLocale } from '../../../src/renderer/src/i18n/i18n'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

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
