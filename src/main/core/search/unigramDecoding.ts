/**
 * Reading unigram lists (the format is in unigramCoding.ts): SegmentedPostings.decode reads a
 * unit's lists through `decodeUnigramList`, compaction finds a list's last document with
 * `unigramListLastDoc`.
 */
import { DENSE as DENSE_KIND, ESCAPE as ESCAPE_FROM } from './unigramCoding'

// Bound locally: run from source (tsx), every use of an imported binding in the hot loops
// would be a call to the module's getter.
const ESCAPE = ESCAPE_FROM
const DENSE = DENSE_KIND

const corrupt = (): Error => new Error('search: a unigram posting list is damaged')

/** Where `readSlow` left the reader. */
const slow = { acc: 0, n: 0, pos: 0 }

/**
 * Top up `acc` bytewise to more than 24 bits (zeros past the end: the last code's refill may
 * read up to 4 bytes beyond, never more, so a list read further on is cut short or damaged).
 */
function refillBytes(bytes: Uint8Array, s: typeof slow): void {
  if (s.pos > bytes.length + 4) throw corrupt()
  while (s.n <= 24) {
    s.acc |= (s.pos < bytes.length ? (bytes[s.pos] as number) : 0) << (24 - s.n)
    s.pos++
    s.n += 8
  }
}

/**
 * Read one Rice code the long way (refilled bytewise: near the list's end, for a large k's
 * bits, or escaped): rare, so it stays out of the decoding loops.
 */
function readSlow(bytes: Uint8Array, pos: number, acc: number, n: number, k: number): number {
  const s = slow
  s.acc = acc
  s.n = n
  s.pos = pos
  refillBytes(bytes, s)
  const q = Math.clz32(s.acc)
  if (q < ESCAPE) {
    s.acc <<= q + 1
    s.n -= q + 1
    refillBytes(bytes, s)
    const v = k === 0 ? q : (q << k) | (s.acc >>> (32 - k))
    s.acc <<= k
    s.n -= k
    return v
  }
  s.acc <<= ESCAPE
  s.n -= ESCAPE
  let v = 0
  for (let part = 15; part <= 16; part++) {
    refillBytes(bytes, s)
    v = v * (1 << part) + (s.acc >>> (32 - part))
    s.acc <<= part
    s.n -= part
  }
  return v
}

/**
 * Decode a list of `count` entries (one or more blocks) into docs[at..] and tfs[at..].
 * Hot: a common unit's list is every document, so the bit reader is inlined (locals, not an
 * object), one loop per block kind: `acc` holds the next `n` bits from its top bit. Before each
 * code it ORs in the next 4 bytes, shifted behind the n bits it has, and keeps the whole bytes
 * that fit (no loop on how many); the bits of a partly kept byte are the stream's own, so
 * OR-ing them in again later changes nothing. A code whose bits are all in `acc` then (n ≥ 25)
 * is read at once, and the next one too (dense) or the next entry's two (sparse) when their
 * bits are left; others go to `readSlow`. Per entry, 100k entries in isolation: dense 3.8 ns,
 * sparse 5.5 ns, the varint-and-byte layout 4.3 ns; a first version (a byte-at-a-time refill
 * loop, one code per step) took 7.0 ns.
 */
export function decodeUnigramList(
  bytes: Uint8Array,
  count: number,
  docs: Int32Array,
  tfs: Uint8Array,
  at: number,
): void {
  const end = bytes.length
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const stop = at + count
  let pos = 0
  let doc = -1
  while (at < stop) {
    // Block header: varints and the params byte, read bytewise.
    let b = bytes[pos++] as number
    let delta = b & 0x7f
    for (let shift = 128; b & 0x80; shift *= 128) {
      b = bytes[pos++] as number
      delta += (b & 0x7f) * shift
    }
    doc += delta
    const params = bytes[pos++] as number
    b = bytes[pos++] as number
    let m = b & 0x7f
    for (let shift = 128; b & 0x80; shift *= 128) {
      b = bytes[pos++] as number
      m += (b & 0x7f) * shift
    }
    const kGap = params & 31
    const kTf = params >>> 5
    const blockStop = at + m
    // A damaged list must not loop (an empty block) or write past its entries.
    if (m === 0 || blockStop > stop || pos >= end) throw corrupt()
    let acc = 0
    let n = 0
    if (kGap === DENSE) {
      // One code per document from the first: its tf, or 0 without the unit.
      const k = kTf
      while (at < blockStop) {
        if (pos + 4 <= end) {
          acc |= view.getUint32(pos) >>> n
          const whole = (32 - n) >>> 3
          pos += whole
          n += whole << 3
        }
        const q = Math.clz32(acc)
        let v: number
        if (q < ESCAPE && q + 1 + k <= n) {
          // (x >>> 1) >>> (31 − k): the top k bits of x, also for k = 0.
          v = (q << k) | (((acc << (q + 1)) >>> 1) >>> (31 - k))
          acc = (acc << (q + 1)) << k
          n -= q + 1 + k
        } else {
          v = readSlow(bytes, pos, acc, n, k)
          acc = slow.acc
          n = slow.n
          pos = slow.pos
        }
        // Written whatever v is, kept only when it is not 0 (the next entry of the block
        // rewrites the slot): no branch on the data.
        docs[at] = doc
        tfs[at] = v
        at += v === 0 ? 0 : 1
        doc++
        // A second code when its bits are in acc already (most are: codes are short here).
        const q2 = Math.clz32(acc)
        if (q2 < ESCAPE && q2 + 1 + k <= n && at < blockStop) {
          const v2 = (q2 << k) | (((acc << (q2 + 1)) >>> 1) >>> (31 - k))
          acc = (acc << (q2 + 1)) << k
          n -= q2 + 1 + k
          docs[at] = doc
          tfs[at] = v2
          at += v2 === 0 ? 0 : 1
          doc++
        }
      }
      doc--
    } else {
      // Per entry: the gap (not before the block's first entry), then tf − 1; usually both
      // codes after one refill.
      let first = true
      while (at < blockStop) {
        if (pos + 4 <= end) {
          acc |= view.getUint32(pos) >>> n
          const whole = (32 - n) >>> 3
          pos += whole
          n += whole << 3
        }
        if (!first) {
          const q = Math.clz32(acc)
          if (q < ESCAPE && q + 1 + kGap <= n) {
            doc += ((q << kGap) | (((acc << (q + 1)) >>> 1) >>> (31 - kGap))) + 1
            acc = (acc << (q + 1)) << kGap
            n -= q + 1 + kGap
          } else {
            doc += readSlow(bytes, pos, acc, n, kGap) + 1
            acc = slow.acc
            n = slow.n
            pos = slow.pos
          }
        }
        first = false
        const q = Math.clz32(acc)
        let v: number
        if (q < ESCAPE && q + 1 + kTf <= n) {
          v = (q << kTf) | (((acc << (q + 1)) >>> 1) >>> (31 - kTf))
          acc = (acc << (q + 1)) << kTf
          n -= q + 1 + kTf
        } else {
          v = readSlow(bytes, pos, acc, n, kTf)
          acc = slow.acc
          n = slow.n
          pos = slow.pos
        }
        docs[at] = doc
        tfs[at++] = v + 1
        // The next entry too when both its codes are in acc already.
        const qg = Math.clz32(acc)
        if (qg < ESCAPE && qg + 1 + kGap <= n && at < blockStop) {
          const rest = (acc << (qg + 1)) << kGap
          const qt = Math.clz32(rest)
          const left = n - (qg + 1 + kGap)
          if (qt < ESCAPE && qt + 1 + kTf <= left) {
            doc += ((qg << kGap) | (((acc << (qg + 1)) >>> 1) >>> (31 - kGap))) + 1
            docs[at] = doc
            tfs[at++] = ((qt << kTf) | (((rest << (qt + 1)) >>> 1) >>> (31 - kTf))) + 1
            acc = (rest << (qt + 1)) << kTf
            n = left - (qt + 1 + kTf)
          }
        }
      }
    }
    // The next block starts at the byte after this one's last bit (whole unread bytes go back).
    pos -= n >>> 3
  }
}

/** Scratch of `unigramListLastDoc`. */
let lastDocScratch = { docs: new Int32Array(0), tfs: new Uint8Array(0) }

/** The last document of a stored unigram list (compaction re-bases the next part on it). */
export function unigramListLastDoc(bytes: Uint8Array, count: number): number {
  if (count === 0) return -1
  if (lastDocScratch.docs.length < count)
    lastDocScratch = { docs: new Int32Array(count), tfs: new Uint8Array(count) }
  decodeUnigramList(bytes, count, lastDocScratch.docs, lastDocScratch.tfs, 0)
  return lastDocScratch.docs[count - 1] as number
}
