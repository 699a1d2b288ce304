/** Settings: theme, language, reader font size, reading and image behaviour, time zone. */
import { useState } from 'react'
import type { Language, Theme } from '../../../../shared/types/settings'
import { useSettings } from '../../app/SettingsProvider'
import { Dialog } from '../../components/Dialog'
import { useI18n } from '../../i18n/i18n'

const THEMES: Theme[] = ['system', 'light', 'dark']
const LANGUAGES: Language[] = ['system', 'zh-Hans', 'en']

export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n()
  const { settings, update } = useSettings()
  const [zone, setZone] = useState(settings.timeZone ?? '')
  const themeLabel: Record<Theme, string> = {
    system: t('settings.themeSystem'),
    light: t('settings.themeLight'),
    dark: t('settings.themeDark'),
  }
  const languageLabel: Record<Language, string> = {
    system: t('settings.languageSystem'),
    'zh-Hans': '简体中文',
    'zh-Hant': '繁體中文',
    en: 'English',
  }
  return (
    <Dialog title={t('settings.title')} onClose={onClose}>
      <form className="form" onSubmit={(event) => event.preventDefault()}>
        <fieldset>
          <legend>{t('settings.theme')}</legend>
          {THEMES.map((theme) => (
            <label key={theme} className="inline">
              <input
                type="radio"
                name="theme"
                checked={settings.theme === theme}
                onChange={() => void update({ theme })}
              />
              {themeLabel[theme]}
            </label>
          ))}
        </fieldset>
        <label>
          {t('settings.language')}
          <select
            value={settings.language === 'zh-Hant' ? 'zh-Hans' : settings.language}
            onChange={(event) => void update({ language: event.target.value as Language })}
          >
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {languageLabel[language]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('settings.fontSize', { size: settings.fontSize })}
          <input
            type="range"
            min={12}
            max={32}
            step={1}
            value={settings.fontSize}
            onChange={(event) => void update({ fontSize: Number(event.target.value) })}
          />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={settings.markReadOnOpen}
            onChange={(event) => void update({ markReadOnOpen: event.target.checked })}
          />
          {t('settings.markReadOnOpen')}
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={settings.imageAutoDownload}
            onChange={(event) => void update({ imageAutoDownload: event.target.checked })}
          />
          {t('settings.imageAutoDownload')}
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={settings.offlineOnly}
            onChange={(event) => void update({ offlineOnly: event.target.checked })}
          />
          {t('settings.offlineOnly')}
        </label>
        <label>
          {t('settings.timeZone')}
          <input
            type="text"
            value={zone}
            placeholder="Asia/Shanghai"
            onChange={(event) => setZone(event.target.value)}
            onBlur={() => void update({ timeZone: zone.trim() === '' ? null : zone.trim() })}
          />
          <span className="muted small">{t('settings.timeZoneHint')}</span>
        </label>
      </form>
    </Dialog>
  )
}
