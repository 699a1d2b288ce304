/** Reading posting lists in tests, by decoders written apart from the engine's. */
import { expect } from 'vitest'

/** Reads varints (7 bits per byte, low first) from `bytes`, front to back. */
export class VarintReader {
  pos = 0
  constructor(readonly bytes: Uint8Array) {}

  next(): number {
    let value = 0
    let shift = 1
    let b: number
    do {
      b = this.bytes[this.pos++] as number
      value += (b & 0x7f) * shift
      shift *= 128
    } while (b & 0x80)
    return value
  }

  get done(): boolean {
    return this.pos >= this.bytes.length
  }
}

/**
 * Decode a bigram stream: per entry varint doc delta, varint(first position × 2 + 1 when it is
 * the only one), and otherwise varint tf and the tf − 1 other position deltas.
 */
export function decodeBigrams(lists: { count: number; bytes: Uint8Array }[]): [number, number[]][] {
  const out: [number, number[]][] = []
  for (const { count, bytes } of lists) {
    const read = new VarintReader(bytes)
    let doc = -1
    for (let k = 0; k < count; k++) {
      doc += read.next()
      const head = read.next()
      const tf = head % 2 === 1 ? 1 : read.next()
      let position = Math.floor(head / 2)
      const positions: number[] = [position]
      for (let t = 1; t < tf; t++) positions.push((position += read.next()))
      out.push([doc, positions])
    }
    expect(read.pos).toBe(bytes.length)
  }
  return out
}

/**
 * Documents of a stream of fixed entries: varint doc delta and one byte per entry (unigram
 * lists had this layout before snapshot format 8; the segment machinery still takes it as its
 * default entry layout).
 */
export function byteEntryDocs(
  bytes: Uint8Array,
  count = Infinity,
): { docs: number[]; extras: number[] } {
  const read = new VarintReader(bytes)
  const docs: number[] = []
  const extras: number[] = []
  let doc = -1
  for (let k = 0; k < count && !read.done; k++) {
    docs.push((doc += read.next()))
    extras.push(bytes[read.pos++] as number)
  }
  return { docs, extras }
}

/** One block of a unigram list, as read back by `decodeUnigramBlocks`. */
export interface UnigramBlock {
  /** Its first document, absolute. */
  first: number
  dense: boolean
  kGap: number
  kTf: number
  docs: number[]
  tfs: number[]
  /** Bytes it takes, header included. */
  bytes: number
  /** Its codes written as 24 zeros and 31 raw bits. */
  escapes: number
}

/**
 * Decode a unigram list (format 8, see unigramCoding.ts) one bit at a time: per block
 * varint(first doc − previous block's last doc, or + 1), params byte (low 5 bits kGap, 31 for
 * dense; high 3 bits kTf), varint(entries), then Rice codes (q zeros, a one, k bits; 24 zeros
 * and 31 raw bits for q ≥ 24), MSB first, padded to a byte. Sparse: per entry gap − 1 (not for
 * the first) and tf − 1; dense: per document from the first, tf or 0. Checks that the list
 * ends exactly after `count` entries.
 */
export function decodeUnigramBlocks(bytes: Uint8Array, count: number): UnigramBlock[] {
  const read = new VarintReader(bytes)
  const blocks: UnigramBlock[] = []
  let previous = -1
  let total = 0
  while (total < count) {
    const start = read.pos
    const first = previous + read.next()
    const params = bytes[read.pos++] as number
    const entries = read.next()
    expect(entries).toBeGreaterThan(0)
    const kGap = params & 31
    const kTf = params >> 5
    const block: UnigramBlock = {
      first,
      dense: kGap === 31,
      kGap,
      kTf,
      docs: [],
      tfs: [],
      bytes: 0,
      escapes: 0,
    }
    let bit = read.pos * 8
    const readBit = (): number => ((bytes[bit >> 3] as number) >> (7 - (bit++ & 7))) & 1
    const rice = (k: number): number => {
      let q = 0
      while (q < 24 && readBit() === 0) q++
      let v = 0
      if (q === 24) {
        block.escapes++
        for (let i = 0; i < 31; i++) v = v * 2 + readBit()
      } else {
        for (let i = 0; i < k; i++) v = v * 2 + readBit()
        v += q * 2 ** k
      }
      return v
    }
    let doc = first
    while (block.docs.length < entries) {
      if (block.dense) {
        const tf = rice(kTf)
        if (tf > 0) {
          block.docs.push(doc)
          block.tfs.push(tf)
        }
        doc++
      } else {
        if (block.docs.length > 0) doc += rice(kGap) + 1
        block.docs.push(doc)
        block.tfs.push(rice(kTf) + 1)
      }
    }
    read.pos = Math.ceil(bit / 8)
    block.bytes = read.pos - start
    blocks.push(block)
    previous = block.docs.at(-1) as number
    total += entries
  }
  expect(total).toBe(count)
  expect(read.pos).toBe(bytes.length)
  return blocks
}

/** Documents and tfs of a unigram list (format 8), decoded apart from the engine. */
export function unigramEntries(
  bytes: Uint8Array,
  count: number,
): { docs: number[]; tfs: number[] } {
  const blocks = decodeUnigramBlocks(bytes, count)
  return { docs: blocks.flatMap((b) => b.docs), tfs: blocks.flatMap((b) => b.tfs) }
}
