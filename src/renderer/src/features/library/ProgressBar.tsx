/**
 * Under the top bar: indexing progress while an archive opens (files read / indexed / total),
 * or a warning when the archive folder has gone missing.
 */
import type { ArchiveStatus, IndexProgress } from '../../../../shared/contract/api'
import { useI18n } from '../../i18n/i18n'

interface Props {
  progress: (IndexProgress & { done: boolean }) | null
  status: ArchiveStatus | undefined
}

export function ProgressBar({ progress, status }: Props) {
  const { t } = useI18n()
  if (status === 'missing') {
    return (
      <p className="index-progress error-box" role="alert">
        {t('archive.missing')}
      </p>
    )
  }
  if (!progress || progress.done) return null
  const { read, indexed, total } = progress
  return (
    <div className="index-progress" role="status" aria-live="polite">
      <progress
        max={total > 0 ? total : undefined}
        value={total > 0 ? indexed : undefined}
        aria-label={t('progress.label')}
      />
      <span>
        {total > 0 ? t('progress.text', { read, indexed, total }) : t('progress.listing', { read })}
      </span>
    </div>
  )
}
