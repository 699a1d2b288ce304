/** Archive health: files with issues and why, inferred dates, and the image cache. */
import { useCallback, useEffect, useState } from 'react'
import type { ArchiveHealth, ImageCacheStatus } from '../../../../shared/contract/api'
import { ApiError } from '../../../../shared/errors'
import { useApi } from '../../api/ApiContext'
import { Dialog } from '../../components/Dialog'
import { useI18n } from '../../i18n/i18n'

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
  const [images, setImages] = useState<ImageCacheStatus | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    client.getHealth().then(
      (value) => {
        if (!live) return
        setHealth(value)
        setImages(value.images)
      },
      (failure: unknown) =>
        live && setError(failure instanceof ApiError ? failure.message : String(failure)),
    )
    const off = client.onEvent((event) => {
      if (event.type === 'cache-progress') setImages(event)
    })
    return () => {
      live = false
      off()
    }
  }, [client])

  const run = useCallback((call: () => Promise<ImageCacheStatus>) => {
    setError(null)
    call().then(setImages, (failure: unknown) =>
      setError(failure instanceof ApiError ? failure.message : String(failure)),
    )
  }, [])

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
          {images ? (
            <section aria-labelledby="health-images">
              <h3 id="health-images">{t('health.images')}</h3>
              <progress
                max={Math.max(1, images.total)}
                value={images.cached}
                aria-label={t('health.images')}
              />
              <ul className="stat-list">
                <li>{t('health.imagesCached', { cached: images.cached, total: images.total })}</li>
                <li>{t('health.imagesPending', { count: images.pending })}</li>
                <li>{t('health.imagesFailed', { count: images.failed })}</li>
                <li>{t('health.imagesBlocked', { count: images.blocked })}</li>
                <li>
                  {t('health.imagesBytes', { size: (images.bytes / 1024 / 1024).toFixed(1) })}
                </li>
              </ul>
              <div className="button-row">
                {images.running ? (
                  <button type="button" onClick={() => run(() => client.cancelImageCaching())}>
                    {t('health.cancelCaching')}
                  </button>
                ) : (
                  <button type="button" onClick={() => run(() => client.cacheAllImages())}>
                    {t('health.cacheAll')}
                  </button>
                )}
                <button
                  type="button"
                  disabled={images.failed === 0 || images.running}
                  onClick={() => run(() => client.retryFailedImages())}
                >
                  {t('health.retryFailed')}
                </button>
              </div>
            </section>
          ) : null}
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
                        {issue.message}
                        {issue.line ? ` (${t('health.line', { line: issue.line })})` : ''}
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
