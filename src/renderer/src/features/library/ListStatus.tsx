/** Above the list: how many, which filters are on (removable), the selection, and search errors. */
import type { ArticleFilter } from '../../../../shared/contract/api'
import type { ApiError } from '../../../../shared/errors'
import { useI18n } from '../../i18n/i18n'
import { listErrorText } from './listErrorText'

interface Props {
  total: number | null
  /** The query the list shows the results of; '' for the plain list. */
  query: string
  error: ApiError | null
  filter: ArticleFilter
  onFilter: (patch: Partial<ArticleFilter>) => void
  selectedCount: number
  onSelectAll: () => void
  onClearSelection: () => void
}

export function ListStatus({
  total,
  query,
  error,
  filter,
  onFilter,
  selectedCount,
  onSelectAll,
  onClearSelection,
}: Props) {
  const { t, locale } = useI18n()
  const searching = query !== ''
  const chips: { label: string; clear: Partial<ArticleFilter> }[] = []
  if (filter.categoryPath)
    chips.push({ label: filter.categoryPath.join(' › '), clear: { categoryPath: undefined } })
  if (filter.source)
    chips.push({ label: t('chip.source', { value: filter.source }), clear: { source: undefined } })
  if (filter.author)
    chips.push({ label: t('chip.author', { value: filter.author }), clear: { author: undefined } })
  if (filter.monthFrom || filter.monthTo) {
    const range =
      filter.monthFrom === filter.monthTo
        ? filter.monthFrom
        : `${filter.monthFrom ?? '…'} – ${filter.monthTo ?? '…'}`
    chips.push({ label: range ?? '', clear: { monthFrom: undefined, monthTo: undefined } })
  }
  if (filter.marks) chips.push({ label: t(`marks.${filter.marks}`), clear: { marks: undefined } })

  return (
    <div className="list-status">
      <div className="list-status-line">
        <span role="status" aria-live="polite">
          {total !== null
            ? t(searching ? 'list.results' : 'list.count', { count: total })
            : error
              ? ''
              : t('common.loading')}
        </span>
        {chips.map((chip) => (
          <button
            key={chip.label}
            type="button"
            className="chip chip-removable"
            aria-label={t('chip.remove', { label: chip.label })}
            onClick={() => onFilter(chip.clear)}
          >
            {chip.label} ×
          </button>
        ))}
        <span className="spacer" />
        {selectedCount > 0 ? <span>{t('list.selected', { count: selectedCount })}</span> : null}
        <button type="button" className="link-button" onClick={onSelectAll} disabled={!total}>
          {searching ? t('list.selectAllResults') : t('list.selectAll')}
        </button>
        {selectedCount > 0 ? (
          <button type="button" className="link-button" onClick={onClearSelection}>
            {t('list.clearSelection')}
          </button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="error-box">
          {listErrorText(error, query, t, locale)}
        </p>
      ) : null}
      {!error && total === 0 ? (
        <p className="empty">{searching ? t('search.noResults') : t('list.empty')}</p>
      ) : null}
    </div>
  )
}
