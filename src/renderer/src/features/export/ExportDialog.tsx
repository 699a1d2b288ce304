/**
 * Export the selection to PDF: asks for the destination (pre-filled when the native menu's save
 * dialog chose one), one book or one PDF per article, paper, images, cover and contents; shows
 * progress from export-progress events, the files written, or the engine's error message.
 */
import { useEffect, useState } from 'react'
import type { ExportResult, PaperSize } from '../../../../shared/contract/api'
import type { ExportProgressEvent } from '../../../../shared/contract/events'
import { ApiError } from '../../../../shared/errors'
import { useApi } from '../../api/ApiContext'
import { Dialog } from '../../components/Dialog'
import { useI18n } from '../../i18n/i18n'
import { apiErrorText } from '../../i18n/engineMessages'

interface Props {
  ids: string[]
  destination?: string
  onClose: () => void
}

function newJobId(): string {
  return `export-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

export function ExportDialog({ ids, destination: initialDestination, onClose }: Props) {
  const { t, locale } = useI18n()
  const { client } = useApi()
  const [destination, setDestination] = useState(initialDestination ?? '')
  const [title, setTitle] = useState('')
  const [perArticle, setPerArticle] = useState(false)
  const [paper, setPaper] = useState<PaperSize>('A4')
  const [includeImages, setIncludeImages] = useState(true)
  const [includeCover, setIncludeCover] = useState(true)
  const [includeToc, setIncludeToc] = useState(true)
  const [overwrite, setOverwrite] = useState(false)
  const [jobId, setJobId] = useState<string | null>(null)
  const [progress, setProgress] = useState<ExportProgressEvent | null>(null)
  const [result, setResult] = useState<ExportResult | null>(null)
  const [error, setError] = useState<ApiError | null>(null)

  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type === 'export-progress' && event.jobId === jobId) setProgress(event)
      }),
    [client, jobId],
  )

  const running = jobId !== null && !result && !error
  const start = () => {
    const id = newJobId()
    setJobId(id)
    setError(null)
    setResult(null)
    setProgress(null)
    client
      .exportPdf({
        ids,
        destination: destination.trim(),
        jobId: id,
        title: title.trim() || undefined,
        perArticle,
        paper,
        includeImages,
        includeCover: !perArticle && includeCover,
        includeToc: !perArticle && includeToc,
        overwrite,
      })
      .then(setResult, (failure: unknown) =>
        setError(failure instanceof ApiError ? failure : new ApiError('INTERNAL', String(failure))),
      )
  }

  return (
    <Dialog title={t('export.title', { count: ids.length })} onClose={onClose}>
      {ids.length === 0 ? (
        <p>{t('export.nothing')}</p>
      ) : (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault()
            if (!running && destination.trim()) start()
          }}
        >
          <label>
            {t(perArticle ? 'export.destinationFolder' : 'export.destination')}
            <input
              type="text"
              required
              value={destination}
              placeholder={t(
                perArticle ? 'export.destinationFolderHint' : 'export.destinationHint',
              )}
              onChange={(event) => setDestination(event.target.value)}
            />
          </label>
          <label>
            {t('export.pdfTitle')}
            <input type="text" value={title} onChange={(event) => setTitle(event.target.value)} />
          </label>
          <label>
            {t('export.paper')}
            <select
              value={paper}
              onChange={(event) => setPaper(event.target.value === 'Letter' ? 'Letter' : 'A4')}
            >
              <option value="A4">A4</option>
              <option value="Letter">Letter</option>
            </select>
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={perArticle}
              onChange={(event) => setPerArticle(event.target.checked)}
            />
            {t('export.perArticle')}
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={includeImages}
              onChange={(event) => setIncludeImages(event.target.checked)}
            />
            {t('export.images')}
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={!perArticle && includeCover}
              disabled={perArticle}
              onChange={(event) => setIncludeCover(event.target.checked)}
            />
            {t('export.cover')}
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={!perArticle && includeToc}
              disabled={perArticle}
              onChange={(event) => setIncludeToc(event.target.checked)}
            />
            {t('export.toc')}
          </label>
          <label className="inline">
            <input
              type="checkbox"
              checked={overwrite}
              onChange={(event) => setOverwrite(event.target.checked)}
            />
            {t('export.overwrite')}
          </label>
          {progress ? (
            <div>
              <progress
                max={Math.max(1, progress.total * 2)}
                value={progress.composed + progress.printed + 2 * progress.skipped}
                aria-label={t('export.progress')}
              />
              <p className="small">
                {t('export.progressText', {
                  composed: progress.composed,
                  printed: progress.printed,
                  pages: progress.pages,
                  total: progress.total,
                })}
              </p>
            </div>
          ) : null}
          {error ? (
            <p role="alert" className="error-box">
              {t('export.failed', { message: apiErrorText(error, locale) })}
            </p>
          ) : null}
          {result ? (
            <div role="status" className="ok-box">
              <p>{t('export.done')}</p>
              <ul>
                {result.files.map((file) => (
                  <li key={file}>
                    <code>{file}</code>
                  </li>
                ))}
              </ul>
              {result.skipped.length > 0 ? (
                <>
                  <p>{t('export.skipped', { count: result.skipped.length })}</p>
                  <ul>
                    {result.skipped.map((gone) => (
                      <li key={gone.id}>{gone.title}</li>
                    ))}
                  </ul>
                </>
              ) : null}
            </div>
          ) : null}
          <div className="button-row">
            {running ? (
              <button
                type="button"
                onClick={() => jobId && void client.cancelExport({ jobId }).catch(() => undefined)}
              >
                {t('export.cancel')}
              </button>
            ) : (
              <button type="submit" className="primary" disabled={!destination.trim()}>
                {t('export.start')}
              </button>
            )}
            <button type="button" onClick={onClose}>
              {t('common.close')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  )
}
