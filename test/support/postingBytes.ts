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

/** Documents of a unigram-layout stream: varint doc delta and one byte per entry. */
export function unigramDocs(
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
