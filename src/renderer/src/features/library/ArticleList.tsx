/**
 * The virtualized article list (@tanstack/react-virtual): only the rows on screen exist in the
 * DOM, and only their pages are fetched, so 100k rows scroll like 100. A listbox with the cursor
 * as aria-activedescendant; selection is aria-selected. Its keys are listKeys.ts's.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  type MouseEvent,
  type RefObject,
} from 'react'
import { useI18n } from '../../i18n/i18n'
import { ArticleRow, rowDomId, type RowMarks } from './ArticleRow'
import { listKeyTarget } from './listKeys'
import type { Row } from './rows'
import { useAfterPaint } from './useAfterPaint'
import type { RowSource } from './useRows'

/** How long the list must rest after a jump before its rows are fetched. */
const JUMP_REST_MS = 80
/**
 * Rows rendered beyond each edge of the viewport, so a scroll finds them ready. The frame that
 * first shows a query's rows renders the visible ones only: styling, shaping and laying out a
 * row of CJK text costs that frame about 0.3 ms, several times the row's React render. The
 * margin follows in the next frame.
 */
const OVERSCAN = 8
const FIRST_FRAME_OVERSCAN = 1

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
  /** An arrow, Home, End or a page key moved the cursor to this row (as j/k do). */
  onMoveCursor: (index: number) => void
  /** ArrowUp on the first row: back to the search box. */
  onLeaveUp: () => void
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
  onMoveCursor,
  onLeaveUp,
  listRef,
}: Props) {
  const { t } = useI18n()
  // One stable click handler for every (memoized) row, calling the latest onRowClick.
  const latestClick = useRef(onRowClick)
  useLayoutEffect(() => {
    latestClick.current = onRowClick
  })
  const onClick = useCallback(
    (index: number, event: MouseEvent) => latestClick.current(index, event),
    [],
  )
  const count = source.total ?? 0
  const rowHeight = searching ? 96 : 68
  const paintedKey = useAfterPaint(source.answeredKey)
  const overscan =
    source.answeredKey !== null && paintedKey !== source.answeredKey
      ? FIRST_FRAME_OVERSCAN
      : OVERSCAN
  // TanStack Virtual returns fresh functions by design; this component is not memoized.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => listRef.current,
    estimateSize: () => rowHeight,
    overscan,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? 0

  // Fetch the rows on screen. A jump of more than a screen (scrollbar drag, a fast fling) passes
  // over pages nobody will read: wait until the list rests there, instead of fetching and
  // parsing a page for every frame of the jump.
  const shownFirst = useRef(first)
  useEffect(() => {
    if (count === 0) return
    const jumped = Math.abs(first - shownFirst.current) > last - first + 1
    shownFirst.current = first
    if (!jumped) {
      source.ensure(first, last)
      return
    }
    const timer = setTimeout(() => source.ensure(first, last), JUMP_REST_MS)
    return () => clearTimeout(timer)
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
          return
        }
        const pageRows = Math.floor(event.currentTarget.clientHeight / rowHeight)
        const target = listKeyTarget(event, cursor, count, pageRows)
        if (target === null) return
        // The list scrolls to the cursor itself; the browser's own scroll would move it twice.
        event.preventDefault()
        if (target === 'search') onLeaveUp()
        else onMoveCursor(target)
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
              onClick={onClick}
            />
          )
        })}
      </div>
    </div>
  )
}
