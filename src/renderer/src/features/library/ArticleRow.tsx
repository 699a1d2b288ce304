/** One row of the virtual list: thumbnail, title, source, date (marked when inferred), marks, snippet. */
import { memo, type CSSProperties, type MouseEvent } from 'react'
import { Highlight } from '../../components/Highlight'
import { formatDate } from '../../components/formatDate'
import { useI18n } from '../../i18n/i18n'
import type { Row } from './rows'
import { Thumbnail } from './Thumbnail'

export interface RowMarks {
  read: boolean | null
  favourite: boolean | null
}

interface Props {
  index: number
  row: Row | undefined
  marks: RowMarks
  style: CSSProperties
  isCursor: boolean
  isSelected: boolean
  isOpen: boolean
  timeZone: string | null
  onClick: (index: number, event: MouseEvent) => void
}

export function rowDomId(index: number): string {
  return `article-row-${index}`
}

/**
 * Rows re-render only when what they show changed: scrolling re-renders the list on every frame,
 * and a page of rows arriving re-renders the library; unchanged rows skip both. `onClick` is
 * not compared: the list hands every row one stable function that calls the latest handler.
 */
export const ArticleRow = memo(ArticleRowView, (a, b) => {
  return (
    a.index === b.index &&
    a.row === b.row &&
    a.marks.read === b.marks.read &&
    a.marks.favourite === b.marks.favourite &&
    a.style.transform === b.style.transform &&
    a.style.height === b.style.height &&
    a.isCursor === b.isCursor &&
    a.isSelected === b.isSelected &&
    a.isOpen === b.isOpen &&
    a.timeZone === b.timeZone
  )
})

function ArticleRowView({
  index,
  row,
  marks,
  style,
  isCursor,
  isSelected,
  isOpen,
  timeZone,
  onClick,
}: Props) {
  const { t, locale } = useI18n()
  if (!row) {
    return (
      <div
        id={rowDomId(index)}
        role="option"
        aria-selected={false}
        aria-busy="true"
        className="row row-loading"
        style={style}
      >
        <span className="row-skeleton" aria-hidden="true" />
        <span className="visually-hidden">{t('list.loadingRow')}</span>
      </div>
    )
  }
  const inferred = row.dateSource !== 'front-matter'
  const date = formatDate(row.date, locale === 'zh' ? 'zh-CN' : 'en-GB', timeZone)
  const classes = ['row']
  if (isCursor) classes.push('row-cursor')
  if (isSelected) classes.push('row-selected')
  if (isOpen) classes.push('row-open')
  if (marks.read === false) classes.push('row-unread')
  return (
    <div
      id={rowDomId(index)}
      role="option"
      aria-selected={isSelected}
      aria-current={isOpen ? 'true' : undefined}
      className={classes.join(' ')}
      style={style}
      onClick={(event) => onClick(index, event)}
    >
      {row.snippet ? null : <Thumbnail imageKey={row.thumbnailKey} />}
      <div className="row-body">
        <div className="row-title">
          {marks.read === false ? (
            <span className="unread-dot" title={t('row.unread')} aria-label={t('row.unread')} />
          ) : null}
          <span className="row-title-text">
            {row.titleMarks && row.titleMarks.marks.length > 0 ? (
              <Highlight snippet={row.titleMarks} />
            ) : (
              row.title || t('row.untitled')
            )}
          </span>
          {marks.favourite ? (
            <span className="fav-star" title={t('row.favourite')} aria-label={t('row.favourite')}>
              ★
            </span>
          ) : null}
        </div>
        <div className="row-meta">
          {row.source ? <span className="row-source">{row.source}</span> : null}
          {date ? (
            <span
              className={inferred ? 'row-date row-date-inferred' : 'row-date'}
              title={
                inferred
                  ? t(row.dateSource === 'filename' ? 'date.fromFilename' : 'date.fromMtime')
                  : undefined
              }
            >
              {date}
              {inferred ? <span className="inferred-mark">{t('date.inferredShort')}</span> : null}
            </span>
          ) : null}
        </div>
        {row.snippet ? (
          <div className="row-snippet">
            <Highlight snippet={row.snippet} />
          </div>
        ) : null}
      </div>
    </div>
  )
}
