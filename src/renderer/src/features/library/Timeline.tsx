/**
 * Articles per month as a bar chart. Click a bar to filter by that month; drag across bars to
 * pick a range. Bars are buttons, so the keyboard can pick a month too.
 */
import { useEffect, useRef, useState } from 'react'
import type { FacetCount } from '../../../../shared/contract/api'
import { useI18n } from '../../i18n/i18n'

interface Props {
  months: FacetCount[]
  from: string | undefined
  to: string | undefined
  onRange: (from: string | undefined, to: string | undefined) => void
}

export function Timeline({ months, from, to, onRange }: Props) {
  const { t } = useI18n()
  const sorted = [...months].sort((a, b) => a.value.localeCompare(b.value))
  const max = Math.max(1, ...sorted.map((m) => m.count))
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null)
  const dragRef = useRef(drag)
  const sortedRef = useRef(sorted)
  useEffect(() => {
    dragRef.current = drag
    sortedRef.current = sorted
  })

  useEffect(() => {
    const finish = () => {
      const current = dragRef.current
      if (!current) return
      setDrag(null)
      const lo = Math.min(current.start, current.end)
      const hi = Math.max(current.start, current.end)
      const a = sortedRef.current[lo]?.value
      const b = sortedRef.current[hi]?.value
      if (!a || !b) return
      if (lo === hi && from === a && to === a) onRange(undefined, undefined)
      else onRange(a, b)
    }
    window.addEventListener('pointerup', finish)
    return () => window.removeEventListener('pointerup', finish)
  }, [from, to, onRange])

  if (sorted.length === 0) return <p className="muted">{t('sidebar.none')}</p>

  const inRange = (value: string, index: number): boolean => {
    if (drag) {
      return index >= Math.min(drag.start, drag.end) && index <= Math.max(drag.start, drag.end)
    }
    return !!from && !!to && value >= from && value <= to
  }

  return (
    <div className="timeline">
      <div
        className="timeline-bars"
        role="group"
        aria-label={t('timeline.label')}
        onPointerLeave={() => undefined}
      >
        {sorted.map((month, index) => (
          <button
            key={month.value}
            type="button"
            className={inRange(month.value, index) ? 'bar bar-active' : 'bar'}
            aria-label={t('timeline.bar', { month: month.value, count: month.count })}
            aria-pressed={inRange(month.value, index)}
            title={t('timeline.bar', { month: month.value, count: month.count })}
            onPointerDown={(event) => {
              event.preventDefault()
              setDrag({ start: index, end: index })
            }}
            onPointerEnter={() => {
              if (dragRef.current) setDrag({ start: dragRef.current.start, end: index })
            }}
            onClick={(event) => {
              // Pointer clicks are handled on pointerup; this is the keyboard's Enter/Space.
              if (event.detail !== 0) return
              if (from === month.value && to === month.value) onRange(undefined, undefined)
              else onRange(month.value, month.value)
            }}
          >
            <span
              className="bar-fill"
              style={{ height: `${Math.max(4, (month.count / max) * 100)}%` }}
            />
          </button>
        ))}
      </div>
      <div className="timeline-axis" aria-hidden="true">
        <span>{sorted[0]?.value}</span>
        <span>{sorted[sorted.length - 1]?.value}</span>
      </div>
      {from && to ? (
        <p className="timeline-range">
          {from === to ? from : `${from} – ${to}`}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => onRange(undefined, undefined)}
          >
            {t('common.clear')}
          </button>
        </p>
      ) : (
        <p className="muted small">{t('timeline.hint')}</p>
      )}
    </div>
  )
}
