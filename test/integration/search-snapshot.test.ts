/**
 * Snapshots: a saved index reopens with the same answers; a missing, truncated, corrupt,
 * older-format or mismatched snapshot is refused (and the index starts empty for a rebuild).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { generateArticles } from '../support/generator/index'
import { readSnapshot, SNAPSHOT_FILE, writeSnapshot } from '../../src/main/core/search/snapshot'
import { SnapshotSections } from '../../src/main/core/search/snapshotCodec'
import {
  createSearchIndex,
  openSearchIndex,
  type SearchIndex,
} from '../../src/main/core/search/searchIndex'
import { QUERY_CLASSES, QuerySampler } from '../unit/search/querySampler'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function build(count = 120): { dir: string; index: SearchIndex; queries: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-snap-'))
  dirs.push(dir)
  const index = createSearchIndex({ dir, flushBytes: 128 * 1024 })
  const articles = [...generateArticles(count, 3)].map((a) => ({
    ...a,
    categories: [a.categories],
  }))
  for (const a of articles) index.add(a)
  index.remove(articles[0]?.id ?? '')
  const sampler = new QuerySampler(articles, 9)
  const queries = QUERY_CLASSES.flatMap((kind) => [
    sampler.query(kind),
    sampler.query(kind),
  ]).filter((q): q is string => q !== null)
  return { dir, index, queries }
}

const answers = (index: SearchIndex, queries: string[]): unknown[] =>
  queries.map((q) => {
    const r = index.search(q, { limit: 5 })
    return [q, r.total, r.hits.map((h) => [h.id, h.score, h.snippet.text])]
  })

describe('search snapshot', () => {
  it('reopens with identical answers and keeps working incrementally', () => {
    const { dir, index, queries } = build()
    const before = answers(index, queries)
    const size = index.size
    index.save({ files: 'catalog goes here' })
    index.close()
    const opened = openSearchIndex({ dir, flushBytes: 128 * 1024 })
    expect(opened.restored).toBe(true)
    expect(opened.catalog).toEqual({ files: 'catalog goes here' })
    expect(opened.index.size).toBe(size)
    expect(answers(opened.index, queries)).toEqual(before)
    opened.index.add({
      id: 'new.md',
      title: '新文章',
      date: null,
      categories: [],
      text: '快照之后加入的独特词语',
    })
    expect(opened.index.search('独特词语').hits.map((h) => h.id)).toEqual(['new.md'])
    opened.index.save()
    opened.index.close()
    const again = openSearchIndex({ dir })
    expect(again.restored).toBe(true)
    expect(again.index.search('独特词语').total).toBe(1)
    again.index.close()
  })

  it('saves and reopens an empty index, and one whose documents were all removed', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-snap-'))
    dirs.push(dir)
    const empty = createSearchIndex({ dir })
    empty.save()
    empty.close()
    const opened = openSearchIndex({ dir })
    expect(opened.restored).toBe(true)
    expect(opened.index.size).toBe(0)
    expect(opened.index.search('的').total).toBe(0)
    opened.index.add({ id: 'a.md', title: 'A', date: null, categories: [], text: 'steam 的' })
    opened.index.remove('a.md')
    opened.index.save()
    opened.index.close()
    const again = openSearchIndex({ dir })
    expect(again.restored).toBe(true)
    expect([again.index.size, again.index.search('steam').total, again.index.has('a.md')]).toEqual([
      0,
      0,
      false,
    ])
    again.index.close()
  })

  it('merges its segments with the same answers; the next save and open drop the old files', () => {
    const { dir, index, queries } = build(300)
    const before = answers(index, queries)
    index.save()
    const segments = index.stats().segments
    expect(segments).toBeGreaterThanOrEqual(6)
    const seg = (): string[] => fs.readdirSync(dir).filter((f) => f.includes('.seg'))
    const saved = seg()
    // Slices with a search between them: queries read the old segments until the merge is done.
    let slices = 0
    while (!index.compact(0)) {
      slices++
      expect(answers(index, queries.slice(0, 2))).toEqual(before.slice(0, 2))
    }
    expect(slices).toBeGreaterThan(0)
    expect(index.stats().segments).toBe(2)
    expect(answers(index, queries)).toEqual(before)
    // What to read ahead: the merged segments and the texts, not the replaced files still there.
    const inUse = index.dataFiles().map((file) => path.basename(file))
    expect(inUse).toHaveLength(3)
    expect(inUse.at(-1)).toBe('text.bin')
    expect(seg().filter((file) => inUse.includes(file))).toHaveLength(2)
    expect(inUse.some((file) => saved.includes(file))).toBe(false)
    // Not saved yet: the old snapshot and its files still open, and the merge's output goes.
    index.close()
    const unsaved = openSearchIndex({ dir, flushBytes: 128 * 1024 })
    expect(unsaved.restored).toBe(true)
    expect(seg().sort()).toEqual(saved.sort())
    expect(answers(unsaved.index, queries)).toEqual(before)
    while (!unsaved.index.compact(Number.POSITIVE_INFINITY));
    unsaved.index.save()
    expect(seg().length).toBe(2)
    unsaved.index.close()
    const merged = openSearchIndex({ dir, flushBytes: 128 * 1024 })
    expect(merged.restored).toBe(true)
    expect(merged.index.stats().segments).toBe(2)
    expect(answers(merged.index, queries)).toEqual(before)
    merged.index.close()
  })

  const damage: [string, (dir: string) => void, RegExp][] = [
    ['missing', (dir) => fs.rmSync(path.join(dir, SNAPSHOT_FILE)), /no snapshot/],
    [
      'truncated',
      (dir) => {
        const file = path.join(dir, SNAPSHOT_FILE)
        fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2))
      },
      /checksum/,
    ],
    [
      'corrupt',
      (dir) => {
        const file = path.join(dir, SNAPSHOT_FILE)
        const bytes = fs.readFileSync(file)
        bytes[bytes.length - 10] = (bytes[bytes.length - 10] as number) ^ 0x5a
        fs.writeFileSync(file, bytes)
      },
      /checksum/,
    ],
    [
      'an older format',
      (dir) => {
        const file = path.join(dir, SNAPSHOT_FILE)
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^ABSEARCH \d+/, 'ABSEARCH 0'))
      },
      /format 0/,
    ],
    [
      'not a snapshot',
      (dir) => fs.writeFileSync(path.join(dir, SNAPSHOT_FILE), 'hello'),
      /not a search snapshot/,
    ],
    [
      'a truncated text store',
      (dir) => fs.truncateSync(path.join(dir, 'text.bin'), 1000),
      /text\.bin is truncated/,
    ],
    [
      'a changed segment',
      (dir) => {
        const segment = fs.readdirSync(dir).find((f) => f.endsWith('.seg')) as string
        const file = path.join(dir, segment)
        const bytes = fs.readFileSync(file)
        bytes[0] = (bytes[0] as number) ^ 0xff
        fs.writeFileSync(file, bytes)
      },
      /has changed/,
    ],
    [
      'a well-formed but unloadable',
      (dir) => {
        // Checksum and fingerprints stay valid: only loading can tell (authors are referred to
        // by documents, but the table of authors is now empty).
        const reader = readSnapshot(dir)
        const meta = reader.meta as { docs: { authors: string[] } }
        meta.docs.authors = []
        const sections = new SnapshotSections()
        for (const name of reader.names()) sections.add(name, reader.bytes(name))
        writeSnapshot(dir, meta, sections)
      },
      /content could not be loaded \(author id \d+ is out of range\)/,
    ],
    [
      'a missing word positions file',
      (dir) => fs.rmSync(path.join(dir, 'word-positions.bin')),
      /word-positions\.bin is missing/,
    ],
  ]

  it.each(damage)('refuses %s snapshot and starts empty for a rebuild', (_name, spoil, reason) => {
    const { dir, index } = build(40)
    index.save()
    index.close()
    spoil(dir)
    const opened = openSearchIndex({ dir })
    expect(opened.restored).toBe(false)
    expect(opened.reason).toMatch(reason)
    expect(opened.index.size).toBe(0)
    // The rebuilt index works in the same folder.
    opened.index.add({ id: 'x', title: 't', date: null, categories: [], text: '重建后的内容' })
    expect(opened.index.search('重建').total).toBe(1)
    opened.index.close()
  })
})
