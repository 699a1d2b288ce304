/**
 * Settings for the whole UI: loaded once from the engine, updated through it, and applied to the
 * page (theme, reader font size, language). Until they arrive (or if the engine cannot give them)
 * the defaults below apply, so the UI never waits on them.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react'
import {
  DEFAULT_SETTINGS,
  type Settings,
  type SettingsPatch,
  type Theme,
} from '../../../shared/types/settings'
import { useApi } from '../api/ApiContext'
import { I18nProvider, resolveLocale } from '../i18n/i18n'
import { createLogger } from './log'

const log = createLogger('settings')

/** Until the engine answers, the contract's defaults apply. */
export { DEFAULT_SETTINGS }

interface SettingsValue {
  settings: Settings
  update: (patch: SettingsPatch) => Promise<void>
  /** The theme actually shown ('system' resolved). */
  effectiveTheme: 'light' | 'dark'
}

const SettingsContext = createContext<SettingsValue | null>(null)

const darkQuery =
  typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null

function useSystemDark(): boolean {
  const [dark, setDark] = useState(darkQuery?.matches ?? false)
  useEffect(() => {
    const query = darkQuery
    if (!query) return
    const onChange = (event: MediaQueryListEvent) => setDark(event.matches)
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }, [])
  return dark
}

export function effectiveThemeOf(theme: Theme, systemDark: boolean): 'light' | 'dark' {
  if (theme === 'system') return systemDark ? 'dark' : 'light'
  return theme
}

export function SettingsProvider({ children }: { children: ReactNode }) {
  const { client } = useApi()
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS)
  const systemDark = useSystemDark()

  useEffect(() => {
    let live = true
    client.getSettings().then(
      (loaded) => live && setSettings(loaded),
      (error: unknown) => log.warn('could not load settings, using defaults', error),
    )
    return () => {
      live = false
    }
  }, [client])

  const update = useCallback(
    async (patch: SettingsPatch) => {
      setSettings((current) => ({ ...current, ...patch }))
      try {
        setSettings(await client.updateSettings(patch))
      } catch (error) {
        log.warn('could not save settings', error)
      }
    },
    [client],
  )

  const effectiveTheme = effectiveThemeOf(settings.theme, systemDark)
  const locale = resolveLocale(settings.language, navigator.languages ?? [navigator.language])

  useEffect(() => {
    const root = document.documentElement
    root.dataset.theme = effectiveTheme
    root.style.setProperty('--reader-font-size', `${settings.fontSize}px`)
    root.lang = locale === 'zh' ? 'zh-CN' : 'en'
  }, [effectiveTheme, settings.fontSize, locale])

  const value = useMemo(
    () => ({ settings, update, effectiveTheme }),
    [settings, update, effectiveTheme],
  )
  return (
    <SettingsContext.Provider value={value}>
      <I18nProvider locale={locale}>{children}</I18nProvider>
    </SettingsContext.Provider>
  )
}

export function useSettings(): SettingsValue {
  const value = useContext(SettingsContext)
  if (!value) throw new Error('renderer: useSettings() outside <SettingsProvider>')
  return value
}
