/**
 * Unigram lists (format 8, unigramCoding.ts): Rice-coded blocks read back exactly by the
 * engine and by a bit-at-a-time decoder written apart from it (test/support/postingBytes.ts),
 * at the escape boundaries of gaps and counts, in both block kinds, across runs; counts
 * capped at 255; a damaged list fails instead of looping.
 */
import { describe, expect, it } from 'vitest'
import { UnigramBatch } from '../../../src/main/core/search/postingArena'
import { mergeRuns, type PostingRun } from '../../../src/main/core/search/postingRun'
import {
  encodeBlock,
  planBlock,
  storedTf,
  TF_CAP,
} from '../../../src/main/core/search/unigramCoding'
import {
  decodeUnigramList,
  unigramListLastDoc,
} from '../../../src/main/core/search/unigramDecoding'
import { decodeUnigramBlocks, type UnigramBlock } from '../../support/postingBytes'
import { mulberry32 } from './querySampler'

interface Part {
  docs: number[]
  tfs: number[]
  /** Code it so (kind and parameters), not as planBlock chooses. */
  force?: { dense: boolean; kGap: number; kTf: number }
}

/** Encode entries as one block per part (each part's docs ascending, parts consecutive). */
function encodeList(parts: Part[]): Uint8Array {
  const total = parts.reduce((n, part) => n + part.docs.length, 0)
  const out = new Uint8Array(64 + total * 14 + parts.length * 12)
  let used = 0
  let previous = -1
  for (const part of parts) {
    const docs = Int32Array.from(part.docs)
    const tfs = Int32Array.from(part.tfs)
    const planned = planBlock(docs, tfs, 0, docs.length)
    expect(planned.bound).toBeGreaterThan(0)
    const plan = part.force
      ? { ...part.force, bound: 11 + 14 * (docs.length + (docs.at(-1) as number) - part.docs[0]!) }
      : planned
    const end = encodeBlock(out, used, previous, docs, tfs, 0, docs.length, plan)
    expect(end - used).toBeLessThanOrEqual(plan.bound)
    used = end
    previous = part.docs.at(-1) as number
  }
  return out.slice(0, used)
}

/** Encode, decode both ways, compare with the truth (tfs as stored); the blocks as read. */
function roundTrip(parts: Part[]): UnigramBlock[] {
  const bytes = encodeList(parts)
  const docs = parts.flatMap((part) => part.docs)
  const tfs = parts.flatMap((part) => part.tfs.map(storedTf))
  const blocks = decodeUnigramBlocks(bytes, docs.length)
  expect(blocks.flatMap((block) => block.docs)).toEqual(docs)
  expect(blocks.flatMap((block) => block.tfs)).toEqual(tfs)
  // The engine, into the middle of larger arrays (a key's later parts decode after its first).
  const outDocs = new Int32Array(docs.length + 3).fill(-7)
  const outTfs = new Uint8Array(docs.length + 3).fill(7)
  decodeUnigramList(bytes, docs.length, outDocs, outTfs, 2)
  expect(Array.from(outDocs.subarray(2, 2 + docs.length))).toEqual(docs)
  expect(Array.from(outTfs.subarray(2, 2 + docs.length))).toEqual(tfs)
  expect(outDocs[0]).toBe(-7)
  expect(outDocs[docs.length + 2]).toBe(-7)
  expect(unigramListLastDoc(bytes, docs.length)).toBe(docs.at(-1))
  return blocks
}

const range = (n: number, f: (i: number) => number): number[] =>
  Array.from({ length: n }, (_, i) => f(i))

describe('unigram list coding', () => {
  it('pins the format: bytes of a small list', () => {
    // Sparse: varint(3 + 1), params kTf 5 << 5 | kGap 0, varint(4 entries), then the codes
    // (q zeros, a one, k bits): tf − 1 = 0 → 1 00000, gap − 1 = 0 → 1, tf − 1 = 1 → 1 00001,
    // 1, 1 00000, gap − 1 = 2 → 001, tf 300 capped: 254 → 0000000 1 11110; padded with 0s:
    // 10000011 00001110 00000010 00000011 11100000.
    const bytes = encodeList([{ docs: [3, 4, 5, 8], tfs: [1, 2, 1, 300] }])
    expect(Array.from(bytes)).toEqual([4, 5 << 5, 4, 0x83, 0x0e, 0x02, 0x03, 0xe0])
    // Dense (every document, tf 3): params 1 << 5 | 31, per document tf → 01 1.
    const dense = encodeList([{ docs: range(8, (i) => i), tfs: range(8, () => 3) }])
    expect(Array.from(dense)).toEqual([1, (1 << 5) | 31, 8, 0x6d, 0xb6, 0xdb])
  })

  it('takes under a third of the varint-and-byte layout on a common unit', () => {
    // In most documents, counts like a common character's: was 2 bytes per entry.
    const random = mulberry32(3)
    const docs = range(20000, (i) => i).filter(() => random() < 0.9)
    const tfs = docs.map(() => 1 + Math.floor(-Math.log(1 - random()) * 6))
    const bytes = encodeList([{ docs, tfs }])
    expect(bytes.length / docs.length).toBeLessThan(0.6)
    const blocks = roundTrip([{ docs, tfs }])
    expect(blocks[0]?.dense).toBe(true)
  })

  it('reads gaps at the escape boundary and beyond', () => {
    // With k = kGap the code of gap − 1 = 23 · 2^k + r is 23 zeros, a one and k bits; from
    // 24 · 2^k on it is escaped (24 zeros, 31 raw bits). Documents go up to 2^31 − 1.
    for (const kGap of [0, 1, 5, 17, 24]) {
      for (const v of [0, 23 * 2 ** kGap, 24 * 2 ** kGap - 1, 24 * 2 ** kGap, 2 ** 31 - 8]) {
        if (v > 2 ** 31 - 8) continue
        const docs = [0, v + 1, v + 2, v + 4]
        const blocks = roundTrip([
          { docs, tfs: [1, 2, 3, 4], force: { dense: false, kGap, kTf: 0 } },
        ])
        expect(blocks[0]?.escapes).toBe(v >>> kGap >= 24 ? 1 : 0)
      }
    }
    // As planned: mostly adjacent documents (k = 0) and one gap of 24, then 25.
    for (const far of [23, 24]) {
      const docs = range(500, (i) => i)
      docs.push(499 + far + 1, 499 + far + 2)
      const block = roundTrip([{ docs, tfs: docs.map(() => 1) }])[0] as UnigramBlock
      expect([block.dense, block.kGap, block.escapes]).toEqual([false, 0, far - 23])
    }
    // Large gaps as planned: a large k (its bits need a second refill in the engine).
    const random = mulberry32(9)
    let doc = 0
    const docs = range(300, () => (doc += 1 + Math.floor(random() * 2 ** 21)))
    docs.push((docs.at(-1) as number) + 2 ** 30)
    const blocks = roundTrip([{ docs, tfs: docs.map((_, i) => 1 + (i % 5)) }])
    expect(blocks[0]?.kGap).toBeGreaterThan(15)
    expect(blocks[0]?.escapes).toBe(1)
  })

  it('reads counts at the escape boundary and caps them at 255', () => {
    expect([0, 1, 2, 254, 255, 256, 100000].map(storedTf)).toEqual([1, 1, 2, 254, 255, 255, 255])
    // Sparse codes tf − 1, dense codes tf (0: not in that document): escaped from q = 24 on.
    for (const kTf of [0, 1, 2, 3, 7]) {
      for (const dense of [false, true]) {
        const base = dense ? 0 : 1
        for (const tf of [23, 24, 25].map((q) => q * 2 ** kTf + base).concat([1, 255, 256, 9999])) {
          const docs = [5, 6, 7, 9]
          const tfs = [1, tf, 2, tf]
          const block = roundTrip([{ docs, tfs, force: { dense, kGap: dense ? 31 : 0, kTf } }])[0]
          const code = storedTf(tf) - base
          expect(block?.escapes).toBe(code >>> kTf >= 24 ? 2 : 0)
          expect(block?.tfs[1]).toBe(Math.min(TF_CAP, tf))
        }
      }
    }
    // As planned, mostly tf 1 (k = 0): the code of tf − 1 = 23 is not escaped, 24 is.
    for (const tf of [24, 25]) {
      const docs = range(400, (i) => i * 3)
      const tfs = docs.map((_, i) => (i === 200 ? tf : 1))
      const block = roundTrip([{ docs, tfs }])[0] as UnigramBlock
      expect([block.dense, block.kTf, block.escapes]).toEqual([false, 0, tf - 24])
    }
  })

  it('reads random lists of any density in several blocks', () => {
    const random = mulberry32(17)
    for (let trial = 0; trial < 200; trial++) {
      const density = [1, 0.97, 0.6, 0.2, 0.01, 0.0005][trial % 6] as number
      const parts: { docs: number[]; tfs: number[] }[] = []
      let doc = Math.floor(random() * 50)
      for (let p = 1 + Math.floor(random() * 4); p > 0; p--) {
        const docs: number[] = []
        const n = 1 + Math.floor(random() * 300)
        while (docs.length < n) {
          if (random() < density) docs.push(doc)
          doc++
        }
        const spread = [1, 4, 40, 400][Math.floor(random() * 4)] as number
        parts.push({ docs, tfs: docs.map(() => 1 + Math.floor(random() * spread)) })
        doc += Math.floor(random() * 1000)
      }
      const blocks = roundTrip(parts)
      expect(blocks.length).toBe(parts.length)
    }
  })

  it('reads lists coded with any parameters, escapes between short codes', () => {
    // Forced parameters: codes of every length next to each other, so the engine's paths
    // (a second code or entry without a refill, the long way, the list's last bytes) all mix.
    const random = mulberry32(23)
    for (let trial = 0; trial < 300; trial++) {
      const dense = trial % 2 === 0
      const kGap = dense ? 31 : Math.floor(random() * 25)
      const kTf = Math.floor(random() * 8)
      const docs: number[] = []
      const tfs: number[] = []
      let doc = Math.floor(random() * 10)
      for (let n = 1 + Math.floor(random() * 60); n > 0; n--) {
        docs.push(doc)
        const big = random() < 0.1
        tfs.push(1 + Math.floor(random() * (big ? 300 : 4)))
        doc += 1 + (dense ? Math.floor(random() * 3) : Math.floor(random() * (big ? 2 ** 26 : 40)))
      }
      roundTrip([{ docs, tfs, force: { dense, kGap, kTf } }])
    }
  })

  it('keeps lists exact across runs merged by re-basing their first delta', () => {
    const batch = new UnigramBatch()
    const random = mulberry32(4)
    const truth = new Map<number, [number, number][]>()
    const runs: PostingRun[] = []
    let doc = 0
    for (let r = 0; r < 6; r++) {
      for (let d = 0; d < 200; d++, doc++) {
        batch.reserve(3)
        // A unit in every document, one in most, one rare.
        for (const [key, p] of [
          [0x7684, 1],
          [0x662f, 0.8],
          [-0x1234, 0.02],
        ] as const) {
          if (random() >= p) continue
          const tf = 1 + Math.floor(random() * 400)
          batch.push(key, doc, tf)
          truth.set(key, [...(truth.get(key) ?? []), [doc, Math.min(255, tf)]])
        }
      }
      runs.push(batch.seal() as PostingRun)
    }
    const merged = mergeRuns(runs, 1)
    for (const [key, entries] of truth) {
      const i = merged.find(key)
      const bytes = merged.list(i)
      const count = merged.counts[i] as number
      expect(count).toBe(entries.length)
      const blocks = decodeUnigramBlocks(bytes, count)
      expect(blocks.flatMap((block) => block.docs)).toEqual(entries.map((e) => e[0]))
      expect(blocks.flatMap((block) => block.tfs)).toEqual(entries.map((e) => e[1]))
      const docs = new Int32Array(count)
      const tfs = new Uint8Array(count)
      decodeUnigramList(bytes, count, docs, tfs, 0)
      expect(Array.from(docs)).toEqual(entries.map((e) => e[0]))
      expect(Array.from(tfs)).toEqual(entries.map((e) => e[1]))
      expect(merged.lastDocs[i]).toBe(entries.at(-1)?.[0])
    }
    const every = decodeUnigramBlocks(
      merged.list(merged.find(0x7684)),
      merged.counts[merged.find(0x7684)] as number,
    )
    expect(every.length).toBe(6)
    expect(every.every((block) => block.dense)).toBe(true)
  })

  it('fails on a damaged list instead of looping or writing past its entries', () => {
    const docs = range(3000, (i) => i)
    const bytes = encodeList([{ docs, tfs: docs.map(() => 1) }])
    const out = new Int32Array(3000)
    const tfs = new Uint8Array(3000)
    expect(() => decodeUnigramList(bytes.subarray(0, 100), 3000, out, tfs, 0)).toThrow(/damaged/)
    // More entries than the list holds: the next "block" is past the end.
    expect(() =>
      decodeUnigramList(bytes, 3001, new Int32Array(3001), new Uint8Array(3001), 0),
    ).toThrow(/damaged/)
    // An empty block.
    expect(() => decodeUnigramList(Uint8Array.from([1, 0, 0, 0xff]), 1, out, tfs, 0)).toThrow(
      /damaged/,
    )
  })
})
