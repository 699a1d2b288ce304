/** Archive health: files with issues and why, inferred dates, and the image cache. */
import { useEffect, useState } from 'react'
import type { ArchiveHealth } from '../../../../shared/contract/api'
import { ApiError } from '../../../../shared/errors'
import { useApi } from '../../api/ApiContext'
import { Dialog } from '../../components/Dialog'
import { useI18n } from '../../i18n/i18n'
import { ImageCacheSection } from './ImageCacheSection'
import { IssueText } from '../../components/IssueText'

export function HealthPanel({
  onClose,
  onOpenArticle,
}: {
  onClose: () => void
  onOpenArticle: (id: string) => void
}) {
  const { t } = useI18n()
  const { client } = useApi()
  const [health, setHealth] = useState<ArchiveHealth | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    client.getHealth().then(
      (value) => {
        if (!live) return
        setHealth(value)
      },
      (failure: unknown) =>
        live && setError(failure instanceof ApiError ? failure.message : String(failure)),
    )
    return () => {
      live = false
    }
  }, [client])

  return (
    <Dialog title={t('health.title')} onClose={onClose} wide>
      {error ? (
        <p role="alert" className="error-box">
          {error}
        </p>
      ) : null}
      {!health ? (
        <p>{t('common.loading')}</p>
      ) : (
        <>
          <section aria-labelledby="health-dates">
            <h3 id="health-dates">{t('health.dates')}</h3>
            <ul className="stat-list">
              <li>{t('health.dateFrontMatter', { count: health.dateSources['front-matter'] })}</li>
              <li>{t('health.dateFilename', { count: health.dateSources.filename })}</li>
              <li>{t('health.dateMtime', { count: health.dateSources.mtime })}</li>
            </ul>
          </section>
          <ImageCacheSection initial={health.images} />
          <section aria-labelledby="health-issues">
            <h3 id="health-issues">{t('health.issues', { count: health.issueTotal })}</h3>
            {health.issues.length === 0 ? (
              <p>{t('health.noIssues')}</p>
            ) : (
              <table className="issues-table">
                <thead>
                  <tr>
                    <th scope="col">{t('health.file')}</th>
                    <th scope="col">{t('health.code')}</th>
                    <th scope="col">{t('health.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {health.issues.map((issue, index) => (
                    <tr key={`${issue.id}-${index}`}>
                      <td>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => onOpenArticle(issue.id)}
                        >
                          {issue.id}
                        </button>
                      </td>
                      <td>
                        <code>{issue.code}</code>
                      </td>
                      <td>
                        <IssueText issue={issue} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </Dialog>
  )
}
