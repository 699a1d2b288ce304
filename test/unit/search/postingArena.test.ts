import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { GramIndex } from '../../../src/main/core/search/gramIndex'
import { UnigramBatch } from '../../../src/main/core/search/postingArena'
import { mergeRuns, type PostingRun } from '../../../src/main/core/search/postingRun'
import { SegmentedPostings } from '../../../src/main/core/search/segmentedPostings'
import { makeTempDir } from '../../support/tempDir'
import { mulberry32 } from './querySampler'
import { decodeBigrams, decodeUnigramBlocks } from '../../support/postingBytes'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe('sorted posting batches', () => {
  it.each([
    ['in memory', false, 16 * 1024, 0],
    ['across segment files', true, 16 * 1024, 0],
    // Large runs, then a lookup after every document: many tiny runs that get merged.
    ['with lookups between documents', true, 1 << 30, 1],
  ])('give back every unigram list exactly (%s)', async (_, onDisk, flushBytes, probeEvery) => {
    const random = mulberry32(11)
    const dir = onDisk ? await makeTempDir('postings-') : undefined
    if (dir) dirs.push(dir)
    const postings = new SegmentedPostings(
      { dir, name: 'unigram', extra: 1, flushBytes },
      new UnigramBatch(),
    )
    const truth = new Map<number, [number, number][]>()
    let doc = 0
    for (let d = 0; d < 3000; d++) {
      doc += 1 + Math.floor(random() * 300) // large gaps need multi-byte varints
      const keys = Array.from({ length: 40 }, (_, k) => ((0x4e00 + k * 997) << 16) | k)
      postings.batch.reserve(keys.length)
      for (const key of keys) {
        if (random() < 0.2) continue
        const tf = 1 + Math.floor(random() * 300)
        postings.batch.push(key, doc, tf) // negative and positive int32 keys
        const list = truth.get(key) ?? []
        list.push([doc, Math.min(255, tf)])
        truth.set(key, list)
      }
      postings.maybeFlush()
      // A lookup sorts what is pending: results must not depend on it.
      if (d === 1234 || (probeEvery > 0 && d > 2900 && d % probeEvery === 0))
        expect(postings.documentFrequency(0x4e00 << 16)).toBeGreaterThan(0)
    }
    for (const [key, list] of truth) {
      const decoded = postings.decode(key)
      expect(postings.documentFrequency(key)).toBe(list.length)
      expect(Array.from(decoded.docs)).toEqual(list.map((e) => e[0]))
      expect(Array.from(decoded.extras)).toEqual(list.map((e) => e[1]))
    }
    expect(postings.decode(12345).docs.length).toBe(0)
    if (onDisk && probeEvery === 0) expect(postings.segmentCount).toBeGreaterThan(2)
    postings.close()
  })

  it('merges runs into the same lists', () => {
    const batch = new UnigramBatch()
    const runs: PostingRun[] = []
    for (let r = 0; r < 5; r++) {
      batch.reserve(3)
      for (let doc = r * 10; doc < r * 10 + 10; doc++) {
        batch.reserve(2)
        batch.push(7, doc, doc)
        if (doc % 3 === r % 3) batch.push(-5, doc, 1)
      }
      runs.push(batch.seal() as PostingRun)
    }
    const merged = mergeRuns(runs, 1)
    expect(Array.from(merged.keys)).toEqual([-5, 7])
    // Decoded apart from the engine: the merged list is the runs' blocks, each later run's
    // first delta re-based on the previous run's last document.
    const docsOf = (run: PostingRun, key: number): number[] => {
      const i = run.find(key)
      const blocks = decodeUnigramBlocks(run.list(i), run.counts[i] as number)
      expect(blocks.length).toBe(5)
      return blocks.flatMap((block) => block.docs)
    }
    expect(docsOf(merged, 7)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect(docsOf(merged, -5)).toEqual(
      Array.from({ length: 50 }, (_, i) => i).filter((doc) => doc % 3 === Math.floor(doc / 10) % 3),
    )
    expect(merged.lastDocs[merged.find(7)]).toBe(49)
  })

  it.each([
    ['in memory', false],
    ['across segment files', true],
  ])('writes every bigram position of every document (%s)', async (_, onDisk) => {
    const random = mulberry32(5)
    const dir = onDisk ? await makeTempDir('grams-') : undefined
    if (dir) dirs.push(dir)
    const grams = new GramIndex({ dir, flushBytes: 8 * 1024 })
    const alphabet = '的一是在不了有和人这中大为上个国我以要他时来用们，。ab 1'
    const truth = new Map<number, Map<number, number[]>>()
    for (let doc = 0; doc < 400; doc++) {
      const length = Math.floor(random() * 400)
      let text = ''
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)]
      grams.addDocument(doc, text)
      let previous = -1
      for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i)
        if (unit < 0x80 && unit !== 0x2c) {
          previous = -1
          continue
        }
        if (previous >= 0) {
          const key = (previous << 16) | unit
          const perDoc = truth.get(key) ?? new Map<number, number[]>()
          const positions = perDoc.get(doc) ?? []
          positions.push(i - 1)
          perDoc.set(doc, positions)
          truth.set(key, perDoc)
        }
        previous = unit
      }
    }
    for (const [key, perDoc] of truth) {
      expect(decodeBigrams(grams.bigrams.rawLists(key))).toEqual([...perDoc.entries()])
    }
    if (onDisk) expect(grams.bigrams.segmentCount).toBeGreaterThan(2)
    grams.close()
  })
})
