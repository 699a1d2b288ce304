/**
 * The virtualized article list (@tanstack/react-virtual): only the rows on screen exist in the
 * DOM, and only their pages are fetched, so 100k rows scroll like 100. A listbox with the cursor
 * as aria-activedescendant; selection is aria-selected.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef, type MouseEvent, type RefObject } from 'react'
import { useI18n } from '../../i18n/i18n'
import { ArticleRow, rowDomId, type RowMarks } from './ArticleRow'
import type { Row } from './rows'
import type { RowSource } from './useRows'

interface Props {
  source: RowSource
  searching: boolean
  cursor: number
  openId: string | null
  selected: ReadonlySet<string>
  marksOf: (row: Row | undefined) => RowMarks
  timeZone: string | null
  onRowClick: (index: number, event: MouseEvent) => void
  onOpenCursor: () => void
  listRef: RefObject<HTMLDivElement | null>
}

export function ArticleList({
  source,
  searching,
  cursor,
  openId,
  selected,
  marksOf,
  timeZone,
  onRowClick,
  onOpenCursor,
  listRef,
}: Props) {
  const { t } = useI18n()
  const count = source.total ?? 0
  const rowHeight = searching ? 96 : 68
  // TanStack Virtual returns fresh functions by design; this component is not memoized.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => listRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? 0

  useEffect(() => {
    if (count > 0) source.ensure(first, last)
  }, [source, first, last, count])

  useEffect(() => {
    virtualizer.measure()
  }, [rowHeight, virtualizer])

  const previousCursor = useRef(cursor)
  useEffect(() => {
    if (previousCursor.current !== cursor && cursor >= 0 && cursor < count) {
      virtualizer.scrollToIndex(cursor, { align: 'auto' })
    }
    previousCursor.current = cursor
  }, [cursor, count, virtualizer])

  return (
    <div
      ref={listRef}
      className="article-list"
      role="listbox"
      aria-multiselectable="true"
      aria-label={t('list.label')}
      aria-activedescendant={
        count > 0 && cursor >= 0 && cursor < count ? rowDomId(cursor) : undefined
      }
      tabIndex={0}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault()
          onOpenCursor()
        }
      }}
    >
      <div className="article-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = source.rowAt(item.index)
          return (
            <ArticleRow
              key={item.key}
              index={item.index}
              row={row}
              marks={marksOf(row)}
              style={{ transform: `translateY(${item.start}px)`, height: item.size }}
              isCursor={item.index === cursor}
              isSelected={row ? selected.has(row.id) : false}
              isOpen={row ? row.id === openId : false}
              timeZone={timeZone}
              onClick={onRowClick}
            />
          )
        })}
      </div>
    </div>
  )
}
