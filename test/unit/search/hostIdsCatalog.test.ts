/**
 * After a few catalog changes (a live archive's watcher batch) the host's columns are updated
 * in place. After every step of a random sequence of adds, edits (other categories, author,
 * date, content), removals, renames and marks, the columns must answer exactly as columns
 * rebuilt from scratch: filters (catalog and marks), totals and facets of a match set.
 */
import { describe, expect, it } from 'vitest'
import type { ArticleSummary } from '../../../src/shared/types/article'
import { FacetColumns } from '../../../src/main/core/library/facetColumns'
import { RevisionLog } from '../../../src/main/core/revisionLog'
import {
  FAVOURITE_BIT,
  HostIdTable,
  READ_BIT,
  type MatchCatalog,
} from '../../../src/main/core/search/hostIds'
import { MarksTable } from '../../../src/main/core/state/marks'
import { mulberry32 } from '../../support/random'
import { testSummary } from '../../support/summary'

function summary(id: string, seed: number): ArticleSummary {
  return testSummary(id, {
    title: `标题${seed}`,
    date: `2021-0${1 + (seed % 9)}-01T00:00:00.000Z`,
    categories: [['新媒体', `源${seed % 4}`, `栏目${seed % 3}`]],
    author: seed % 5 === 0 ? null : `作者${seed % 6}`,
    mtimeMs: seed,
    hash: `h${seed % 150}`,
  })
}

/** A catalog with the session's contract: a revision, and the ids changed per revision. */
class FakeCatalog {
  readonly byId = new Map<string, ArticleSummary>()
  readonly log = new RevisionLog<string>(64)
  revision = 0
  constructor(readonly marks: MarksTable) {}
  change(upserted: ArticleSummary[], removed: string[]): void {
    for (const id of removed) this.byId.delete(id)
    for (const s of upserted) this.byId.set(s.id, s)
    this.revision++
    this.log.add(this.revision, [...removed, ...upserted.map((s) => s.id)])
  }
  view(owner: object): MatchCatalog {
    return {
      owner,
      revision: this.revision,
      marksRevision: this.marks.revision,
      markCount: this.marks.size,
      summaries: () => this.byId.values(),
      get: (id) => this.byId.get(id),
      changedSince: (revision) => this.log.since(revision),
      markBits: (s) => {
        const mark = this.marks.get(s.id, s.hash)
        return (mark.read ? READ_BIT : 0) | (mark.favourite ? FAVOURITE_BIT : 0)
      },
      marksChangedSince: (revision) => this.marks.changedSince(revision),
    }
  }
}

function answers(table: HostIdTable, facets: FacetColumns, numbers: number) {
  const bitmap = (a: Uint8Array) => [...a.keys()].filter((n) => a[n] === 1)
  const inSource = (s: ArticleSummary) => s.categories[0]?.[1] === '源1'
  const all = Int32Array.from({ length: numbers }, (_, n) => n)
  return {
    all: bitmap(table.allowed('all', null, null)),
    source: bitmap(table.allowed('source1', inSource, null)),
    read: bitmap(table.allowed('all', null, 'read')),
    favouriteInSource: bitmap(table.allowed('source1', inSource, 'favourite')),
    counted: table.count({ matched: all, unnumbered: [] }, facets),
  }
}

describe('HostIdTable after catalog changes', () => {
  it('updated in place equals columns rebuilt from scratch after every change', () => {
    const random = mulberry32(5)
    const marks = new MarksTable(() => {})
    const catalog = new FakeCatalog(marks)
    const owner = {}
    let serial = 0
    catalog.change(
      Array.from({ length: 200 }, () => summary(`d${serial % 4}/a${serial}.md`, serial++)),
      [],
    )
    const facets = new FacetColumns()
    const live = new HostIdTable()
    live.refresh(catalog.view(owner), facets)
    let inPlace = 0
    for (let step = 0; step < 300; step++) {
      const ids = [...catalog.byId.keys()]
      const pick = () => ids[Math.floor(random() * ids.length)] as string
      const roll = random()
      const revisionBefore = catalog.revision
      if (roll < 0.25) catalog.change([summary(`d${serial % 4}/n${serial}.md`, serial++)], [])
      else if (roll < 0.5) catalog.change([summary(pick(), serial++)], [])
      else if (roll < 0.65) catalog.change([], [pick()])
      else if (roll < 0.8) {
        const from = catalog.byId.get(pick()) as ArticleSummary
        catalog.change([{ ...from, id: `moved/${serial++}.md` }], [from.id])
      } else if (roll < 0.9) {
        const s = catalog.byId.get(pick()) as ArticleSummary
        marks.set(s.id, s.hash, { read: random() < 0.5, favourite: random() < 0.5 })
      } else {
        // A burst larger than the log: the columns must notice and rebuild.
        const burst = Array.from({ length: 70 }, () => summary(`b/${serial}.md`, serial++))
        catalog.change(burst, [])
      }
      if (catalog.revision !== revisionBefore && catalog.log.since(revisionBefore)) inPlace++
      live.refresh(catalog.view(owner), facets)
      const fresh = new HostIdTable()
      for (const id of live.ids) fresh.number(id) // the same numbering
      fresh.refresh(catalog.view({}), facets)
      expect(answers(live, facets, live.ids.length)).toEqual(
        answers(fresh, facets, live.ids.length),
      )
    }
    expect(inPlace).toBeGreaterThan(150)
  })
})
