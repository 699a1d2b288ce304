/**
 * Export the selection to PDF: asks for the destination (pre-filled when the native menu's save
 * dialog chose one), one book or one PDF per article, paper, images, cover and contents.
 *
 * The job belongs to the library view (useExportJob), not to this dialog: closing the dialog
 * leaves a running export running, and reopening it shows its progress, then its outcome (the
 * files written, what was left out, why it failed, or that it was cancelled, which is no
 * failure). The articles are the live selection: one deleted while the dialog is open leaves
 * it, with a note, instead of failing the export.
 */
import { useEffect, useState } from 'react'
import type { PaperSize } from '../../../../shared/contract/api'
import { Dialog } from '../../components/Dialog'
import { useI18n } from '../../i18n/i18n'
import { apiErrorText } from '../../i18n/engineMessages'
import { isRunning, isUnseen, type ExportJob, type ExportJobControl } from './useExportJob'

interface Props {
  /** The selection now (or the article being read), following deletions and renames. */
  ids: string[]
  destination?: string
  exportJob: ExportJobControl
  onClose: () => void
}

export function ExportDialog({ ids, destination: initialDestination, exportJob, onClose }: Props) {
  const { t } = useI18n()
  const { job, start, cancel, markSeen } = exportJob
  const [destination, setDestination] = useState(initialDestination ?? '')
  const [title, setTitle] = useState('')
  const [perArticle, setPerArticle] = useState(false)
  const [paper, setPaper] = useState<PaperSize>('A4')
  const [includeImages, setIncludeImages] = useState(true)
  const [includeCover, setIncludeCover] = useState(true)
  const [includeToc, setIncludeToc] = useState(true)
  const [overwrite, setOverwrite] = useState(false)
  // How many the selection had when the dialog opened: fewer now means some were deleted.
  const [openedWith] = useState(ids.length)
  const running = isRunning(job)
  const dropped = running ? 0 : Math.max(0, openedWith - ids.length)

  // Shown here: the top bar no longer needs to announce the outcome.
  useEffect(() => {
    if (isUnseen(job)) markSeen()
  }, [job, markSeen])

  const submit = () =>
    start({
      ids,
      destination: destination.trim(),
      title: title.trim() || undefined,
      perArticle,
      paper,
      includeImages,
      includeCover: !perArticle && includeCover,
      includeToc: !perArticle && includeToc,
      overwrite,
    })

  return (
    <Dialog
      title={
        running && job
          ? t('export.runningTitle', { count: job.total })
          : t('export.title', { count: ids.length })
      }
      onClose={onClose}
    >
      {job ? <JobState job={job} /> : null}
      {running ? (
        <div className="button-row">
          <button type="button" onClick={cancel}>
            {t('export.cancel')}
          </button>
          <button type="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      ) : ids.length === 0 ? (
        <>
          {dropped > 0 ? <p role="status">{t('export.selectionGone')}</p> : null}
          <p>{t('export.nothing')}</p>
        </>
      ) : (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault()
            if (destination.trim()) submit()
          }}
        >
          {dropped > 0 ? (
            <p role="status" className="note-box">
              {t('export.selectionShrank', { count: dropped })}
            </p>
          ) : null}
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
          <div className="button-row">
            <button type="submit" className="primary" disabled={!destination.trim()}>
              {t('export.start')}
            </button>
            <button type="button" onClick={onClose}>
              {t('common.close')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  )
}

/** The job's progress, or how it ended. */
function JobState({ job }: { job: ExportJob }) {
  const { t, locale } = useI18n()
  const { progress, result, error } = job
  if (result)
    return (
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
    )
  if (job.cancelled)
    return (
      <p role="status" className="note-box">
        {t('export.cancelled')}
      </p>
    )
  if (error)
    return (
      <p role="alert" className="error-box">
        {t('export.failed', { message: apiErrorText(error, locale) })}
      </p>
    )
  const total = progress?.total ?? job.total
  return (
    <div>
      <progress
        max={Math.max(1, total * 2)}
        value={progress ? progress.composed + progress.printed + 2 * progress.skipped : 0}
        aria-label={t('export.progress')}
      />
      <p className="small">
        {t('export.progressText', {
          composed: progress?.composed ?? 0,
          printed: progress?.printed ?? 0,
          pages: progress?.pages ?? 0,
          total,
        })}
      </p>
    </div>
  )
}
