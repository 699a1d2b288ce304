/** A facet (sources, authors) as a list of toggles with counts; long lists fold after ten. */
import { useState } from 'react'
import type { FacetCount } from '../../../../shared/contract/api'
import { useI18n } from '../../i18n/i18n'

const FOLDED = 10

interface Props {
  label: string
  values: FacetCount[]
  active: string | undefined
  onChoose: (value: string | undefined) => void
}

export function FacetList({ label, values, active, onChoose }: Props) {
  const { t } = useI18n()
  const [open, setOpen] = useState(false)
  if (values.length === 0) return <p className="muted">{t('sidebar.none')}</p>
  const shown = open ? values : values.slice(0, FOLDED)
  return (
    <>
      <ul className="facet-list" aria-label={label}>
        {shown.map((facet) => {
          const selected = facet.value === active
          return (
            <li key={facet.value}>
              <button
                type="button"
                className={selected ? 'facet-button facet-active' : 'facet-button'}
                aria-pressed={selected}
                onClick={() => onChoose(selected ? undefined : facet.value)}
              >
                <span className="facet-name" title={facet.value}>
                  {facet.value}
                </span>
                <span className="facet-count">{facet.count}</span>
              </button>
            </li>
          )
        })}
      </ul>
      {values.length > FOLDED ? (
        <button type="button" className="link-button" onClick={() => setOpen(!open)}>
          {open ? t('sidebar.showLess') : t('sidebar.showAll', { count: values.length })}
        </button>
      ) : null}
    </>
  )
}
