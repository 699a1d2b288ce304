/**
 * Read/favourite marks as the UI shows them: what the rows said, overridden by what this session
 * learnt (reader loads) or changed (setMark), so a toggle shows at once without refetching pages.
 */
import { useCallback, useState } from 'react'
import type { ArticleMark } from '../../../../shared/types/settings'
import { useApi } from '../../api/ApiContext'
import { createLogger } from '../../app/log'
import type { RowMarks } from './ArticleRow'
import type { Row } from './rows'

const log = createLogger('marks')

export function useMarks() {
  const { client } = useApi()
  const [overrides, setOverrides] = useState<ReadonlyMap<string, RowMarks>>(new Map())
  /** Changes whenever a mark may have changed, so counts (facets) can refetch. */
  const [marksVersion, setMarksVersion] = useState(0)

  const remember = useCallback((mark: ArticleMark) => {
    setOverrides((current) =>
      new Map(current).set(mark.id, { read: mark.read, favourite: mark.favourite }),
    )
    // The engine may itself have marked the article read when it was opened.
    setMarksVersion((v) => v + 1)
  }, [])

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

  const setMark = useCallback(
    async (id: string, patch: { read?: boolean; favourite?: boolean }) => {
      setOverrides((current) => {
        const before = current.get(id) ?? { read: null, favourite: null }
        return new Map(current).set(id, { ...before, ...patch })
      })
      try {
        remember(await client.setMark({ id, ...patch }))
      } catch (error) {
        // Not shown as done when it was not (the article was deleted meanwhile, say). Every
        // caller flips a mark it knows, so the flip undone is what the mark was.
        const undo: Partial<RowMarks> = {}
        if (patch.read !== undefined) undo.read = !patch.read
        if (patch.favourite !== undefined) undo.favourite = !patch.favourite
        setOverrides((current) => {
          const before = current.get(id) ?? { read: null, favourite: null }
          return new Map(current).set(id, { ...before, ...undo })
        })
        log.warn(`setMark failed for ${id}`, error)
      }
    },
    [client, remember],
  )

  return { marksOf, marksOfId, remember, setMark, marksVersion }
}
