/**
 * Packing a built document table's records into columns (storedRecords.ts): the same fields,
 * documents and lookups before and after, again after more inserts and deletes, through a
 * snapshot, and the same search answers from a whole index.
 */
import { describe, expect, it } from 'vitest'
import { DocTable, type DocRecord } from '../../../src/main/core/search/docTable'
import { restoreDocTable, saveDocTable } from '../../../src/main/core/search/docTableSnapshot'
import { normalize } from '../../../src/main/core/search/normalize'
import { createSearchIndex } from '../../../src/main/core/search/searchIndex'
import {
  encodeBody,
  SnapshotReader,
  SnapshotSections,
} from '../../../src/main/core/search/snapshotCodec'
import { packRecords, StoredRecord } from '../../../src/main/core/search/storedRecords'
import { recordFields } from './recordFields'

const fields = recordFields

/** Titles that normalise to themselves and titles that do not (full-width, upper case, 繁體). */
function titleOf(doc: number): string {
  return [`标题 ${doc}`, `ＡＭＤ 锐龙 ${doc}`, `News ${doc} Today`, `英特爾 ${doc}`][
    doc % 4
  ] as string
}

function insertDocs(table: DocTable, from: number, to: number): void {
  for (let doc = from; doc < to; doc++) {
    const title = titleOf(doc)
    table.insert(doc, {
      id: `source/_posts/新媒体/${doc}.md`,
      title,
      normTitle: normalize(title),
      date: doc % 7 === 0 ? null : new Date(Date.UTC(2021, doc % 12, 1 + (doc % 28))).toISOString(),
      author: doc % 3 === 0 ? null : `作者${doc % 5}`,
      categories: [['新媒体', `源${doc % 4}`]],
    })
  }
}

describe('packing document records', () => {
  it('keeps every field and lookup, packs again after more inserts, and saves', () => {
    const table = new DocTable()
    insertDocs(table, 0, 300)
    for (const doc of [0, 5, 150, 299]) table.delete(doc)
    const expected = (): unknown[] => table.records.map((record) => fields(record))
    const before = expected()
    expect(
      before.filter((f) => f !== undefined && (f as DocRecord).normTitle !== (f as DocRecord).title)
        .length,
    ).toBeGreaterThan(100)

    // Below the threshold (the default is far above 300 records) nothing changes.
    expect(packRecords(table)).toBe(0)
    expect(table.records[1]).not.toBeInstanceOf(StoredRecord)

    expect(packRecords(table, 1)).toBe(296)
    expect(table.builtRecords).toBe(0)
    expect(
      table.records.filter((r) => r !== undefined).every((r) => r instanceof StoredRecord),
    ).toBe(true)
    expect(table.records.map((record) => fields(record))).toEqual(before)
    expect(table.docOf('source/_posts/新媒体/7.md')).toBe(7)
    expect(table.docOf('source/_posts/新媒体/5.md')).toBeUndefined()
    // Nothing built since: nothing to pack.
    expect(packRecords(table, 1)).toBe(0)

    // Inserts after packing are plain records; a second pack takes stored and new ones alike.
    insertDocs(table, 300, 340)
    table.delete(7)
    const more = expected()
    expect(packRecords(table, 1)).toBe(295 + 40)
    expect(table.records.map((record) => fields(record))).toEqual(more)
    expect(table.docOf('source/_posts/新媒体/7.md')).toBeUndefined()
    expect(table.docOf('source/_posts/新媒体/339.md')).toBe(339)

    const sections = new SnapshotSections()
    const meta = saveDocTable(table, 340, sections)
    const restored = restoreDocTable(340, meta, new SnapshotReader(encodeBody(meta, sections)))
    expect(restored.records.map((record) => fields(record))).toEqual(more)
  })

  it('gives the same search answers before and after, and after adds and removes', () => {
    const index = createSearchIndex()
    const article = (n: number): Parameters<typeof index.add>[0] => ({
      id: `post/${n}.md`,
      title: titleOf(n),
      date: n % 7 === 0 ? null : new Date(Date.UTC(2021, n % 12, 1 + (n % 28))).toISOString(),
      categories: [['新媒体', `源${n % 4}`]],
      author: `作者${n % 5}`,
      text: `第${n}篇：英特尔与 AMD 的处理器${n % 3 === 0 ? '性能提升' : '价格下降'}，记者表示。`,
    })
    for (let n = 0; n < 1100; n++) index.add(article(n))
    const queries = [
      '英特尔',
      'title:amd',
      'title:英特尔 处理器',
      '性能提升 -价格',
      'news',
      '"锐龙 1"',
    ]
    const answers = (): unknown =>
      queries.map((query) => {
        const result = index.search(query, { limit: 30 })
        return { total: result.total, hits: result.hits, facets: result.facets }
      })
    const before = answers()
    expect(index.stats().recordsBuilt).toBe(1100)
    expect(index.packRecords()).toBe(1100)
    expect(index.stats().recordsBuilt).toBe(0)
    expect(answers()).toEqual(before)
    for (let n = 1100; n < 1150; n++) index.add(article(n))
    for (let n = 0; n < 20; n++) index.remove(`post/${n}.md`)
    const changed = answers()
    expect(index.packRecords()).toBe(0)
    expect(answers()).toEqual(changed)
  })
})
