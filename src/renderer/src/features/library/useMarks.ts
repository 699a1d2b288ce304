/**
 * Read/favourite marks as the UI shows them: what the rows said, overridden by what this session
 * learnt (reader loads) or changed (setMark), so a toggle shows at once without refetching pages.
 */
import { useCallback, useRef, useState } from 'react'
import type { ArticleMark } from '../../../../shared/types/settings'
import { useApi } from '../../api/ApiContext'
import { createLogger } from '../../app/log'
import type { RowMarks } from './ArticleRow'
import { fieldsOf, toggled, undone, type MarkPatch } from './markToggles'
import type { Row } from './rows'

const log = createLogger('marks')
const UNKNOWN: RowMarks = { read: null, favourite: null }

export function useMarks() {
  const { client } = useApi()
  const [overrides, setOverridesState] = useState<ReadonlyMap<string, RowMarks>>(new Map())
  // The overrides as last set, for a toggle to read what it replaces (state may lag a render).
  const latestOverrides = useRef<ReadonlyMap<string, RowMarks>>(overrides)
  const setOverrides = useCallback(
    (change: (current: ReadonlyMap<string, RowMarks>) => ReadonlyMap<string, RowMarks>) => {
      latestOverrides.current = change(latestOverrides.current)
      setOverridesState(latestOverrides.current)
    },
    [],
  )
  // Per id and field, the newest toggle of it (a counter), so a failed toggle leaves alone a
  // field that a later one changed.
  const toggles = useRef(0)
  const newestToggle = useRef(new Map<string, number>())
  /** Changes whenever a mark may have changed, so counts (facets) can refetch. */
  const [marksVersion, setMarksVersion] = useState(0)

  const remember = useCallback(
    (mark: ArticleMark) => {
      setOverrides((current) =>
        new Map(current).set(mark.id, { read: mark.read, favourite: mark.favourite }),
      )
      // The engine may itself have marked the article read when it was opened.
      setMarksVersion((v) => v + 1)
    },
    [setOverrides],
  )

  const marksOf = useCallback(
    (row: Row | undefined): RowMarks => {
      if (!row) return { read: null, favourite: null }
      return overrides.get(row.id) ?? { read: row.read, favourite: row.favourite }
    },
    [overrides],
  )

  const marksOfId = useCallback(
    (id: string): RowMarks => overrides.get(id) ?? { read: null, favourite: null },
    [overrides],
  )

  /**
   * Sets marks, shown at once. `shown` is what the UI showed for the article (the row's marks when
   * this session has none of its own), so the override is whole.
   */
  const setMark = useCallback(
    async (id: string, patch: MarkPatch, shown: RowMarks = UNKNOWN) => {
      const toggle = ++toggles.current
      const fields = fieldsOf(patch)
      const slot = (field: string) => `${id}\u0000${field}`
      for (const field of fields) newestToggle.current.set(slot(field), toggle)
      const before = latestOverrides.current.get(id) ?? shown
      setOverrides((current) => new Map(current).set(id, toggled(before, patch)))
      try {
        remember(await client.setMark({ id, ...patch }))
      } catch (error) {
        // Not shown as done when it was not (the article was deleted meanwhile, say).
        setOverrides((current) =>
          new Map(current).set(
            id,
            undone(
              current.get(id) ?? before,
              before,
              patch,
              (field) => newestToggle.current.get(slot(field)) !== toggle,
            ),
          ),
        )
        log.warn(`setMark failed for ${id}`, error)
      } finally {
        for (const field of fields)
          if (newestToggle.current.get(slot(field)) === toggle)
            newestToggle.current.delete(slot(field))
      }
    },
    [client, remember, setOverrides],
  )

  return { marksOf, marksOfId, remember, setMark, marksVersion }
}
