/**
 * The parts of a format 3+ snapshot: FlexSearch's word index (restored lazily: it must answer
 * exactly as the index it was saved from, before and after more documents are added, and save
 * again), the document table's columns and the file catalog's columns (a Map filled on use).
 */
import { Index } from 'flexsearch'
import { describe, expect, it } from 'vitest'
import {
  CatalogColumns,
  restoreCatalog,
  saveCatalog,
} from '../../../src/main/core/search/catalogColumns'
import { DocTable } from '../../../src/main/core/search/docTable'
import { restoreDocTable, saveDocTable } from '../../../src/main/core/search/docTableSnapshot'
import {
  parseCatalog,
  serializeCatalog,
  type FileMeta,
} from '../../../src/main/core/search/fileCatalog'
import { normalize } from '../../../src/main/core/search/normalize'
import {
  encodeBody,
  SnapshotReader,
  SnapshotSections,
} from '../../../src/main/core/search/snapshotCodec'
import { splitSpaces } from '../../../src/main/core/search/tokens'
import {
  decodedWordTerms,
  packWordIndex,
  restoreWordIndex,
  saveWordIndex,
} from '../../../src/main/core/search/wordIndexSnapshot'
import { mulberry32 } from './querySampler'
import { recordFields } from './recordFields'

const newWords = (): Index => new Index({ encode: splitSpaces, tokenize: 'forward' })

function roundTrip(write: (sections: SnapshotSections) => unknown): {
  reader: SnapshotReader
  meta: unknown
} {
  const sections = new SnapshotSections()
  const meta = write(sections)
  const reader = new SnapshotReader(encodeBody(meta ?? null, sections))
  return { reader, meta: reader.meta }
}

/** Random documents of words from a small vocabulary (shared prefixes, digits, CJK-free). */
function randomDocs(seed: number, count: number, from = 0): [number, string][] {
  const random = mulberry32(seed)
  const vocabulary = [
    'steam',
    'steal',
    'st',
    's',
    'amd',
    'amdgpu',
    'a16',
    '4090',
    'rtx',
    'intel',
    'i',
    'x',
  ]
  return Array.from({ length: count }, (_, i): [number, string] => {
    const words = new Set<string>()
    const n = 1 + Math.floor(random() * 12)
    for (let k = 0; k < n; k++) {
      const word = vocabulary[Math.floor(random() * vocabulary.length)] as string
      words.add(random() < 0.3 ? `${word}${Math.floor(random() * 50)}` : word)
    }
    return [from + i, [...words].join(' ')]
  })
}

/** Every prefix of every word of the documents, plus terms that are not there. */
function probes(docs: [number, string][]): string[] {
  const terms = new Set<string>(['zzz', 'q', 'steamz', '5'])
  for (const [, text] of docs)
    for (const word of text.split(' '))
      for (let k = 1; k <= word.length; k++) terms.add(word.slice(0, k))
  return [...terms].sort()
}

const answers = (words: Index, terms: string[]): number[][] =>
  terms.map((term) =>
    (words.search(term, { limit: 1e9 }) as number[]).slice().sort((a, b) => a - b),
  )

/** Two word indexes fed the same documents: one to pack, one to compare with. */
function twins(docs: [number, string][]): {
  original: Index
  packed: Index
  add: (more: [number, string][]) => void
} {
  const original = newWords()
  const packed = newWords()
  const add = (more: [number, string][]): void => {
    for (const [doc, text] of more) {
      original.add(doc, text)
      packed.add(doc, text)
    }
  }
  add(docs)
  return { original, packed, add }
}

describe('word index in a snapshot', () => {
  it('answers exactly as the saved index, keeps indexing, and saves again (lazy or not)', () => {
    const docs = randomDocs(1, 400)
    const original = newWords()
    for (const [doc, text] of docs) original.add(doc, text)
    const terms = probes(docs)
    const first = roundTrip((sections) => saveWordIndex(original, sections))
    const restored = newWords()
    restoreWordIndex(restored, first.reader)
    // Half of the terms are decoded by queries before the next save; the rest stay stored.
    const half = terms.filter((_, i) => i % 2 === 0)
    expect(answers(restored, half)).toEqual(answers(original, half))
    const more = randomDocs(2, 50, 400)
    for (const [doc, text] of more) {
      original.add(doc, text)
      restored.add(doc, text)
    }
    const allTerms = probes([...docs, ...more])
    const second = roundTrip((sections) => saveWordIndex(restored, sections))
    const again = newWords()
    restoreWordIndex(again, second.reader)
    expect(answers(again, allTerms)).toEqual(answers(original, allTerms))
    expect(answers(restored, allTerms)).toEqual(answers(original, allTerms))
    // FlexSearch's own export walks the whole map: it sees every entry.
    const exported = (index: Index): Record<string, string> => {
      const out: Record<string, string> = {}
      index.export((key: string, data: string) => void (out[key] = data))
      return out
    }
    const fromExport = newWords()
    for (const [key, data] of Object.entries(exported(again))) fromExport.import(key, data)
    expect(answers(fromExport, allTerms)).toEqual(answers(original, allTerms))
  })

  it('packs a built index into stored form: same answers, then adds, saves and packs again', () => {
    const docs = randomDocs(3, 400)
    const { original, packed, add } = twins(docs)
    const terms = probes(docs)
    const total = decodedWordTerms(packed)
    expect(total).toBeGreaterThan(100)
    // Below the threshold nothing happens; the default one is far above this small index.
    expect(packWordIndex(packed)).toBe(false)
    expect(decodedWordTerms(packed)).toBe(total)
    expect(packWordIndex(packed, 1)).toBe(true)
    expect(decodedWordTerms(packed)).toBe(0)
    const half = terms.filter((_, i) => i % 2 === 1)
    expect(answers(packed, half)).toEqual(answers(original, half))
    const decoded = decodedWordTerms(packed)
    expect(decoded).toBeGreaterThan(0)
    expect(decoded).toBeLessThan(total)
    // Adds go to decoded and still stored terms alike; a second pack keeps both.
    const more = randomDocs(4, 60, 400)
    add(more)
    const allTerms = probes([...docs, ...more])
    expect(packWordIndex(packed, 1)).toBe(true)
    expect(decodedWordTerms(packed)).toBe(0)
    expect(answers(packed, allTerms)).toEqual(answers(original, allTerms))
    const saved = roundTrip((sections) => saveWordIndex(packed, sections))
    const again = newWords()
    restoreWordIndex(again, saved.reader)
    expect(answers(again, allTerms)).toEqual(answers(original, allTerms))
  })

  it('keeps the largest terms decoded when packing, the arrays it had or decoded anew', () => {
    const docs = randomDocs(5, 400)
    const { original, packed, add } = twins(docs)
    const terms = probes(docs)
    const total = decodedWordTerms(packed)
    // `s` and `st` are in most documents: stored in 300+ bytes; `steam4` in a few.
    expect(packWordIndex(packed, 1, 300)).toBe(true)
    const kept = decodedWordTerms(packed)
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThan(total / 4)
    expect(answers(packed, terms)).toEqual(answers(original, terms))
    // From a packed map (the kept arrays move over, the rest is decoded anew), then adds.
    expect(packWordIndex(packed, 1, 300)).toBe(true)
    expect(decodedWordTerms(packed)).toBe(kept)
    const more = randomDocs(6, 40, 400)
    add(more)
    const allTerms = probes([...docs, ...more])
    expect(answers(packed, allTerms)).toEqual(answers(original, allTerms))
  })

  it('relies on FlexSearch internals that are still there (map, reg with fastupdate off)', () => {
    const words = newWords() as unknown as { map: unknown; reg: unknown }
    expect(words.map).toBeInstanceOf(Map)
    expect(words.reg).toBeInstanceOf(Set)
  })
})

function sampleTable(): DocTable {
  const table = new DocTable()
  const random = mulberry32(5)
  for (let doc = 0; doc < 300; doc++) {
    const title = doc % 4 === 0 ? `Title ＡＭＤ ${doc}` : `标题${doc}`
    table.insert(doc, {
      id: `post/${doc % 2 === 0 ? '新媒体' : 'x'}/${doc}.md`,
      title,
      normTitle: normalize(title),
      date: doc % 9 === 0 ? null : new Date(Date.UTC(2020, doc % 24, 1 + (doc % 27))).toISOString(),
      author: doc % 5 === 0 ? null : `作者${Math.floor(random() * 7)}`,
      categories:
        doc % 6 === 0
          ? []
          : [
              ['新媒体', `源${doc % 4}`, '频道'],
              ['科技', `源${doc % 3}`],
              ['新媒体', `源${doc % 4}`, '频道'],
            ],
    })
  }
  for (const doc of [0, 17, 18, 299]) table.delete(doc)
  return table
}

describe('document table in a snapshot', () => {
  it('restores records, columns, value tables and facets; ids are found after the restore', () => {
    const table = sampleTable()
    const { reader, meta } = roundTrip((sections) => saveDocTable(table, 300, sections))
    const restored = restoreDocTable(300, meta as Parameters<typeof restoreDocTable>[1], reader)
    expect(restored.liveCount).toBe(table.liveCount)
    for (let doc = 0; doc < 300; doc++) {
      expect(recordFields(restored.records[doc])).toEqual(recordFields(table.records[doc]))
      expect(restored.live[doc]).toBe(table.live[doc])
      // Deleted documents' columns are never read (every loop checks `live` first).
      if (table.live[doc] !== 1) continue
      expect(restored.dates[doc]).toBe(table.dates[doc])
      expect(restored.authorOf[doc]).toBe(table.authorOf[doc])
      expect(restored.monthOf[doc]).toBe(table.monthOf[doc])
      expect(restored.titleLength[doc]).toBe(table.titleLength[doc])
      for (const lists of ['pathsOf', 'sourcesOf', 'levelsOf'] as const)
        expect([...restored[lists].of(doc)]).toEqual([...table[lists].of(doc)])
    }
    for (const name of ['paths', 'sources', 'authors', 'months', 'levels'] as const) {
      expect(restored[name].values).toEqual(table[name].values)
      expect(restored[name].normalized).toEqual(table[name].normalized)
      // The saved table lists live documents only (a fresh restore never had the deleted ones).
      const live = table[name].docs.map((docs) => docs.filter((doc) => table.isLive(doc)))
      expect(restored[name].docs).toEqual(live)
    }
    const all = Int32Array.from({ length: 300 }, (_, i) => i)
    expect(restored.facets(all)).toEqual(table.facets(all))
    expect(restored.docOf('post/新媒体/2.md')).toBe(2)
    expect(restored.docOf('post/新媒体/0.md')).toBeUndefined()
    restored.insert(300, {
      id: 'late.md',
      title: 'late',
      normTitle: 'late',
      date: null,
      author: '作者1',
      categories: [['新媒体', '源1']],
    })
    expect(restored.docOf('late.md')).toBe(300)
    restored.delete(2)
    expect(restored.docOf('post/新媒体/2.md')).toBeUndefined()
  })
})

describe('file catalog in a snapshot', () => {
  const files = new Map<string, FileMeta>([
    ['post/新媒体/2.md', [120, 1_600_000_000_123.5, 'a'.repeat(40)]],
    ['not-indexed.md', [0, 0, '']],
    ['post/x/3.md', [7, -1, 'b'.repeat(40)]],
  ])

  it('comes back as a lazily filled Map equal to what was saved, ids shared with documents', () => {
    const table = sampleTable()
    const { reader, meta } = roundTrip((sections) => {
      const docs = saveDocTable(table, 300, sections)
      return {
        docs,
        catalog: saveCatalog(serializeCatalog('key', files), sections, (id) => table.docOf(id)),
      }
    })
    // Rows whose id is a document's are not stored twice.
    const ids = reader.strings('catalog.id')
    expect([0, 1, 2].map((i) => ids.get(i))).toEqual([null, 'not-indexed.md', null])
    const restored = restoreCatalog((meta as { catalog: unknown }).catalog, reader)
    expect(restored).toBeInstanceOf(CatalogColumns)
    const parsed = parseCatalog(restored, 'key')
    if ('reason' in parsed) throw new Error(parsed.reason)
    expect(parsed.files.size).toBe(3)
    expect([...parsed.files]).toEqual([...files])
    parsed.files.set('new.md', [1, 2, 'c'])
    parsed.files.delete('not-indexed.md')
    expect([...parsed.files.keys()]).toEqual(['post/新媒体/2.md', 'post/x/3.md', 'new.md'])
    expect(parseCatalog(restored, 'other key')).toEqual({
      reason: 'the read options (time zone, size limit) changed since the snapshot',
    })
    expect((restored as CatalogColumns).files).toEqual(serializeCatalog('key', files).files)
  })

  it('keeps any other catalog value as JSON', () => {
    const value = { files: 'catalog goes here', n: [1, null] }
    const { reader, meta } = roundTrip((sections) => saveCatalog(value, sections, () => undefined))
    expect(restoreCatalog(meta, reader)).toEqual(value)
  })
})
