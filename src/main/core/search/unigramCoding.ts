/**
 * Unigram lists, bit-packed (format 8). A list is one or more blocks — one per sorted run
 * (postingArena.ts) — back to back; a block is
 *   varint(first doc − previous doc), params byte, varint(entries), Rice-coded bits, padding
 * where "previous doc" is the last document of the list's previous block, or −1: so a list
 * starts with varint(first doc + 1) and lists of consecutive runs still concatenate by
 * re-basing that first delta (postingRun.ts), the later part's blocks unchanged.
 *
 * Why: with a varint doc delta and a tf byte per entry the lists took 2.0 bytes per entry,
 * 161 MiB at 100k generated articles (84M entries). The information floor is 4.25 bits per
 * entry, 42.6 MiB (which documents: Σ log2 C(D, df) = 2.25 bits; tf: its entropy per unit, 1.99
 * bits); these blocks take 4.6 bits, 46.2 MiB. A byte per entry (delta and tf folded into one
 * byte, escapes for the rest) could not go below ~9 bits (docs/search-design.md, Unigram lists).
 *
 * Params byte: low 5 bits kGap (0..MAX_K) or DENSE, high 3 bits kTf (0..7). Bits are written
 * from the most significant bit of each byte down. Rice(v, k): q = v >>> k zeros, a one, then
 * the k low bits of v; q ≥ ESCAPE is ESCAPE zeros and v in 31 raw bits instead (a gap over a
 * long stretch without the unit, or a large tf with a small k).
 * - sparse: per entry Rice(doc − previous − 1, kGap) (not for the first), Rice(tf − 1, kTf);
 * - dense (units in most documents, where even a one-bit gap is most of the cost): per
 *   document from the first to the last, Rice(tf, kTf), tf = 0 for a document without the unit.
 *
 * Decoding: unigramDecoding.ts.
 *
 * tf is capped at 255, as before (ranking's count score saturates there; exact below it keeps
 * every ranking as it was): the cap costs 0.02 bits per entry over a cap of 31 with Rice codes.
 */

export const TF_CAP = 255

/**
 * The tf an entry keeps: capped at TF_CAP, and at least 1 (an entry means the unit occurs; a
 * 0 would read as "not in this document" in a dense block and lose the entry).
 */
export function storedTf(tf: number): number {
  return tf > TF_CAP ? TF_CAP : tf < 1 ? 1 : tf
}
/** Largest Rice parameter: q < ESCAPE (5 bits) and k ≤ 24 keep q << k | low in 29 bits. */
const MAX_K = 24
/** Quotients from this on are escaped. */
export const ESCAPE = 24
/** kGap value of a dense block. */
export const DENSE = 31

/**
 * The k ≤ maxK minimising Σ (v >>> k) + m (k + 1) (Rice bits without escapes) of m values, from
 * per-bit counts (`bits[b]`: values with bit b set): Σ (v >>> k) = bits[k] + 2 Σ (v >>> (k + 1)).
 */
function bestK(bits: Float64Array, m: number, maxK: number): { k: number; cost: number } {
  let shifted = 0
  for (let b = 31; b > maxK; b--) shifted = (bits[b] as number) + 2 * shifted
  let k = 0
  let cost = Number.POSITIVE_INFINITY
  for (let c = maxK; c >= 0; c--) {
    shifted = (bits[c] as number) + 2 * shifted
    const bitsOf = shifted + m * (c + 1)
    if (bitsOf <= cost) {
      cost = bitsOf
      k = c
    }
  }
  return { k, cost }
}

/** Bits of Rice(v, k), escapes included. */
function riceBits(v: number, k: number): number {
  const q = v >>> k
  return q < ESCAPE ? q + 1 + k : ESCAPE + 31
}

/** Per-bit counts of a block's gaps (bestK), its small gaps and its tfs (≤ TF_CAP) by value. */
const gapBits = new Float64Array(32)
const SMALL_GAPS = 256
const smallGaps = new Float64Array(SMALL_GAPS)
const tfCounts = new Float64Array(TF_CAP + 1)

/**
 * The tf parameter of a sparse block (codes of tf − 1) and of a dense one (codes of tf, and of
 * 0 for each of `zeros` documents), exactly, from the block's tfs by value (1..maxTf).
 */
function bestTfK(maxTf: number, zeros: number, dense: boolean): { k: number; cost: number } {
  let k = 0
  let cost = Number.POSITIVE_INFINITY
  for (let c = 0; c <= 7; c++) {
    let bits = dense ? zeros * (c + 1) : 0
    for (let t = 1; t <= maxTf; t++) {
      const count = tfCounts[t] as number
      if (count !== 0) bits += count * riceBits(dense ? t : t - 1, c)
    }
    if (bits < cost) {
      cost = bits
      k = c
    }
  }
  return { k, cost }
}

/** Writes bits MSB first into `out` (which must have room: see `blockBound`). */
class BitWriter {
  out: Uint8Array = new Uint8Array(0)
  pos = 0
  acc = 0
  n = 0

  restore(acc: number, n: number): void {
    this.acc = acc
    this.n = n
  }

  /** Append the `width` (≤ 24) low bits of `value`. */
  put(value: number, width: number): void {
    this.acc = ((this.acc & ((1 << this.n) - 1)) << width) | value
    this.n += width
    while (this.n >= 8) {
      this.n -= 8
      this.out[this.pos++] = (this.acc >>> this.n) & 0xff
    }
  }

  rice(v: number, k: number): void {
    const q = v >>> k
    if (q + 1 + k <= 24) {
      // q zeros, a one, the k low bits: one value of q + 1 + k bits.
      this.put((1 << k) | (v & ((1 << k) - 1)), q + 1 + k)
    } else if (q < ESCAPE) {
      this.put(1, q + 1)
      this.put(v & ((1 << k) - 1), k)
    } else {
      this.put(0, ESCAPE)
      this.put(v >>> 16, 15)
      this.put(v & 0xffff, 16)
    }
  }

  /** Pad to a byte boundary with zeros. */
  align(): void {
    if (this.n > 0) this.put(0, 8 - this.n)
    this.acc = 0
  }

  varint(value: number): void {
    while (value >= 0x80) {
      this.out[this.pos++] = (value & 0x7f) | 0x80
      value >>>= 7
    }
    this.out[this.pos++] = value
  }
}

const writer = new BitWriter()

/** How a block is coded (`planBlock`), and the most bytes it can take. */
export interface BlockPlan {
  dense: boolean
  kGap: number
  kTf: number
  bound: number
}

/**
 * Choose how to code entries [from, to) of `docs` (ascending) and `tfs`: sparse or dense, and
 * the Rice parameters, by their cost in bits. The bound: a header of 11 bytes, and 14 per entry
 * (two escaped codes) sparse, or the dense codes' exact bits (escapes included) and padding.
 */
export function planBlock(docs: Int32Array, tfs: Int32Array, from: number, to: number): BlockPlan {
  gapBits.fill(0)
  // Small gaps (most) are counted by value and their bits added up once per value: a loop
  // over each gap's bits mispredicted its exit (13.5 ns per entry of a sparse block, now 5.5).
  let maxGap = 0
  let maxTf = 1
  for (let i = from; i < to; i++) {
    if (i > from) {
      let v = (docs[i] as number) - (docs[i - 1] as number) - 1
      if (v < SMALL_GAPS) {
        smallGaps[v] = (smallGaps[v] as number) + 1
        if (v > maxGap) maxGap = v
      } else
        while (v !== 0) {
          const b = 31 - Math.clz32(v)
          gapBits[b] = (gapBits[b] as number) + 1
          v ^= 1 << b
        }
    }
    const tf = storedTf(tfs[i] as number)
    tfCounts[tf] = (tfCounts[tf] as number) + 1
    if (tf > maxTf) maxTf = tf
  }
  for (let v = 1; v <= maxGap; v++) {
    const count = smallGaps[v] as number
    if (count !== 0)
      for (let b = 0; 1 << b <= v; b++)
        if (v & (1 << b)) gapBits[b] = (gapBits[b] as number) + count
  }
  smallGaps.fill(0, 0, maxGap + 1)
  const m = to - from
  const span = (docs[to - 1] as number) - (docs[from] as number) + 1
  const gap = bestK(gapBits, m - 1, MAX_K)
  const tf = bestTfK(maxTf, 0, false)
  const dense = bestTfK(maxTf, span - m, true)
  tfCounts.fill(0, 0, maxTf + 1)
  return dense.cost < gap.cost + tf.cost
    ? { dense: true, kGap: DENSE, kTf: dense.k, bound: 12 + Math.ceil(dense.cost / 8) }
    : { dense: false, kGap: gap.k, kTf: tf.k, bound: 11 + 14 * m }
}

/**
 * Encode entries [from, to) of `docs` (ascending) and `tfs` as one block at out[at] as `plan`
 * says (planBlock of the same entries), its first delta relative to `previous`; returns the
 * end offset. `out` must have room for plan.bound bytes from `at`.
 */
export function encodeBlock(
  out: Uint8Array,
  at: number,
  previous: number,
  docs: Int32Array,
  tfs: Int32Array,
  from: number,
  to: number,
  plan: BlockPlan,
): number {
  const m = to - from
  const isDense = plan.dense
  const kGap = plan.kGap
  const kTf = plan.kTf
  const w = writer
  w.out = out
  w.pos = at
  w.varint((docs[from] as number) - previous)
  w.out[w.pos++] = (kTf << 5) | kGap
  w.varint(m)
  // The codes that fit in 24 bits (nearly all) are written here, with the writer's state in
  // locals; the others through the writer.
  let pos = w.pos
  let acc = 0
  let n = 0
  let doc = docs[from] as number
  let gapNext = false
  for (let i = from; i < to;) {
    let v: number
    let k: number
    const next = docs[i] as number
    if (isDense) {
      // Per document: 0 up to the entry's, then its tf.
      k = kTf
      v = doc < next ? 0 : storedTf(tfs[i++] as number)
      doc++
    } else if (gapNext) {
      k = kGap
      v = next - doc - 1
      gapNext = false
    } else {
      k = kTf
      v = storedTf(tfs[i++] as number) - 1
      doc = next
      gapNext = true
    }
    const width = (v >>> k) + 1 + k
    if (width <= 24) {
      // q zeros, a one and the k low bits: one value of q + 1 + k bits. (A byte store keeps
      // the low 8 bits.)
      acc = ((acc & ((1 << n) - 1)) << width) | (1 << k) | (v & ((1 << k) - 1))
      n += width
      while (n >= 8) {
        n -= 8
        out[pos++] = acc >>> n
      }
    } else {
      w.pos = pos
      w.restore(acc, n)
      w.rice(v, k)
      pos = w.pos
      acc = w.acc
      n = w.n
    }
  }
  w.pos = pos
  w.restore(acc, n)
  w.align()
  w.out = EMPTY
  return w.pos
}

const EMPTY = new Uint8Array(0)
