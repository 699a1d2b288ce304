/**
 * The byte form of one word-index term's slots (wordIndexSnapshot.ts): varint(slot count), then
 * per slot varint(0 = none, else entries + 1) and the entries as varints of zigzag deltas from
 * the previous number (from −1).
 */
import { writeVarint } from './postingRun'

/** FlexSearch's value for a term: per resolution slot, the document numbers (or nothing). */
export type Slots = (number[] | null | undefined)[]

export function decodeSlots(data: Uint8Array, offset: number): Slots {
  let p = offset
  const varint = (): number => {
    let b = data[p++] as number
    let value = b & 0x7f
    for (let shift = 128; b & 0x80; shift *= 128) {
      b = data[p++] as number
      value += (b & 0x7f) * shift
    }
    return value
  }
  const slotCount = varint()
  const slots: Slots = []
  for (let s = 0; s < slotCount; s++) {
    const entries = varint()
    if (entries === 0) {
      slots.push(null)
      continue
    }
    const ids: number[] = []
    let id = -1
    for (let k = 1; k < entries; k++) {
      const zigzag = varint()
      id += zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2
      ids.push(id)
    }
    slots.push(ids)
  }
  return slots
}

export function encodeSlots(out: ByteWriter, slots: Slots): void {
  out.varint(slots.length)
  for (let s = 0; s < slots.length; s++) {
    const ids = slots[s]
    if (!ids) {
      out.varint(0)
      continue
    }
    out.varint(ids.length + 1)
    let previous = -1
    for (const id of ids) {
      const delta = id - previous
      out.varint(delta >= 0 ? delta * 2 : -delta * 2 - 1)
      previous = id
    }
  }
}

/** A growable byte buffer. */
export class ByteWriter {
  private buffer = new Uint8Array(1 << 16)
  length = 0

  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return
    const grown = new Uint8Array(Math.max(this.length + n, this.buffer.length * 2))
    grown.set(this.buffer.subarray(0, this.length))
    this.buffer = grown
  }

  varint(value: number): void {
    this.reserve(10)
    this.length = writeVarint(this.buffer, this.length, value)
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length)
    this.buffer.set(data, this.length)
    this.length += data.length
  }

  result(): Uint8Array {
    return this.buffer.subarray(0, this.length)
  }
}
