/**
 * Compaction: merging a posting family's segments into one keeps every list exactly, while
 * lookups and new documents come between its slices; an aborted merge leaves nothing behind;
 * the segment writer's spilled directory reads back like an in-memory one.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { GramIndex } from '../../../src/main/core/search/gramIndex'
import { UnigramBatch } from '../../../src/main/core/search/postingArena'
import { mergeFrom, SegmentCompaction } from '../../../src/main/core/search/segmentCompaction'
import { lookup, SegmentWriter, type Segment } from '../../../src/main/core/search/segmentFile'
import { SegmentedPostings } from '../../../src/main/core/search/segmentedPostings'
import { decodeBigrams, byteEntryDocs } from '../../support/postingBytes'
import { makeTempDir } from '../../support/tempDir'
import { mulberry32 } from './querySampler'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

async function tempDir(): Promise<string> {
  const dir = await makeTempDir('compaction-')
  dirs.push(dir)
  return dir
}

/** Unigram postings over many keys (several merge ranges), with the truth of every list. */
class UnigramFixture {
  readonly truth = new Map<number, [number, number][]>()
  private readonly random = mulberry32(21)
  private doc = 0
  readonly keys: number[]

  constructor(readonly postings: SegmentedPostings) {
    // ~6,000 keys, negative (units ≥ 0x8000, e.g. Hangul) and positive int32, so a merge
    // takes many key ranges.
    this.keys = Array.from({ length: 6000 }, (_, k) => ((0x4e00 + k * 11) << 16) | (k % 7))
    expect(this.keys.some((key) => key < 0) && this.keys.some((key) => key > 0)).toBe(true)
  }

  addDocuments(n: number): void {
    for (let d = 0; d < n; d++) {
      this.doc += 1 + Math.floor(this.random() * 200)
      const picked = new Set<number>()
      for (let i = 0; i < 60; i++)
        picked.add(this.keys[Math.floor(this.random() * this.keys.length)] as number)
      const keys = [...picked]
      this.postings.batch.reserve(keys.length)
      for (const key of keys) {
        const tf = 1 + Math.floor(this.random() * 300)
        this.postings.batch.push(key, this.doc, tf)
        const list = this.truth.get(key) ?? []
        list.push([this.doc, Math.min(255, tf)])
        this.truth.set(key, list)
      }
      this.postings.maybeFlush()
    }
  }

  expectEveryList(): void {
    for (const [key, list] of this.truth) {
      const decoded = this.postings.decode(key)
      expect(Array.from(decoded.docs)).toEqual(list.map((e) => e[0]))
      expect(Array.from(decoded.extras)).toEqual(list.map((e) => e[1]))
    }
  }
}

/** Many key ranges, directory refills and a spilled directory, on small data. */
const SMALL = { rangeBytes: 4096, windowBytes: 40, spillBytes: 256 }

const segFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => f.includes('.seg'))
    .sort()

describe('segment compaction', () => {
  it('merges unigram segments into one, lists intact, with lookups and adds between slices', async () => {
    const dir = await tempDir()
    const postings = new SegmentedPostings(
      { dir, name: 'unigram', extra: 1, flushBytes: 64 * 1024, compaction: SMALL },
      new UnigramBatch(),
    )
    const fixture = new UnigramFixture(postings)
    fixture.addDocuments(1500)
    const before = postings.segmentCount
    expect(before).toBeGreaterThanOrEqual(4)
    const oldFiles = segFiles(dir)
    let steps = 0
    // A deadline in the past: one key range per step.
    while (!postings.compactStep(0)) {
      steps++
      fixture.addDocuments(10)
      if (steps % 5 === 0) {
        const key = fixture.keys[steps % fixture.keys.length] as number
        expect(Array.from(postings.decode(key).docs)).toEqual(
          (fixture.truth.get(key) ?? []).map((e) => e[0]),
        )
      }
    }
    expect(steps).toBeGreaterThan(5)
    // The merged segment, then those the adds wrote meanwhile.
    expect(postings.segmentCount).toBeLessThan(before)
    fixture.expectEveryList()
    // The replaced files stay until a snapshot no longer names them.
    for (const file of oldFiles) expect(fs.existsSync(path.join(dir, file))).toBe(true)
    postings.removeReplaced()
    for (const file of oldFiles) expect(fs.existsSync(path.join(dir, file))).toBe(false)
    expect(segFiles(dir).length).toBe(postings.segmentCount)
    fixture.expectEveryList()
    postings.close()
  })

  it('merges bigram segments with their positions (variable-length entries)', async () => {
    const dir = await tempDir()
    const grams = new GramIndex({ dir, flushBytes: 16 * 1024, compaction: SMALL })
    expect(0x4e00 + 119 * 331).toBeGreaterThan(0xac00)
    const random = mulberry32(8)
    // ~120 units, half of them ≥ 0x8000 (negative keys): ~14k bigram keys, and long gaps
    // between documents for multi-byte deltas.
    const alphabet = Array.from({ length: 120 }, (_, i) => String.fromCharCode(0x4e00 + i * 331))
    let doc = 0
    for (let d = 0; d < 600; d++) {
      doc += 1 + Math.floor(random() * 500)
      let text = ''
      const length = Math.floor(random() * 600)
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)]
      grams.addDocument(doc, text)
    }
    grams.bigrams.flush()
    expect(grams.bigrams.segmentCount).toBeGreaterThanOrEqual(4)
    const keys: number[] = []
    for (const a of alphabet)
      for (const b of alphabet) keys.push((a.charCodeAt(0) << 16) | b.charCodeAt(0))
    const before = keys.map((key) => decodeBigrams(grams.bigrams.rawLists(key)))
    let steps = 0
    while (!grams.bigrams.compactStep(0)) steps++
    expect(steps).toBeGreaterThan(10)
    expect(grams.bigrams.segmentCount).toBe(1)
    expect(keys.map((key) => decodeBigrams(grams.bigrams.rawLists(key)))).toEqual(before)
    grams.close()
  })

  it('leaves nothing behind when aborted, and can start over', async () => {
    const dir = await tempDir()
    const postings = new SegmentedPostings(
      { dir, name: 'unigram', extra: 1, flushBytes: 64 * 1024 },
      new UnigramBatch(),
    )
    const fixture = new UnigramFixture(postings)
    fixture.addDocuments(1000)
    postings.flush()
    const files = segFiles(dir)
    expect(postings.compactStep(0)).toBe(false)
    expect(postings.compacting).toBe(true)
    postings.abortCompaction()
    expect(postings.compacting).toBe(false)
    expect(segFiles(dir)).toEqual(files)
    fixture.expectEveryList()
    while (!postings.compactStep(performance.now() + 5));
    expect(postings.segmentCount).toBe(1)
    fixture.expectEveryList()
    // Closing during a merge removes its unfinished file too.
    fixture.addDocuments(1000)
    postings.flush()
    expect(postings.compactStep(0)).toBe(false)
    const during = segFiles(dir)
    postings.close()
    expect(segFiles(dir).length).toBe(during.length - 1)
  })

  it('does not merge fewer than three segments', async () => {
    const dir = await tempDir()
    const postings = new SegmentedPostings(
      { dir, name: 'unigram', extra: 1, flushBytes: 1 << 30 },
      new UnigramBatch(),
    )
    new UnigramFixture(postings).addDocuments(100)
    postings.flush()
    expect(postings.segmentCount).toBe(1)
    expect(postings.compactStep(0)).toBe(true)
    expect(postings.compacting).toBe(false)
    postings.close()
  })

  it('reads back a directory that spilled to a file', async () => {
    const dir = await tempDir()
    const writer = new SegmentWriter(dir, 'spill-0000.seg', 256)
    const random = mulberry32(3)
    const lists: [number, Uint8Array, number][] = []
    for (let key = -3000; key < 3000; key += 1 + Math.floor(random() * 3)) {
      const list = Uint8Array.from({ length: 1 + Math.floor(random() * 40) }, () => random() * 256)
      lists.push([key, list, 1 + Math.floor(random() * 1000)])
      writer.add(key, lists[lists.length - 1]?.[2] as number, list)
    }
    const segment = writer.finish()
    expect(fs.readdirSync(dir)).toEqual(['spill-0000.seg'])
    for (const [key, list, count] of lists) {
      const found = lookup(segment, key)
      expect(found).toMatchObject({ length: list.length, count })
      const bytes = new Uint8Array(list.length)
      fs.readSync(segment.fd, bytes, 0, bytes.length, found?.offset ?? -1)
      expect(bytes).toEqual(list)
    }
    expect(lookup(segment, 5000)).toBeNull()
    fs.closeSync(segment.fd)
    const aborted = new SegmentWriter(dir, 'spill-0001.seg', 256)
    for (let key = 0; key < 2000; key++) aborted.add(key, 1, new Uint8Array([1]))
    aborted.abort()
    expect(fs.readdirSync(dir)).toEqual(['spill-0000.seg'])
  })

  it('merges through a small directory window into a spilled directory, negative keys first', async () => {
    const dir = await tempDir()
    const random = mulberry32(17)
    const varint = (out: number[], value: number): void => {
      while (value >= 0x80) {
        out.push((value & 0x7f) | 0x80)
        value = Math.floor(value / 128)
      }
      out.push(value)
    }
    // Five segments over consecutive document ranges; lists of (doc delta, tf byte) entries.
    const keys = Array.from({ length: 900 }, (_, k) => ((0x4e00 + k * 61) << 16) | k).sort(
      (a, b) => a - b,
    )
    expect(keys[0]).toBeLessThan(0)
    const truth = new Map<number, number[]>()
    const segments: Segment[] = []
    let doc = 0
    for (let s = 0; s < 5; s++) {
      const writer = new SegmentWriter(dir, `u-${s}.seg`, 128)
      const base = doc
      doc += 5000
      for (const key of keys) {
        if (random() < 0.3) continue
        const docs: number[] = []
        for (let d = base + Math.floor(random() * 50); d < doc; d += 1 + Math.floor(random() * 900))
          docs.push(d)
        const bytes: number[] = []
        let previous = -1
        for (const d of docs) {
          varint(bytes, d - previous)
          bytes.push(d % 251)
          previous = d
        }
        writer.add(key, docs.length, Uint8Array.from(bytes))
        truth.set(key, [...(truth.get(key) ?? []), ...docs])
      }
      segments.push(writer.finish())
    }
    const lastDoc = (bytes: Uint8Array, count: number): number =>
      byteEntryDocs(bytes, count).docs.at(-1) ?? -1
    const compaction = new SegmentCompaction(dir, 'merged.seg', segments, lastDoc, SMALL)
    let merged: Segment | null = null
    let steps = 0
    while (merged === null) {
      merged = compaction.step(0)
      steps++
    }
    expect(steps).toBeGreaterThan(3)
    expect(merged.keyCount).toBe(truth.size)
    for (const [key, docs] of truth) {
      const found = lookup(merged, key)
      expect(found?.count).toBe(docs.length)
      const bytes = new Uint8Array(found?.length ?? 0)
      fs.readSync(merged.fd, bytes, 0, bytes.length, found?.offset ?? 0)
      const decoded = byteEntryDocs(bytes)
      expect(decoded.extras).toEqual(docs.map((d) => d % 251))
      expect(decoded.docs).toEqual(docs)
    }
    for (const segment of [...segments, merged]) fs.closeSync(segment.fd)
  })

  it('picks the newest segments whose oldest is not much larger than the rest', () => {
    expect(mergeFrom(Array.from({ length: 28 }, () => 38))).toBe(0)
    expect(mergeFrom([1000, 5, 5])).toBe(1)
    expect(mergeFrom([1000, 5])).toBe(-1)
    expect(mergeFrom([1000, 300, 200])).toBe(0)
    expect(mergeFrom([1000, 10, 5, 5])).toBe(1)
    expect(mergeFrom([1000, 40, 5, 5])).toBe(2)
    expect(mergeFrom([])).toBe(-1)
  })
})
