/**
 * After a few mark changes the host's columns update only the articles those marks can decide
 * (by id, and by hash for renamed or duplicated content). After every step of a random sequence
 * of marks, renames, removals and hash updates, the bits must equal a full recomputation, as
 * seen through the read / unread / favourite filters.
 */
import { describe, expect, it } from 'vitest'
import type { ArticleSummary } from '../../../src/shared/types/article'
import { FacetColumns } from '../../../src/main/core/library/facetColumns'
import {
  FAVOURITE_BIT,
  HostIdTable,
  READ_BIT,
  type MatchCatalog,
  type MarksWanted,
} from '../../../src/main/core/search/hostIds'
import { MarksTable } from '../../../src/main/core/state/marks'
import { mulberry32 } from '../../support/random'
import { testSummary } from '../../support/summary'

function summary(i: number, hash: string): ArticleSummary {
  return testSummary(`post/源${i % 5}/文章${i}.md`, {
    title: `文章${i}`,
    categories: [['新媒体', `源${i % 5}`]],
    hash,
  })
}

function catalogOf(summaries: ArticleSummary[], marks: MarksTable): MatchCatalog {
  const owner = {}
  return {
    owner,
    revision: 1,
    get marksRevision() {
      return marks.revision
    },
    get markCount() {
      return marks.size
    },
    summaries: () => summaries.values(),
    get: (id) => summaries.find((s) => s.id === id),
    changedSince: () => [], // the catalog never changes here
    markBits: (s) => {
      const mark = marks.get(s.id, s.hash)
      return (mark.read ? READ_BIT : 0) | (mark.favourite ? FAVOURITE_BIT : 0)
    },
    marksChangedSince: (revision) => marks.changedSince(revision),
  }
}

const WANTED: MarksWanted[] = ['read', 'unread', 'favourite']

function passing(table: HostIdTable, wanted: MarksWanted): number[] {
  const allowed = table.allowed('all', null, wanted)
  return [...allowed.keys()].filter((n) => allowed[n] === 1)
}

describe('HostIdTable mark bits', () => {
  it('updated in place equal a full recomputation after every change', () => {
    const random = mulberry32(11)
    // 300 articles, 40 of them sharing content with another (the hash fallback matters).
    const summaries = Array.from({ length: 300 }, (_, i) =>
      summary(i, i < 40 ? `dup${i % 20}` : `h${i}`),
    )
    let clock = 0
    const marks = new MarksTable(
      () => {},
      () => new Date(1_700_000_000_000 + clock++ * 1000).toISOString(),
    )
    const catalog = catalogOf(summaries, marks)
    const facets = new FacetColumns()
    const live = new HostIdTable()
    live.refresh(catalog, facets)
    let inPlace = 0
    for (let step = 0; step < 400; step++) {
      const pick = summaries[Math.floor(random() * summaries.length)] as ArticleSummary
      const roll = random()
      if (roll < 0.5) marks.set(pick.id, pick.hash, { read: random() < 0.6 })
      else if (roll < 0.7) marks.set(pick.id, pick.hash, { favourite: random() < 0.5 })
      else if (roll < 0.8) marks.remove(pick.id)
      else if (roll < 0.9)
        marks.rename(pick.id, `gone/${step}.md`) // its content now elsewhere
      else marks.updateHash(pick.id, `dup${Math.floor(random() * 20)}`)
      const before = marks.revision
      const changed = marks.changedSince(before - 1)
      if (changed && changed.ids.size > 0) inPlace++
      live.refresh(catalog, facets)
      const fresh = new HostIdTable()
      for (const s of summaries) fresh.number(s.id) // same numbering as `live`
      fresh.refresh(catalog, facets)
      for (const wanted of WANTED) expect(passing(live, wanted)).toEqual(passing(fresh, wanted))
    }
    expect(inPlace).toBeGreaterThan(200)
  })

  it('recomputes everything when the change log no longer reaches back', () => {
    const summaries = Array.from({ length: 50 }, (_, i) => summary(i, `h${i}`))
    const marks = new MarksTable(() => {})
    const catalog = catalogOf(summaries, marks)
    const facets = new FacetColumns()
    const live = new HostIdTable()
    live.refresh(catalog, facets)
    const first = marks.revision
    for (let round = 0; round < 30; round++)
      for (const s of summaries) marks.set(s.id, s.hash, { read: round % 2 === 0 })
    expect(marks.changedSince(first)).toBeNull()
    live.refresh(catalog, facets)
    expect(passing(live, 'unread')).toHaveLength(50) // the last round marked all unread
  })
})
