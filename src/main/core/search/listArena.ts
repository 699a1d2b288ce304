/**
 * Byte lists that grow at their end, back to back in one Uint8Array, described by typed
 * columns by list id (start, room, bytes used): no object and no array buffer per list. The
 * word positions (wordPositions.ts) keep their 80k lists here: as an object with its own
 * Uint8Array each they were 320k heap objects and 80k backing stores at 100k articles, which
 * every major collection of the search worker marked and swept.
 *
 * A list that outgrows its room moves to the end of the arena with twice the room (or grows in
 * place when it is last); `compact` closes the gaps this leaves.
 */
import { grow } from './typedArrays'

/** A list's room after a compaction or a load: its bytes and an eighth more. */
const roomFor = (used: number): number => used + (used >> 3) + 8

export class ListArena {
  private arena = new Uint8Array(1 << 16)
  /** Bytes of the arena in use (lists, their room, and the gaps moved lists left). */
  private end = 0
  private start = new Uint32Array(1024)
  private room = new Uint32Array(1024)
  private used = new Uint32Array(1024)
  private lists = 0

  get size(): number {
    return this.lists
  }

  /** The arena, to write into at an offset `reserve` gave (it may be replaced by the next). */
  get bytes(): Uint8Array {
    return this.arena
  }

  /** Bytes the arena holds (lists, their spare room and gaps): what the lists cost in memory. */
  get arenaBytes(): number {
    return this.arena.length
  }

  /** Bytes of all lists. */
  get byteLength(): number {
    let n = 0
    for (let id = 0; id < this.lists; id++) n += this.used[id] as number
    return n
  }

  /** A new list holding `initial` (empty by default): its id is the number of lists before it. */
  add(initial?: Uint8Array): number {
    const id = this.lists++
    if (id >= this.start.length) {
      const size = this.start.length * 2
      this.start = grow(this.start, size)
      this.room = grow(this.room, size)
      this.used = grow(this.used, size)
    }
    const length = initial?.length ?? 0
    const room = initial === undefined ? 0 : roomFor(length)
    this.fit(this.end + room)
    if (initial !== undefined) this.arena.set(initial, this.end)
    this.start[id] = this.end
    this.room[id] = room
    this.used[id] = length
    this.end += room
    return id
  }

  /** Make room for `lists` more lists of `bytes` in all at once (a load): one growth at most. */
  expect(bytes: number, lists: number): void {
    this.fit(this.end + bytes + (bytes >> 3) + 8 * lists)
  }

  /**
   * Room for `bytes` more at the end of list `id`: the offset in `this.bytes` to write them at.
   * Then `setEnd` says where the written bytes end.
   */
  reserve(id: number, bytes: number): number {
    const start = this.start[id] as number
    const used = this.used[id] as number
    const room = this.room[id] as number
    if (used + bytes <= room) return start + used
    const wanted = Math.max(16, used + bytes, room * 2)
    const last = start + room === this.end
    const from = last ? start : this.end
    this.fit(from + wanted)
    if (!last) this.arena.copyWithin(from, start, start + used)
    this.start[id] = from
    this.room[id] = wanted
    this.end = from + wanted
    return from + used
  }

  /** List `id` now ends at `offset` of the arena (after writing from where `reserve` said). */
  setEnd(id: number, offset: number): void {
    this.used[id] = offset - (this.start[id] as number)
  }

  /** The bytes of list `id`: a view that stays valid (moved or compacted lists leave it be). */
  view(id: number): Uint8Array {
    const start = this.start[id] as number
    return this.arena.subarray(start, start + (this.used[id] as number))
  }

  usedOf(id: number): number {
    return this.used[id] as number
  }

  /**
   * Close the gaps moved lists left, lists in `order` (every id once), each with an eighth of
   * spare room (without it, the first document added after a compaction moved every list it
   * touched). Returns the bytes the arena shrank by (0 when it would shrink by less than a
   * quarter: not worth a copy).
   */
  compact(order: Iterable<number>): number {
    let rooms = 0
    for (let id = 0; id < this.lists; id++) rooms += roomFor(this.used[id] as number)
    if (this.arena.length - rooms < this.arena.length / 4) return 0
    const arena = new Uint8Array(Math.max(1024, rooms))
    let at = 0
    for (const id of order) {
      const start = this.start[id] as number
      const used = this.used[id] as number
      arena.set(this.arena.subarray(start, start + used), at)
      this.start[id] = at
      this.room[id] = roomFor(used)
      at += roomFor(used)
    }
    const saved = this.arena.length - arena.length
    this.arena = arena
    this.end = at
    return saved
  }

  /** Grows by half (doubling left a compacted 52 MB arena at 104 MB after one more document). */
  private fit(bytes: number): void {
    if (bytes <= this.arena.length) return
    const bigger = new Uint8Array(Math.max(bytes, Math.ceil(this.arena.length * 1.5)))
    bigger.set(this.arena.subarray(0, this.end))
    this.arena = bigger
  }
}
