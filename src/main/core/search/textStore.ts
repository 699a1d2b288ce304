/**
 * Where normalised article text lives for verifying candidates, counting matches and
 * building snippets. Two stores with one interface: in memory (tests, small archives) and
 * an append-only file in the index folder read at offsets, so that 100k articles' text
 * (≈650 MB as UTF-16) sits in the OS page cache rather than in the process's heap.
 */
import fs from 'node:fs'

export interface StoredText {
  /** Normalised text. */
  text: string
  /** `encodePatches` form: how to restore the original text. */
  patches: string
}

export interface TextStore {
  put(doc: number, entry: StoredText): void
  get(doc: number): StoredText | undefined
  /** Normalised text only (the hot path of verification). */
  getText(doc: number): string | undefined
  delete(doc: number): void
  /** Bytes of text held (memory) or written (file). */
  readonly bytes: number
  close(): void
}

/** Where each document's text is in a file store (for snapshots). -1 offsets are deleted documents. */
export interface FileTextStoreState {
  end: number
  offsets: number[]
  textUnits: number[]
  patchUnits: number[]
}

export interface FileTextStore extends TextStore {
  state(): FileTextStoreState
}

export function createMemoryTextStore(): TextStore {
  const entries: (StoredText | undefined)[] = []
  let bytes = 0
  return {
    put(doc, entry) {
      entries[doc] = entry
      bytes += (entry.text.length + entry.patches.length) * 2
    },
    get: (doc) => entries[doc],
    getText: (doc) => entries[doc]?.text,
    delete(doc) {
      const entry = entries[doc]
      if (entry) bytes -= (entry.text.length + entry.patches.length) * 2
      entries[doc] = undefined
    },
    get bytes() {
      return bytes
    },
    close() {
      entries.length = 0
    },
  }
}

/**
 * An append-only UTF-16LE file: per document [text][patches]. Offsets are kept in memory
 * (3 numbers per document). Deleted documents leave garbage behind until the file is rebuilt.
 */
export function createFileTextStore(file: string, restore?: FileTextStoreState): FileTextStore {
  // Restoring keeps the file; anything after the recorded end is overwritten by new text.
  const fd = fs.openSync(file, restore ? 'r+' : 'w+')
  let end = restore?.end ?? 0
  const offset: number[] = restore ? [...restore.offsets] : []
  const textUnits: number[] = restore ? [...restore.textUnits] : []
  const patchUnits: number[] = restore ? [...restore.patchUnits] : []
  let buffer = Buffer.allocUnsafe(1 << 16)
  const read = (position: number, length: number): Buffer => {
    if (buffer.length < length) buffer = Buffer.allocUnsafe(Math.max(length, buffer.length * 2))
    let done = 0
    while (done < length) {
      const n = fs.readSync(fd, buffer, done, length - done, position + done)
      if (n === 0) throw new Error(`search: text store ${file} is shorter than expected`)
      done += n
    }
    return buffer
  }
  return {
    put(doc, entry) {
      const data = Buffer.from(entry.text + entry.patches, 'utf16le')
      fs.writeSync(fd, data, 0, data.length, end)
      offset[doc] = end
      textUnits[doc] = entry.text.length
      patchUnits[doc] = entry.patches.length
      end += data.length
    },
    get(doc) {
      const start = offset[doc]
      if (start === undefined || start < 0) return undefined
      const t = textUnits[doc] as number
      const p = patchUnits[doc] as number
      const data = read(start, (t + p) * 2)
      return {
        text: data.toString('utf16le', 0, t * 2),
        patches: data.toString('utf16le', t * 2, (t + p) * 2),
      }
    },
    getText(doc) {
      const start = offset[doc]
      if (start === undefined || start < 0) return undefined
      const length = (textUnits[doc] as number) * 2
      return read(start, length).toString('utf16le', 0, length)
    },
    delete(doc) {
      offset[doc] = -1
    },
    get bytes() {
      return end
    },
    state() {
      fs.fsyncSync(fd)
      return { end, offsets: [...offset], textUnits: [...textUnits], patchUnits: [...patchUnits] }
    },
    close() {
      fs.closeSync(fd)
    },
  }
}
