/** Indexing progress while an archive opens: files read / indexed / total. */
import type { IndexProgress } from '../../../../shared/contract/api'
import { useI18n } from '../../i18n/i18n'

export function ProgressBar({ progress }: { progress: (IndexProgress & { done: boolean }) | null }) {
  const { t } = useI18n()
  if (!progress || progress.done) return null
  const { read, indexed, total } = progress
  return (
    <div className="index-progress" role="status" aria-live="polite">
      <progress max={total > 0 ? total : undefined} value={total > 0 ? indexed : undefined} aria-label={t('progress.label')} />
      <span>{total > 0 ? t('progress.text', { read, indexed, total }) : t('progress.listing', { read })}</span>
    </div>
  )
}
