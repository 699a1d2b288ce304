import { describe, expect, it } from 'vitest'
import type { SearchHit } from '../../../src/shared/contract/api'
import { highlightParts } from '../../../src/renderer/src/components/Highlight'
import { rowFromHit } from '../../../src/renderer/src/features/library/rows'

const hit = (title: string, titleMarks: [number, number][]): SearchHit => ({
  id: 'a.md',
  title,
  date: null,
  dateSource: 'mtime',
  source: null,
  score: 1,
  snippet: { text: '', marks: [] },
  titleMarks,
  read: false,
  favourite: false,
})

const markedText = (row: ReturnType<typeof rowFromHit>): string[] =>
  row.titleMarks
    ? highlightParts(row.titleMarks)
        .filter((part) => part.marked)
        .map((part) => part.text)
    : []

describe('rowFromHit: the title is marked from the engine only', () => {
  it('marks exactly the ranges the engine returned, whatever the title spells', () => {
    const title = "BOLT'ing以提高Linux内核"
    // The engine matched `in` at `ing` only; a literal search would mark `Linux` too.
    expect(markedText(rowFromHit(hit(title, [[5, 7]])))).toEqual(['in'])
    // Traditional characters the engine matched for a Simplified query.
    expect(markedText(rowFromHit(hit('英特爾旗下', [[0, 3]])))).toEqual(['英特爾'])
  })

  it('marks nothing when the engine marked nothing, even where the words occur', () => {
    const row = rowFromHit(hit('芯片新闻', []))
    expect(row.titleMarks).toBeNull()
    expect(row.title).toBe('芯片新闻')
  })
})
