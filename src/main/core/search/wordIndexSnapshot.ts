/**
 * FlexSearch's word index in a snapshot, restored lazily.
 *
 * FlexSearch keeps, per indexed term (each word prefix), an array of resolution slots, each an
 * array of document numbers. Its own export/import goes through JSON and rebuilds every array:
 * at 100k articles 93k terms, 274k arrays, 10.9M numbers — 0.25 s to read and 0.30–0.38 s to
 * parse and import, and even decoding a compact binary form into arrays costs ~0.2 s plus GC.
 * A query reads a handful of terms. So the snapshot keeps the terms (sorted) and their slots in
 * a compact byte form, and the restored index gets a `Map` whose entries are decoded the first
 * time FlexSearch asks for them; anything that walks the whole map (FlexSearch's export,
 * cleanup, `size`) decodes every entry first, so it sees exactly the map it would have had.
 *
 * This relies on two internals of FlexSearch 0.8 (the version is pinned; a unit test checks
 * them): `index.map` (term → slots, read with `get`, written with `get` then `set`) and
 * `index.reg` (a Set of document numbers when `fastupdate` is off, our configuration).
 *
 * Per term in `words.data`: its slots in wordSlotCoding.ts's byte form.
 */
import type { Index } from 'flexsearch'
import { LazyMap } from './lazyMap'
import { SnapshotError, type SnapshotReader, type SnapshotSections } from './snapshotCodec'
import { SteppedSort } from './steppedSort'
import { ByteWriter, decodeSlots, encodeSlots, type Slots } from './wordSlotCoding'

interface FlexInternals {
  map: Map<string, Slots>
  reg: Set<number>
}

function internalsOf(words: Index): FlexInternals {
  const candidate = words as unknown as Partial<FlexInternals>
  if (!(candidate.map instanceof Map) || !(candidate.reg instanceof Set))
    throw new Error('search: FlexSearch internals (map, reg) are not as expected')
  return candidate as FlexInternals
}

interface StoredTerms {
  /** Sorted by UTF-16 code units (the order of `<` and of the default sort). */
  terms: string[]
  /** Byte offset of each term's slots in `data`, plus the end. */
  offsets: Float64Array
  data: Uint8Array
}

/** A term map that decodes stored entries on first access. */
class LazyTermMap extends LazyMap<string, Slots> {
  private pending: number
  private readonly decoded: Uint8Array

  constructor(private readonly stored: StoredTerms) {
    super()
    this.pending = stored.terms.length
    this.decoded = new Uint8Array(stored.terms.length)
  }

  /** Index of `term` among the stored terms, or −1. */
  private find(term: string): number {
    const terms = this.stored.terms
    let lo = 0
    let hi = terms.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const value = terms[mid] as string
      if (value === term) return mid
      if (value < term) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  /** Decode stored entry `i` unless done (or overridden by a `set`/`delete`). */
  private load(i: number): void {
    if (this.decoded[i] === 1) return
    this.decoded[i] = 1
    this.pending--
    const { terms, offsets, data } = this.stored
    this.putLoaded(terms[i] as string, decodeSlots(data, offsets[i] as number))
  }

  protected loadAll(): void {
    for (let i = 0; this.pending > 0 && i < this.decoded.length; i++) this.load(i)
  }

  protected override loadKey(term: string): void {
    if (this.pending === 0) return
    const i = this.find(term)
    if (i >= 0) this.load(i)
  }

  /** Marks a stored entry as replaced; returns whether there was one. */
  protected override forgetKey(term: string): boolean {
    if (this.pending === 0) return false
    const i = this.find(term)
    if (i < 0 || this.decoded[i] === 1) return false
    this.decoded[i] = 1
    this.pending--
    return true
  }

  /** Holds stored entry `i` as the given (equal) slots instead of decoding it. */
  keepDecoded(i: number, slots: Slots): void {
    if (this.decoded[i] === 1) return
    this.decoded[i] = 1
    this.pending--
    this.putLoaded(this.stored.terms[i] as string, slots)
  }

  /** Entries held as arrays: decoded from the stored form, or added since. */
  get decodedCount(): number {
    return Reflect.get(Map.prototype, 'size', this)
  }

  protected forgetAll(): void {
    this.decoded.fill(1)
    this.pending = 0
  }

  /** The stored terms not decoded (the decoded ones are the Map's own keys). */
  undecodedTerms(): string[] {
    const { terms } = this.stored
    const out: string[] = []
    for (let i = 0; i < terms.length; i++) if (this.decoded[i] !== 1) out.push(terms[i] as string)
    return out
  }

  /** The stored bytes of `term` when it is stored and not decoded, else null. */
  undecodedBytes(term: string): Uint8Array | null {
    const i = this.find(term)
    if (i < 0 || this.decoded[i] === 1) return null
    const { offsets, data } = this.stored
    return data.subarray(offsets[i], offsets[i + 1])
  }
}

/** Adds FlexSearch's word index to a snapshot being written. */
export function saveWordIndex(words: Index, sections: SnapshotSections): void {
  const { map, reg } = internalsOf(words)
  const { terms, offsets, data } = encodeTerms(map)
  const ids = Array.from(reg)
  if (!ids.every((id) => Number.isInteger(id) && id >= 0 && id <= 0x7fffffff))
    throw new Error('search: the word index holds ids that are not document numbers')
  sections.add('words.reg', Int32Array.from(ids))
  sections.addStrings('words.terms', terms)
  sections.add('words.offsets', offsets)
  sections.add('words.data', data)
}

/** Fewer decoded terms than this are not worth re-encoding (packWordIndex). */
const PACK_MIN_DECODED = 1000
/**
 * Terms stored in this many bytes or more (about as many documents: most deltas take a byte)
 * stay decoded when packing. At 100k articles that is ~100 terms (`2`, `a`, `20`, `201`…,
 * 23–94k documents each): ~4 MB stored, ~35 MB as arrays. Nearly every add touches them, and
 * an add to a packed term decodes all its slots; so did the first query for one.
 */
const KEEP_DECODED_BYTES = 20_000

/** Term entries held decoded, as JS arrays (all of them unless restored from a snapshot). */
export function decodedWordTerms(words: Index): number {
  const { map } = internalsOf(words)
  return map instanceof LazyTermMap ? map.decodedCount : map.size
}

/**
 * Puts the word index back into its stored form, as a restore leaves it: each term is decoded
 * again when a query or an add first asks for it. After a build at 100k articles its arrays
 * take ~165 MB of the heap, stored ~21 MB; a full heap makes every major collection (a pause
 * in whatever search runs then) longer. Encoding takes ~0.5 s there (see WordPack for it in
 * steps). Does nothing (false) below `minDecoded` decoded terms. Terms stored in
 * `keepFromBytes` or more stay decoded.
 */
export function packWordIndex(
  words: Index,
  minDecoded = PACK_MIN_DECODED,
  keepFromBytes = KEEP_DECODED_BYTES,
): boolean {
  const pack = startWordPack(words, minDecoded, keepFromBytes)
  if (pack === null) return false
  return pack.step(Infinity) && pack.replaced
}

/** A WordPack when at least `minDecoded` terms are decoded, else null (nothing worth it). */
export function startWordPack(
  words: Index,
  minDecoded = PACK_MIN_DECODED,
  keepFromBytes = KEEP_DECODED_BYTES,
): WordPack | null {
  return decodedWordTerms(words) < minDecoded ? null : new WordPack(words, keepFromBytes)
}

/**
 * packWordIndex in steps, so that the worker answers searches between them (the whole of it
 * blocked the worker for ~0.5 s at 100k articles). `step` sorts the terms (in steps too:
 * steppedSort.ts; the native sort took ~50 ms at 100k) and encodes them until its deadline,
 * and the last one puts the packed map in place. The index must not change in between: an add pushes into the very arrays being
 * encoded. Its owner (quietPacking.ts) drops the pack when an add comes (a removal leaves the
 * word index alone).
 */
export class WordPack {
  private readonly old: Map<string, Slots>
  private readonly encoder: TermEncoder
  /** True once the packed map replaced the old one. */
  replaced = false

  constructor(
    private readonly words: Index,
    private readonly keepFromBytes: number,
  ) {
    this.old = internalsOf(words).map
    this.encoder = new TermEncoder(this.old)
  }

  /**
   * Encode terms until `deadline` (performance.now()); true when done: the packed map is in
   * place, or the map was replaced by someone else meanwhile (then nothing is done).
   */
  step(deadline: number): boolean {
    const internals = internalsOf(this.words)
    if (this.replaced || internals.map !== this.old) return true
    if (!this.encoder.run(deadline)) return false
    internals.map = this.packed(this.encoder.result())
    this.replaced = true
    return true
  }

  private packed(stored: StoredTerms): LazyTermMap {
    // One string for all the terms, sliced, as a restore has them: a term sliced from the
    // article it was first seen in would keep that article's text alive.
    const column = stored.terms.join('')
    let at = 0
    const terms = stored.terms.map((term) => column.slice(at, (at += term.length)))
    const packed = new LazyTermMap({ terms, offsets: stored.offsets, data: stored.data.slice() })
    const { offsets } = stored
    for (let i = 0; i < terms.length; i++) {
      if ((offsets[i + 1] as number) - (offsets[i] as number) < this.keepFromBytes) continue
      const term = terms[i] as string
      // The arrays already decoded move over; a term still stored in `old` is decoded now.
      const slots = Map.prototype.get.call(this.old, term) as Slots | undefined
      if (slots !== undefined) packed.keepDecoded(i, slots)
      else packed.get(term)
    }
    return packed
  }
}

/** Every term of the map: the decoded ones (its own keys) and, if lazy, the stored rest. */
function allTerms(map: Map<string, Slots>): string[] {
  const decoded = Array.from(Map.prototype.keys.call(map) as MapIterator<string>)
  return map instanceof LazyTermMap ? map.undecodedTerms().concat(decoded) : decoded
}

/** Encodes a map's terms into the stored form, as far as a deadline allows at a time. */
class TermEncoder {
  private readonly sort: SteppedSort
  private terms: string[] | null = null
  private offsets = new Float64Array(1)
  private readonly out = new ByteWriter()
  private next = 0

  constructor(private readonly map: Map<string, Slots>) {
    this.sort = new SteppedSort(allTerms(map))
  }

  /**
   * Sort the terms (steppedSort.ts), then encode them until `deadline` (performance.now(),
   * checked every 16 terms: the sorted terms start with the digits, `2`, `20`, `201`…, the
   * largest of all, and 256 of them took ~170 ms at 100k articles); true when all are.
   */
  run(deadline: number): boolean {
    if (this.terms === null) {
      if (!this.sort.run(deadline)) return false
      this.terms = this.sort.result()
      this.offsets = new Float64Array(this.terms.length + 1)
      if (performance.now() >= deadline && this.terms.length > 0) return false
    }
    const { terms, offsets, out, map } = this
    const lazy = map instanceof LazyTermMap ? map : null
    while (this.next < terms.length) {
      const term = terms[this.next] as string
      offsets[this.next++] = out.length
      // Decoded arrays are the Map's own entries: reading them must not decode the rest.
      const slots = Map.prototype.get.call(map, term) as Slots | undefined
      if (slots !== undefined) encodeSlots(out, slots)
      else out.bytes(lazy?.undecodedBytes(term) ?? missing(term))
      if ((this.next & 15) === 0 && performance.now() >= deadline) return false
    }
    offsets[terms.length] = out.length
    return true
  }

  result(): StoredTerms {
    if (this.terms === null || this.next < this.terms.length)
      throw new Error('search: the word index encoding is not finished')
    return { terms: this.terms, offsets: this.offsets, data: this.out.result() }
  }
}

function missing(term: string): never {
  throw new Error(`search: word index term ${JSON.stringify(term)} has neither slots nor bytes`)
}

/** The map's entries in stored form, sorted by term (decoded entries encoded). */
function encodeTerms(map: Map<string, Slots>): StoredTerms {
  const encoder = new TermEncoder(map)
  encoder.run(Infinity)
  return encoder.result()
}

/** Restores what `saveWordIndex` wrote into an empty index (same options as when saved). */
export function restoreWordIndex(words: Index, reader: SnapshotReader): void {
  const column = reader.strings('words.terms')
  const terms: string[] = new Array<string>(column.length)
  for (let i = 0; i < column.length; i++) terms[i] = column.get(i) ?? ''
  const offsets = reader.float64('words.offsets')
  const data = reader.bytes('words.data')
  if (offsets.length !== terms.length + 1 || offsets[terms.length] !== data.length)
    throw new SnapshotError('the word index does not match its offsets')
  for (let i = 1; i < terms.length; i++)
    if (!((terms[i - 1] as string) < (terms[i] as string)))
      throw new SnapshotError('the word index terms are not sorted')
  const internals = internalsOf(words)
  // As FlexSearch's own import of "reg" does (with fastupdate off: a Set of numbers).
  for (const id of reader.int32('words.reg')) internals.reg.add(id)
  internals.map = new LazyTermMap({ terms, offsets, data })
}
