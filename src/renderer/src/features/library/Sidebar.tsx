/**
 * The filters: read state, timeline, category tree, sources and authors, each with counts.
 * In a wide window they are a column; in a narrow one (styles/shell.css) the column gives its
 * width to the reader and folds into a strip above the list, a "Filters" button that opens them
 * as a drawer over the list (closed by the button again, Escape, or a click outside).
 */
import type { ArticleFilter, FacetCount, Facets, MarkFilter } from '../../../../shared/contract/api'
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useI18n } from '../../i18n/i18n'
import { CategoryTree } from './CategoryTree'
import { FacetList } from './FacetList'
import { Timeline } from './Timeline'

interface Props {
  facets: Facets | null
  /** Articles per month for the timeline (counted without the month range itself). */
  months: FacetCount[]
  filter: ArticleFilter
  onFilter: (patch: Partial<ArticleFilter>) => void
}

const MARKS: (MarkFilter | undefined)[] = [undefined, 'unread', 'read', 'favourite']

/** Memoized: the library re-renders for every page of rows; the filters change far less often. */
export const Sidebar = memo(SidebarView)

/** Filters in use, a month range counting once. */
function activeFilters(filter: ArticleFilter): number {
  const { monthFrom, monthTo, ...rest } = filter
  const others = Object.values(rest).filter((value) => value !== undefined).length
  return others + (monthFrom !== undefined || monthTo !== undefined ? 1 : 0)
}

function SidebarView({ facets, months, filter, onFilter }: Props) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  const slotRef = useRef<HTMLDivElement>(null)
  const toggleRef = useRef<HTMLButtonElement>(null)
  const active = activeFilters(filter)

  useEffect(() => {
    if (!open) return
    const onPointer = (event: PointerEvent) => {
      if (!slotRef.current?.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [open])

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return
    event.stopPropagation()
    setOpen(false)
    toggleRef.current?.focus()
  }

  const markLabel = {
    all: t('marks.all'),
    unread: t('marks.unread'),
    read: t('marks.read'),
    favourite: t('marks.favourite'),
  }
  return (
    <div
      ref={slotRef}
      className={open ? 'sidebar-slot sidebar-open' : 'sidebar-slot'}
      onKeyDown={onKeyDown}
    >
      <button
        ref={toggleRef}
        type="button"
        className="sidebar-toggle"
        aria-expanded={open}
        aria-controls="sidebar-filters"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true" className="sidebar-toggle-icon">
          {open ? '▴' : '▾'}
        </span>
        {t('sidebar.label')}
        {active > 0 ? (
          <span className="sidebar-toggle-count">{t('sidebar.active', { count: active })}</span>
        ) : null}
      </button>
      <nav id="sidebar-filters" className="sidebar" aria-label={t('sidebar.label')}>
        <section aria-labelledby="facet-marks">
          <h2 id="facet-marks">{t('sidebar.state')}</h2>
          <div className="segmented" role="radiogroup" aria-labelledby="facet-marks">
            {MARKS.map((mark) => (
              <button
                key={mark ?? 'all'}
                type="button"
                role="radio"
                aria-checked={filter.marks === mark}
                className={filter.marks === mark ? 'seg seg-active' : 'seg'}
                onClick={() => onFilter({ marks: mark })}
              >
                {markLabel[mark ?? 'all']}
                {mark && facets ? <span className="facet-count">{facets.marks[mark]}</span> : null}
              </button>
            ))}
          </div>
        </section>
        <section aria-labelledby="facet-timeline">
          <h2 id="facet-timeline">{t('sidebar.timeline')}</h2>
          <Timeline
            months={months}
            from={filter.monthFrom}
            to={filter.monthTo}
            onRange={(monthFrom, monthTo) => onFilter({ monthFrom, monthTo })}
          />
        </section>
        <section aria-labelledby="facet-categories">
          <h2 id="facet-categories">{t('sidebar.categories')}</h2>
          <CategoryTree
            nodes={facets?.categories ?? []}
            active={filter.categoryPath}
            onChoose={(categoryPath) => onFilter({ categoryPath })}
          />
        </section>
        <section aria-labelledby="facet-sources">
          <h2 id="facet-sources">{t('sidebar.sources')}</h2>
          <FacetList
            label={t('sidebar.sources')}
            values={facets?.sources ?? []}
            active={filter.source}
            onChoose={(source) => onFilter({ source })}
          />
        </section>
        <section aria-labelledby="facet-authors">
          <h2 id="facet-authors">{t('sidebar.authors')}</h2>
          <FacetList
            label={t('sidebar.authors')}
            values={facets?.authors ?? []}
            active={filter.author}
            onChoose={(author) => onFilter({ author })}
          />
        </section>
      </nav>
    </div>
  )
}
