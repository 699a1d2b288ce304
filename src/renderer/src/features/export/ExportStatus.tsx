/**
 * The export in the top bar while the dialog is closed: its progress while it runs, then how it
 * ended until the dialog has shown it. Clicking it reopens the dialog. Without it, an export
 * left running looked like nothing at all, and its file appeared later unannounced.
 */
import { useI18n } from '../../i18n/i18n'
import { isRunning, isUnseen, type ExportJob } from './useExportJob'

export function ExportStatus({ job, onOpen }: { job: ExportJob | null; onOpen: () => void }) {
  const { t } = useI18n()
  if (!job || (!isRunning(job) && !isUnseen(job))) return null
  const text = isRunning(job)
    ? t('export.statusRunning', {
        done: (job.progress?.printed ?? 0) + (job.progress?.skipped ?? 0),
        total: job.progress?.total ?? job.total,
      })
    : job.result
      ? t('export.statusDone')
      : job.cancelled
        ? t('export.statusCancelled')
        : t('export.statusFailed')
  return (
    <span role="status" className="export-status">
      <button
        type="button"
        className={job.error ? 'export-status-failed' : undefined}
        onClick={onOpen}
      >
        {text}
      </button>
    </span>
  )
}
