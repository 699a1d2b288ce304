/**
 * A small typed i18n: `t('list.count', { count: 3 })`. Keys are the English dictionary's, so a
 * missing or misspelt key is a compile error. Placeholders, a subset of ICU MessageFormat:
 * - `{name}`: the value as given;
 * - `{name, number}`: a number in the locale's digits (`100,000`);
 * - `{name, plural, one {# article} other {# articles}}`: the branch of the locale's plural rule
 *   (Intl.PluralRules; `=0`-style exact branches first, `other` as the fallback), `#` being the
 *   number in the locale's digits. Branches hold text and `#` only, no nested placeholders.
 *   Chinese has no plural forms: its dictionary uses `{name, number}`.
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react'
import type { Language } from '../../../shared/types/settings'
import { en, type MessageKey, type Messages } from './en'
import { zh } from './zh'

export type Locale = 'en' | 'zh'
export type Vars = Record<string, string | number>
export type Translate = (key: MessageKey, vars?: Vars) => string

export const DICTIONARIES: Record<Locale, Messages> = { en, zh }

/** The UI locale for a language setting; 'system' follows the browser's languages. */
export function resolveLocale(language: Language, systemLanguages: readonly string[]): Locale {
  if (language === 'en') return 'en'
  // Traditional Chinese has no dictionary of its own yet: Simplified reads better than English.
  if (language === 'zh-Hans' || language === 'zh-Hant') return 'zh'
  for (const tag of systemLanguages) {
    const lower = tag.toLowerCase()
    if (lower.startsWith('zh')) return 'zh'
    if (lower.startsWith('en')) return 'en'
  }
  return 'en'
}

/** The BCP 47 tag for Intl, per UI locale. */
const INTL_TAGS: Record<Locale, string> = { en: 'en', zh: 'zh-CN' }
const PLURAL = /\{(\w+),\s*plural,((?:\s*(?:=\d+|\w+)\s*\{[^{}]*\})+)\s*\}/g
const BRANCH = /(=\d+|\w+)\s*\{([^{}]*)\}/g
const NUMBER = /\{(\w+),\s*number\s*\}/g
const SIMPLE = /\{(\w+)\}/g

// Built once per locale: building an Intl formatter costs about a tenth of a millisecond.
const numberFormats = new Map<Locale, Intl.NumberFormat>()
const pluralRules = new Map<Locale, Intl.PluralRules>()

function numberFormat(locale: Locale): Intl.NumberFormat {
  let found = numberFormats.get(locale)
  if (!found) numberFormats.set(locale, (found = new Intl.NumberFormat(INTL_TAGS[locale])))
  return found
}

function pluralRule(locale: Locale): Intl.PluralRules {
  let found = pluralRules.get(locale)
  if (!found) pluralRules.set(locale, (found = new Intl.PluralRules(INTL_TAGS[locale])))
  return found
}

function digits(value: string | number, locale: Locale): string {
  return typeof value === 'number' ? numberFormat(locale).format(value) : value
}

function chooseBranch(branches: string, count: number, locale: Locale): string | undefined {
  const byName = new Map<string, string>()
  for (const match of branches.matchAll(BRANCH)) byName.set(match[1] ?? '', match[2] ?? '')
  return (
    byName.get(`=${count}`) ?? byName.get(pluralRule(locale).select(count)) ?? byName.get('other')
  )
}

/** Fills a template's placeholders (see the header); unknown ones are kept as written. */
export function format(template: string, vars?: Vars, locale: Locale = 'en'): string {
  if (!vars) return template
  return template
    .replace(PLURAL, (whole, name: string, branches: string) => {
      if (!Object.hasOwn(vars, name)) return whole
      const value = vars[name] as string | number
      const branch = chooseBranch(branches, Number(value), locale)
      return branch === undefined ? whole : branch.replaceAll('#', digits(value, locale))
    })
    .replace(NUMBER, (whole, name: string) =>
      Object.hasOwn(vars, name) ? digits(vars[name] as string | number, locale) : whole,
    )
    .replace(SIMPLE, (whole, name: string) =>
      Object.hasOwn(vars, name) ? String(vars[name]) : whole,
    )
}

export function createTranslate(locale: Locale): Translate {
  const dictionary = DICTIONARIES[locale]
  return (key, vars) =>
    Object.hasOwn(dictionary, key)
      ? format(dictionary[key], vars, locale)
      : format(en[key], vars, 'en')
}

interface I18nValue {
  locale: Locale
  t: Translate
}

const I18nContext = createContext<I18nValue>({ locale: 'en', t: createTranslate('en') })

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: createTranslate(locale) }), [locale])
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>
}

export function useI18n(): I18nValue {
  return useContext(I18nContext)
}
