/**
 * The root: providers (api, settings with theme and language), the welcome/library switch, and
 * the notice that the connection to the server is down.
 */
import type { AppApi } from '../api/client'
import { ApiContext } from '../api/ApiContext'
import { LibraryView } from '../features/library/LibraryView'
import { WelcomeView } from '../features/library/WelcomeView'
import { useI18n } from '../i18n/i18n'
import { ConnectionNotice } from './ConnectionNotice'
import { SettingsProvider } from './SettingsProvider'
import { useArchive } from './useArchive'

function Screen() {
  const archive = useArchive()
  const { t } = useI18n()
  if (!archive.loaded) {
    return (
      <main id="main" className="splash" aria-busy="true">
        <p>{t('common.loading')}</p>
      </main>
    )
  }
  if (!archive.info || archive.info.status === 'idle') return <WelcomeView archive={archive} />
  return <LibraryView key={archive.info.path} archive={archive} />
}

export function App({ api }: { api: AppApi }) {
  return (
    <ApiContext.Provider value={api}>
      <SettingsProvider>
        <Screen />
        <ConnectionNotice />
      </SettingsProvider>
    </ApiContext.Provider>
  )
}
