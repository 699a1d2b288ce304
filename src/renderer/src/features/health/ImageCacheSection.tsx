/**
 * The health panel's image cache section: progress, counts by status and by host, bytes used,
 * the failures, and the actions (cache all / stop, retry failed). Follows 'cache-progress' events;
 * the detailed report is re-read when a run ends, and at most every few seconds while it runs.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ImageCacheReport, ImageCacheStatus } from '../../../../shared/contract/api'
import { ApiError } from '../../../../shared/errors'
import { useApi } from '../../api/ApiContext'
import { useI18n } from '../../i18n/i18n'
import { imageReasonText } from '../reader/imageReason'

const FAILURES_SHOWN = 50
const HOSTS_SHOWN = 15
const REPORT_EVERY_MS = 3000

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1)

export function ImageCacheSection({ initial }: { initial: ImageCacheStatus }) {
  const { t } = useI18n()
  const { client } = useApi()
  const [images, setImages] = useState<ImageCacheStatus>(initial)
  const [report, setReport] = useState<ImageCacheReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const lastReport = useRef(0)

  const loadReport = useCallback(() => {
    lastReport.current = Date.now()
    client.getImageCacheReport({ failuresLimit: FAILURES_SHOWN }).then(
      (value) => {
        setReport(value)
        setImages(value.status)
      },
      (failure: unknown) =>
        setError(failure instanceof ApiError ? failure.message : String(failure)),
    )
  }, [client])

  useEffect(() => {
    loadReport()
    return client.onEvent((event) => {
      // Back from a dropped event stream: the progress sent meanwhile is lost.
      if (event.type === 'connection' && event.state === 'restored') loadReport()
      if (event.type !== 'cache-progress') return
      setImages(event)
      if (!event.running || Date.now() - lastReport.current > REPORT_EVERY_MS) loadReport()
    })
  }, [client, loadReport])

  const run = (call: () => Promise<ImageCacheStatus>) => {
    setError(null)
    call().then(setImages, (failure: unknown) =>
      setError(failure instanceof ApiError ? failure.message : String(failure)),
    )
  }

  const statuses = Object.entries(report?.byStatus ?? {}).sort((a, b) => b[1] - a[1])
  return (
    <section aria-labelledby="health-images">
      <h3 id="health-images">{t('health.images')}</h3>
      {error ? (
        <p role="alert" className="error-box">
          {error}
        </p>
      ) : null}
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
          {report
            ? t('health.imageCacheSize', { used: mb(report.cacheBytes), cap: mb(report.capBytes) })
            : t('health.imagesBytes', { size: mb(images.bytes) })}
        </li>
        {/* Eviction never takes these (engine's eviction.ts): the cap is exceeded for them. */}
        {report && report.cacheBytes > report.capBytes ? (
          <li>{t('health.imageCacheOverCap')}</li>
        ) : null}
        {report?.lastRun ? (
          <li>
            {t('health.imageLastRun', {
              ok: report.lastRun.ok,
              failed: report.lastRun.failed,
              seconds: report.lastRun.seconds,
            })}
          </li>
        ) : null}
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
      {statuses.length > 0 ? (
        <>
          <h4>{t('health.imagesByStatus')}</h4>
          <ul className="stat-list">
            {statuses.map(([status, count]) => (
              <li key={status}>
                <code>{status}</code> {count}
                {status !== 'ok' && status !== 'pending' && status !== 'not-cached'
                  ? ` — ${imageReasonText(t, status)}`
                  : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report && report.byHost.length > 0 ? (
        <>
          <h4>{t('health.imagesByHost')}</h4>
          <table className="issues-table">
            <thead>
              <tr>
                <th scope="col">{t('health.host')}</th>
                <th scope="col">{t('health.hostCached')}</th>
                <th scope="col">{t('health.hostFailed')}</th>
                <th scope="col">{t('health.hostSize')}</th>
              </tr>
            </thead>
            <tbody>
              {report.byHost.slice(0, HOSTS_SHOWN).map((host) => (
                <tr key={host.host}>
                  <td>{host.host}</td>
                  <td>
                    {host.cached} / {host.total}
                  </td>
                  <td>{host.failed}</td>
                  <td>{mb(host.bytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {report && report.failureTotal > 0 ? (
        <>
          <h4>{t('health.imageFailures', { count: report.failureTotal })}</h4>
          <table className="issues-table">
            <thead>
              <tr>
                <th scope="col">{t('health.imageUrl')}</th>
                <th scope="col">{t('health.reason')}</th>
                <th scope="col">{t('health.imageAttempts')}</th>
              </tr>
            </thead>
            <tbody>
              {report.failures.map((failure) => (
                <tr key={failure.key}>
                  <td className="image-failure-url">{failure.url}</td>
                  <td>
                    <code>{failure.reason}</code> {failure.detail}
                  </td>
                  <td>{failure.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.failureTotal > report.failures.length ? (
            <p>
              {t('health.imageFailuresMore', {
                count: report.failureTotal - report.failures.length,
              })}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  )
}
