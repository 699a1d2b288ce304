/** The filters: read state, timeline, category tree, sources and authors, each with counts. */
import type { ArticleFilter, FacetCount, Facets, MarkFilter } from '../../../../shared/contract/api'
import { memo } from 'react'
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

function SidebarView({ facets, months, filter, onFilter }: Props) {
  const { t } = useI18n()
  const markLabel = {
    all: t('marks.all'),
    unread: t('marks.unread'),
    read: t('marks.read'),
    favourite: t('marks.favourite'),
  }
  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
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
  )
}
