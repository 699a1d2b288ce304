/**
 * Compact posting lists for CJK unigrams and bigrams, outside FlexSearch (see
 * docs/search-design.md for the measurements that forced this). All lists live in ONE
 * growable byte arena as chains of blocks, so a million mostly tiny lists cost a few
 * typed arrays instead of a million JS arrays. Entry: varint(doc − previous doc), then
 * `extra` bytes (term frequency, position mask). Documents are appended in increasing
 * number order, so deltas stay positive; deleted documents are filtered by the caller.
 */
import { IntMap } from './intMap'

const HEADER = 8 // u32 next block offset (0 = none), u32 data capacity
const FIRST_BLOCK = 8
const MAX_BLOCK = 4096

export interface DecodedList {
  docs: Int32Array
  /** `extra` bytes per entry, entry-major. */
  extras: Uint8Array
}

export class PostingArena {
  private bytes: Uint8Array
  private view: DataView
  private used = HEADER // offset 0 is reserved so that 0 means "no block"
  private slotCount = 0
  private head: Uint32Array
  private tail: Uint32Array
  private tailPos: Uint32Array
  private lastDoc: Int32Array
  private count: Uint32Array
  private readonly slots = new IntMap(4096)

  constructor(
    /** Bytes stored with each entry after the document delta. */
    readonly extra: number,
    initialBytes = 1 << 20,
  ) {
    this.bytes = new Uint8Array(initialBytes)
    this.view = new DataView(this.bytes.buffer)
    this.head = new Uint32Array(1024)
    this.tail = new Uint32Array(1024)
    this.tailPos = new Uint32Array(1024)
    this.lastDoc = new Int32Array(1024)
    this.count = new Uint32Array(1024)
  }

  get keyCount(): number {
    return this.slotCount
  }

  /** Bytes of the arena in use. */
  get byteLength(): number {
    return this.used
  }

  /** Memory held by the arena and its slot tables (not counting the key map). */
  get allocatedBytes(): number {
    return this.bytes.byteLength + this.head.byteLength * 5
  }

  /** Number of entries (documents) in a key's list, deleted ones included. */
  documentFrequency(key: number): number {
    const slot = this.slots.get(key)
    return slot < 0 ? 0 : (this.count[slot] as number)
  }

  append(key: number, doc: number, extras: ArrayLike<number>): void {
    let slot = this.slots.get(key)
    if (slot < 0) slot = this.newSlot(key)
    const previous = this.lastDoc[slot] as number
    if (doc <= previous) throw new Error(`search: posting for doc ${doc} after doc ${previous}`)
    let delta = doc - previous
    this.lastDoc[slot] = doc
    this.count[slot] = (this.count[slot] as number) + 1
    const extra = this.extra
    let pos = this.tailPos[slot] as number
    const tail = this.tail[slot] as number
    // Fast path: the whole entry (≤ 5 varint bytes + extras) fits in the current block.
    if (pos + 5 + extra <= tail + HEADER + this.view.getUint32(tail + 4, true)) {
      const bytes = this.bytes
      while (delta >= 0x80) {
        bytes[pos++] = (delta & 0x7f) | 0x80
        delta >>>= 7
      }
      bytes[pos++] = delta
      for (let i = 0; i < extra; i++) bytes[pos++] = extras[i] as number
      this.tailPos[slot] = pos
      return
    }
    while (delta >= 0x80) {
      this.writeByte(slot, (delta & 0x7f) | 0x80)
      delta >>>= 7
    }
    this.writeByte(slot, delta)
    for (let i = 0; i < extra; i++) this.writeByte(slot, extras[i] as number)
  }

  /**
   * Append an entry whose extra bytes have a variable length (`payload[0..length)`); the
   * payload must delimit itself for decoding (the bigram lists use varint tf + positions).
   */
  appendPayload(key: number, doc: number, payload: Uint8Array, length: number): void {
    let slot = this.slots.get(key)
    if (slot < 0) slot = this.newSlot(key)
    const previous = this.lastDoc[slot] as number
    if (doc <= previous) throw new Error(`search: posting for doc ${doc} after doc ${previous}`)
    let delta = doc - previous
    this.lastDoc[slot] = doc
    this.count[slot] = (this.count[slot] as number) + 1
    let pos = this.tailPos[slot] as number
    const tail = this.tail[slot] as number
    if (pos + 5 + length <= tail + HEADER + this.view.getUint32(tail + 4, true)) {
      const bytes = this.bytes
      while (delta >= 0x80) {
        bytes[pos++] = (delta & 0x7f) | 0x80
        delta >>>= 7
      }
      bytes[pos++] = delta
      bytes.set(payload.subarray(0, length), pos)
      this.tailPos[slot] = pos + length
      return
    }
    while (delta >= 0x80) {
      this.writeByte(slot, (delta & 0x7f) | 0x80)
      delta >>>= 7
    }
    this.writeByte(slot, delta)
    for (let i = 0; i < length; i++) this.writeByte(slot, payload[i] as number)
  }

  /** A key's list as one contiguous byte stream (a copy), or null when the key has none. */
  listBytes(key: number): { count: number; bytes: Uint8Array } | null {
    const slot = this.slots.get(key)
    if (slot < 0) return null
    return {
      count: this.count[slot] as number,
      bytes: this.gather(slot, new Uint8Array(256)).slice(),
    }
  }

  decode(key: number): DecodedList {
    const slot = this.slots.get(key)
    if (slot < 0) return { docs: new Int32Array(0), extras: new Uint8Array(0) }
    const n = this.count[slot] as number
    const extra = this.extra
    const docs = new Int32Array(n)
    const extras = new Uint8Array(n * extra)
    const bytes = this.bytes
    const tail = this.tail[slot] as number
    const tailPos = this.tailPos[slot] as number
    let block = this.head[slot] as number
    let pos = block + HEADER
    let end = block === tail ? tailPos : pos + this.view.getUint32(block + 4, true)
    let doc = -1
    let delta = 0
    let shift = 0
    let entry = 0
    let extraIndex = -1 // -1 while reading the delta
    while (entry < n) {
      if (pos >= end) {
        block = this.view.getUint32(block, true)
        pos = block + HEADER
        end = block === tail ? tailPos : pos + this.view.getUint32(block + 4, true)
        continue
      }
      const b = bytes[pos++] as number
      if (extraIndex < 0) {
        delta += (b & 0x7f) * 2 ** shift
        shift += 7
        if (b & 0x80) continue
        doc += delta
        docs[entry] = doc
        delta = 0
        shift = 0
        if (extra === 0) entry++
        else extraIndex = 0
      } else {
        extras[entry * extra + extraIndex] = b
        if (++extraIndex === extra) {
          extraIndex = -1
          entry++
        }
      }
    }
    return { docs, extras }
  }

  /**
   * Visit every list in increasing key order as one contiguous byte stream (for writing a
   * segment). The stream handed to `visit` is reused: copy it if you keep it.
   */
  forEachListByKey(visit: (key: number, count: number, bytes: Uint8Array) => void): void {
    const keys = new Int32Array(this.slotCount)
    let n = 0
    this.slots.forEach((key) => (keys[n++] = key))
    keys.sort()
    let scratch = new Uint8Array(1 << 16)
    for (const key of keys) {
      const slot = this.slots.get(key)
      const bytes = this.gather(slot, scratch)
      if (bytes.buffer !== scratch.buffer) scratch = new Uint8Array(bytes.buffer as ArrayBuffer)
      visit(key, this.count[slot] as number, bytes)
    }
  }

  /** Copy a slot's chain of blocks into `scratch` (grown if needed); returns the filled view. */
  private gather(slot: number, scratch: Uint8Array): Uint8Array {
    const tail = this.tail[slot] as number
    let length = 0
    let block = this.head[slot] as number
    while (true) {
      const start = block + HEADER
      const end =
        block === tail
          ? (this.tailPos[slot] as number)
          : start + this.view.getUint32(block + 4, true)
      if (length + end - start > scratch.length) {
        const grown = new Uint8Array(Math.max(scratch.length * 2, length + end - start))
        grown.set(scratch.subarray(0, length))
        scratch = grown
      }
      scratch.set(this.bytes.subarray(start, end), length)
      length += end - start
      if (block === tail) break
      block = this.view.getUint32(block, true)
    }
    return scratch.subarray(0, length)
  }

  /** Forget every list but keep the allocated memory (after a segment flush). */
  reset(): void {
    this.slots.clear()
    this.slotCount = 0
    this.used = HEADER
  }

  private newSlot(key: number): number {
    const slot = this.slotCount++
    if (slot >= this.head.length) this.growSlots()
    this.slots.set(key, slot)
    const block = this.allocate(FIRST_BLOCK)
    this.head[slot] = block
    this.tail[slot] = block
    this.tailPos[slot] = block + HEADER
    this.lastDoc[slot] = -1
    this.count[slot] = 0
    return slot
  }

  private writeByte(slot: number, value: number): void {
    let pos = this.tailPos[slot] as number
    const tail = this.tail[slot] as number
    const capacity = this.view.getUint32(tail + 4, true)
    if (pos === tail + HEADER + capacity) {
      // Blocks double up to MAX_BLOCK so long lists waste little and short ones stay small.
      const block = this.allocate(Math.min(capacity * 2, MAX_BLOCK))
      this.view.setUint32(tail, block, true)
      this.tail[slot] = block
      pos = block + HEADER
    }
    this.bytes[pos] = value
    this.tailPos[slot] = pos + 1
  }

  private allocate(capacity: number): number {
    const need = this.used + HEADER + capacity
    if (need > this.bytes.length) {
      let size = this.bytes.length * 2
      while (size < need) size *= 2
      const grown = new Uint8Array(size)
      grown.set(this.bytes.subarray(0, this.used))
      this.bytes = grown
      this.view = new DataView(grown.buffer)
    }
    const block = this.used
    this.view.setUint32(block, 0, true)
    this.view.setUint32(block + 4, capacity, true)
    this.used = need
    return block
  }

  private growSlots(): void {
    const size = this.head.length * 2
    const grownU = (a: Uint32Array): Uint32Array => {
      const b = new Uint32Array(size)
      b.set(a)
      return b
    }
    this.head = grownU(this.head)
    this.tail = grownU(this.tail)
    this.tailPos = grownU(this.tailPos)
    this.count = grownU(this.count)
    const last = new Int32Array(size)
    last.set(this.lastDoc)
    this.lastDoc = last
  }
}

/**
 * Decode `count` entries from one contiguous stream (a segment's list) into `docs` and
 * `extras` starting at entry `at`. The first delta of a stream is relative to −1.
 */
export function decodeStream(
  bytes: Uint8Array,
  count: number,
  extra: number,
  docs: Int32Array,
  extras: Uint8Array,
  at: number,
): void {
  let pos = 0
  let doc = -1
  for (let entry = at; entry < at + count; entry++) {
    let delta = 0
    let shift = 0
    let b: number
    do {
      b = bytes[pos++] as number
      delta += (b & 0x7f) * 2 ** shift
      shift += 7
    } while (b & 0x80)
    doc += delta
    docs[entry] = doc
    for (let k = 0; k < extra; k++) extras[entry * extra + k] = bytes[pos++] as number
  }
}
