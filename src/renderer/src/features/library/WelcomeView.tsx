/**
 * First run, or no archive open: open a folder (path, drop, or the native File › Open… menu),
 * reopen a recent archive, or open the demo archive (which is also the user guide).
 */
import { useEffect, useState } from 'react'
import type { RecentArchive } from '../../../../shared/types/settings'
import { useApi } from '../../api/ApiContext'
import { formatDate } from '../../components/formatDate'
import { useI18n } from '../../i18n/i18n'
import type { ArchiveState } from '../../app/useArchive'

export function WelcomeView({ archive }: { archive: ArchiveState }) {
  const { t, locale } = useI18n()
  const { client, mode, pathForFile } = useApi()
  const [recent, setRecent] = useState<RecentArchive[]>([])
  const [path, setPath] = useState('')
  const [dragging, setDragging] = useState(false)
  // Only the engine's host knows where the app's resources are (repository, or installed app).
  const [demoPath, setDemoPath] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    client.getRecentArchives().then(
      (list) => live && setRecent(list),
      () => live && setRecent([]),
    )
    client.getAppInfo().then(
      (info) => live && setDemoPath(info.demoArchivePath),
      () => live && setDemoPath(null),
    )
    return () => {
      live = false
    }
  }, [client])

  return (
    <main
      id="main"
      className={dragging ? 'welcome welcome-dragging' : 'welcome'}
      onDragOver={(event) => {
        if (!pathForFile) return
        event.preventDefault()
        setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        setDragging(false)
        const file = event.dataTransfer.files[0]
        if (!pathForFile || !file) return
        event.preventDefault()
        const dropped = pathForFile(file)
        if (dropped) void archive.open(dropped)
      }}
    >
      <div className="welcome-card">
        <h1>{t('app.name')}</h1>
        <p className="lead">{t('welcome.lead')}</p>

        <section aria-labelledby="welcome-open">
          <h2 id="welcome-open">{t('welcome.openFolder')}</h2>
          <form
            className="open-form"
            onSubmit={(event) => {
              event.preventDefault()
              if (path.trim()) void archive.open(path.trim())
            }}
          >
            <label className="visually-hidden" htmlFor="archive-path">
              {t('welcome.pathLabel')}
            </label>
            <input
              id="archive-path"
              type="text"
              value={path}
              placeholder={t('welcome.pathPlaceholder')}
              onChange={(event) => setPath(event.target.value)}
            />
            <button type="submit" className="primary" disabled={!path.trim() || archive.opening}>
              {t('welcome.open')}
            </button>
          </form>
          <p className="muted small">
            {mode === 'ipc' ? t('welcome.menuHint') : t('welcome.serveHint')}
          </p>
        </section>

        <section aria-labelledby="welcome-demo">
          <h2 id="welcome-demo">{t('welcome.demoTitle')}</h2>
          <p>{t('welcome.demoText')}</p>
          <button
            type="button"
            onClick={() => demoPath && void archive.open(demoPath)}
            disabled={archive.opening || demoPath === null}
          >
            {t('welcome.openDemo')}
          </button>
        </section>

        {archive.opening ? <p role="status">{t('welcome.opening')}</p> : null}
        {archive.openError ? (
          <p role="alert" className="error-box">
            {t('welcome.openFailed', { message: archive.openError.message })}
          </p>
        ) : null}

        <section aria-labelledby="welcome-recent">
          <h2 id="welcome-recent">{t('welcome.recent')}</h2>
          {recent.length === 0 ? (
            <p className="muted">{t('welcome.noRecent')}</p>
          ) : (
            <ul className="recent-list">
              {recent.map((entry) => (
                <li key={entry.path}>
                  <button
                    type="button"
                    className="recent-item"
                    onClick={() => void archive.open(entry.path)}
                    disabled={archive.opening}
                  >
                    <span className="recent-name">{entry.name}</span>
                    <span className="recent-path">{entry.path}</span>
                    <span className="muted small">
                      {formatDate(entry.openedAt, locale === 'zh' ? 'zh-CN' : 'en-GB', null)}
                      {entry.articleCount !== undefined
                        ? ` · ${t('welcome.articles', { count: entry.articleCount })}`
                        : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </main>
  )
}
