/**
 * A small typed i18n: `t('list.count', { count: 3 })`. Keys are the English dictionary's, so a
 * missing or misspelt key is a compile error; `{name}` placeholders are filled from `vars`.
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

export function format(template: string, vars?: Vars): string {
  if (!vars) return template
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  )
}

export function createTranslate(locale: Locale): Translate {
  const dictionary = DICTIONARIES[locale]
  return (key, vars) => format(dictionary[key] ?? en[key], vars)
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
