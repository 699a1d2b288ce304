/**
 * Candidate starts kept where ANY of several lists has a position at start + offset: a term
 * that ends with a word prefix (`M2`, `5g`, `Ultra1`) unions the lists of every word with that
 * prefix, and at 100k articles `2` is the prefix of 1,443 words with 432k entries. Streaming
 * each list against the candidates (alignStream) found each entry's document by galloping and
 * allocated three arrays per list; `M2` took 70–150 ms. Here one pass per list finds a
 * document's candidate by number in a table, skips other documents' positions undecoded, stops
 * at the last candidate document, and marks confirmed starts in one byte array.
 *
 * Lists use the bigram entry format (gramQuery.ts readEntryHeader, then the other position deltas).
 */
import { header, readEntryHeader, skipVarints, type PositionalList } from './gramQuery'
import type { LocatedList } from './segmentedPostings'

// Local bindings of the imports used per entry. Run from source (tsx: the CLI, the benches)
// every use of an imported binding goes through a getter of the transpiled module, and in
// this loop those getters were ~35 % of a query such as `A9` (1,000+ words' lists).
const entry = header
const readHeader = readEntryHeader
const skip = skipVarints

export function alignUnion(
  current: PositionalList,
  lists: readonly LocatedList[],
  offset: number,
): PositionalList {
  const cur = current.docs
  const starts = current.starts
  const wanted = current.positions
  if (cur.length === 0) return current
  const lastDoc = cur[cur.length - 1] as number
  // Candidate index by document number (−1: not a candidate).
  const indexOf = new Int32Array(lastDoc + 1).fill(-1)
  for (let i = 0; i < cur.length; i++) indexOf[cur[i] as number] = i
  const confirmed = new Uint8Array(wanted.length)
  for (const list of lists) {
    const bytes = list.read()
    let pos = 0
    let doc = -1
    for (let k = 0; k < list.count; k++) {
      pos = readHeader(bytes, pos)
      doc += entry.delta
      if (doc > lastDoc) break // documents ascend: no candidate further on
      const count = entry.count
      const i = indexOf[doc] as number
      if (i < 0) {
        pos = skip(bytes, pos, count - 1)
        continue
      }
      let a = starts[i] as number
      const aEnd = starts[i + 1] as number
      let position = entry.first
      for (let t = 0; t < count; t++) {
        if (t > 0) {
          // Inlined: a function call per position cost ~10 % of query time.
          let b = bytes[pos++] as number
          let delta = b & 0x7f
          for (let shift = 128; b & 0x80; shift *= 128) {
            b = bytes[pos++] as number
            delta += (b & 0x7f) * shift
          }
          position += delta
        }
        while (a < aEnd && (wanted[a] as number) + offset < position) a++
        if (a < aEnd && (wanted[a] as number) + offset === position) confirmed[a++] = 1
      }
    }
  }
  // The confirmed starts, in the candidates' order (documents and positions ascending).
  let kept = 0
  for (let a = 0; a < confirmed.length; a++) kept += confirmed[a] as number
  const docs = new Int32Array(Math.min(cur.length, kept))
  const outStarts = new Uint32Array(docs.length + 1)
  const positions = new Int32Array(kept)
  let n = 0
  let stored = 0
  for (let i = 0; i < cur.length; i++) {
    const begin = stored
    for (let a = starts[i] as number; a < (starts[i + 1] as number); a++)
      if (confirmed[a] === 1) positions[stored++] = wanted[a] as number
    if (stored > begin) {
      docs[n] = cur[i] as number
      outStarts[n++] = begin
    }
  }
  outStarts[n] = stored
  return { docs: docs.subarray(0, n), starts: outStarts.subarray(0, n + 1), positions }
}
