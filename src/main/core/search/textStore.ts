/**
 * Where normalised article text lives for verifying candidates, counting matches and
 * building snippets. Two stores with one interface: in memory (tests, small archives) and
 * an append-only file in the index folder read at offsets, so that 100k articles' text
 * (≈650 MB as UTF-16) sits in the OS page cache rather than in the process's heap.
 *
 * Measured and not taken: a frequency-ranked byte code (ASCII 1 byte, the 64 most frequent
 * other units 1 byte, the next 16k 2 bytes) stores the generated text in 0.76 of UTF-16's
 * size, like zlib per document, but decodes at ~3–5× the cost of UTF-16 (~10–25 µs per
 * article instead of ~3–5; zlib: 60 µs), and queries read up to hundreds of texts
 * (verification, closeness, snippets). It saves ~170 MB at 100k articles, not enough to
 * bring the snapshot under the archive's size (see docs/search-design.md).
 */
import fs from 'node:fs'

export interface StoredText {
  /** Normalised text. */
  text: string
  /** `encodePatches` form: how to restore the original text. */
  patches: string
}

export interface TextStore {
  /** `hash`: the text's textHash when the caller has it (normalizeToStored gives it). */
  put(doc: number, entry: StoredText & { hash?: number }): void
  get(doc: number): StoredText | undefined
  /** Normalised text only (the hot path of verification). */
  getText(doc: number): string | undefined
  /**
   * Normalised text units [start, end) of a document (clamped to its text), reading only
   * those: checking a few characters at a known position costs one small read, not the text.
   */
  getTextRange(doc: number, start: number, end: number): string | undefined
  delete(doc: number): void
  /** Bytes of text held (memory) or written (file). */
  readonly bytes: number
  close(): void
}

/**
 * Where each document's text is in a file store (for snapshots, as raw columns). −1 offsets are
 * deleted documents (or numbers never stored).
 */
export interface FileTextStoreState {
  end: number
  offsets: Float64Array
  textUnits: Uint32Array
  patchUnits: Uint32Array
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
    getTextRange: (doc, start, end) => entries[doc]?.text.slice(start, end),
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

/** Appends are collected and written this many bytes at a time (one syscall, not one per article). */
const WRITE_BUFFER = 4 * 1024 * 1024

export interface FileTextStoreOptions {
  /**
   * Never write the file (another process owns the index, or its folder cannot be written):
   * new texts are kept in memory, and `state()` is refused. Needs `restore`.
   */
  readOnly?: boolean
}

/**
 * An append-only UTF-16LE file: per document [text][patches]. Offsets are kept in memory
 * (3 numbers per document). Deleted documents leave garbage behind until the file is rebuilt.
 * A restored store opens the file for reading only and for writing at its first write: opening
 * a snapshot writes nothing until something changes (a read-only folder could not be opened).
 */
export function createFileTextStore(
  file: string,
  restore?: FileTextStoreState,
  options: FileTextStoreOptions = {},
): FileTextStore {
  if (options.readOnly) {
    if (!restore) throw new Error('search: a read-only text store needs a snapshot to restore')
    return readOnlyTextStore(createFileTextStore(file, restore))
  }
  // Restoring keeps the file; anything after the recorded end is overwritten by new text.
  let fd = fs.openSync(file, restore ? 'r' : 'w+')
  let writable = !restore
  let closed = false
  const toWrite = (): number => {
    if (!writable) {
      const reopened = fs.openSync(file, 'r+')
      fs.closeSync(fd)
      fd = reopened
      writable = true
    }
    return fd
  }
  let end = restore?.end ?? 0
  const offset: number[] = restore ? Array.from(restore.offsets) : []
  const textUnits: number[] = restore ? Array.from(restore.textUnits) : []
  const patchUnits: number[] = restore ? Array.from(restore.patchUnits) : []
  // Appended bytes not yet written: file positions [pendingStart, end).
  const pending = Buffer.allocUnsafe(WRITE_BUFFER)
  let pendingStart = end
  let readBuffer = Buffer.allocUnsafe(1 << 16)

  const writePending = (): void => {
    let done = 0
    const length = end - pendingStart
    if (length === 0) return
    const out = toWrite()
    while (done < length)
      done += fs.writeSync(out, pending, done, length - done, pendingStart + done)
    pendingStart = end
  }
  /** `length` bytes from `position` (a view, valid until the next read or put). */
  const read = (position: number, length: number): Buffer => {
    if (position >= pendingStart) {
      const at = position - pendingStart
      return pending.subarray(at, at + length)
    }
    if (readBuffer.length < length)
      readBuffer = Buffer.allocUnsafe(Math.max(length, readBuffer.length * 2))
    let done = 0
    while (done < length) {
      const n = fs.readSync(fd, readBuffer, done, length - done, position + done)
      if (n === 0) throw new Error(`search: text store ${file} is shorter than expected`)
      done += n
    }
    return readBuffer
  }
  return {
    put(doc, entry) {
      const length = (entry.text.length + entry.patches.length) * 2
      if (end - pendingStart + length > pending.length) writePending()
      offset[doc] = end
      textUnits[doc] = entry.text.length
      patchUnits[doc] = entry.patches.length
      if (length > pending.length) {
        const data = Buffer.from(entry.text + entry.patches, 'utf16le')
        const out = toWrite()
        let done = 0
        while (done < length) done += fs.writeSync(out, data, done, length - done, end + done)
        end += length
        pendingStart = end
        return
      }
      const at = end - pendingStart
      pending.write(entry.text, at, 'utf16le')
      pending.write(entry.patches, at + entry.text.length * 2, 'utf16le')
      end += length
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
    getTextRange(doc, from, to) {
      const start = offset[doc]
      if (start === undefined || start < 0) return undefined
      const units = textUnits[doc] as number
      const a = Math.max(0, Math.min(from, units))
      const b = Math.max(a, Math.min(to, units))
      return read(start + a * 2, (b - a) * 2).toString('utf16le', 0, (b - a) * 2)
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
      writePending()
      if (writable) fs.fsyncSync(fd)
      const n = offset.length
      return {
        end,
        offsets: Float64Array.from({ length: n }, (_, doc) => offset[doc] ?? -1),
        textUnits: Uint32Array.from({ length: n }, (_, doc) => textUnits[doc] ?? 0),
        patchUnits: Uint32Array.from({ length: n }, (_, doc) => patchUnits[doc] ?? 0),
      }
    },
    // Closing twice is harmless: a failed open closes the index and its caller closes it again
    // (an EBADF there used to fail the worker's close, and the process never exited).
    close() {
      if (closed) return
      closed = true
      try {
        writePending()
      } finally {
        fs.closeSync(fd)
      }
    },
  }
}

/** A restored file store that is only read; texts put afterwards stay in memory. */
function readOnlyTextStore(file: FileTextStore): FileTextStore {
  const added = createMemoryTextStore()
  const isAdded = new Set<number>()
  return {
    put(doc, entry) {
      isAdded.add(doc)
      added.put(doc, entry)
    },
    get: (doc) => (isAdded.has(doc) ? added.get(doc) : file.get(doc)),
    getText: (doc) => (isAdded.has(doc) ? added.getText(doc) : file.getText(doc)),
    getTextRange: (doc, start, end) =>
      isAdded.has(doc) ? added.getTextRange(doc, start, end) : file.getTextRange(doc, start, end),
    delete(doc) {
      if (isAdded.delete(doc)) added.delete(doc)
      else file.delete(doc)
    },
    get bytes() {
      return file.bytes + added.bytes
    },
    state() {
      throw new Error('search: a read-only index cannot be saved')
    },
    close() {
      added.close()
      file.close()
    },
  }
}
