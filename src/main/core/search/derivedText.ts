/**
 * Article texts read again from the archive's own files, instead of a copy in the index
 * folder. The text store (textStore.ts) was 0.68 of the archive's size at 100k articles (717
 * MiB of UTF-16 beside a 1,058 MiB archive), more than the postings could give back: the
 * archive already holds every text, so the index keeps only what tells a re-read text from a
 * changed one — its length and a 32-bit hash per document, 8 bytes.
 *
 * A read parses the file (`read`: quickly first, then as the scan did when the quick text
 * differs), then normalises it as `add` did. A file changed since it was indexed (the
 * watcher's update is on its way) gives a text of another length or hash: it is answered as
 * missing, never as the indexed text, so verification and snippets never work on a text the
 * positions do not describe.
 *
 * A small cache of recent texts serves what queries read again: the next keystroke's query,
 * the page after, the reader's own search.
 */
import { createLogger } from '../log'
import { FNV_OFFSET, FNV_PRIME, normalizeToStored } from './normalize'
import type { StoredText, TextStore } from './textStore'

const log = createLogger('search')

/** Per document: normalised length (NONE when none) and hash of the indexed text. */
export interface DerivedTextState {
  textUnits: Uint32Array
  hashes: Uint32Array
}

export interface DerivedTextSource extends TextStore {
  state(): DerivedTextState
  /**
   * Texts read again from files; how many needed the careful read after the quick one, and
   * how many were stale (changed since indexed); texts served from the cache.
   */
  readonly reads: { derived: number; careful: number; stale: number; cached: number }
}

export interface DerivedTextOptions {
  /** UTF-16 bytes of texts kept for reuse (default 32 MB). */
  cacheBytes?: number
}

const NONE = 0xffffffff
const DEFAULT_CACHE_BYTES = 32 * 1024 * 1024

/** FNV-1a over UTF-16 units: tells a changed text from the indexed one (not a secure hash). */
export function textHash(text: string): number {
  let hash = FNV_OFFSET
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME)
  return hash >>> 0
}

/**
 * @param read the article's plain text as the scan produced it (before normalisation), or
 *   undefined when its file cannot be read now; with `quick`, a faster way that may differ.
 */
export function createDerivedTextSource(
  read: (doc: number, quick: boolean) => string | undefined,
  restore?: DerivedTextState,
  options: DerivedTextOptions = {},
): DerivedTextSource {
  let textUnits = restore ? Uint32Array.from(restore.textUnits) : new Uint32Array(1024).fill(NONE)
  let hashes = restore ? Uint32Array.from(restore.hashes) : new Uint32Array(1024)
  let size = restore ? restore.textUnits.length : 0
  const cacheLimit = options.cacheBytes ?? DEFAULT_CACHE_BYTES
  // A Map iterates in insertion order: re-inserting on use makes its first key the oldest.
  const cache = new Map<number, StoredText>()
  let cacheBytes = 0
  const reads = { derived: 0, careful: 0, stale: 0, cached: 0 }

  const grow = (doc: number): void => {
    if (doc < textUnits.length) return
    const length = Math.max(doc + 1, textUnits.length * 2)
    const units = new Uint32Array(length).fill(NONE)
    units.set(textUnits)
    const grownHashes = new Uint32Array(length)
    grownHashes.set(hashes)
    textUnits = units
    hashes = grownHashes
  }
  const bytesOf = (entry: StoredText): number => (entry.text.length + entry.patches.length) * 2
  const forget = (doc: number): void => {
    const entry = cache.get(doc)
    if (entry === undefined) return
    cache.delete(doc)
    cacheBytes -= bytesOf(entry)
  }
  const remember = (doc: number, entry: StoredText): void => {
    const bytes = bytesOf(entry)
    // One huge text would push out all the others.
    if (bytes > cacheLimit / 2) return
    cache.set(doc, entry)
    cacheBytes += bytes
    for (const [oldest, kept] of cache) {
      if (cacheBytes <= cacheLimit) break
      cache.delete(oldest)
      cacheBytes -= bytesOf(kept)
    }
  }

  const get = (doc: number): StoredText | undefined => {
    const units = doc < size ? (textUnits[doc] as number) : NONE
    if (units === NONE) return undefined
    const cached = cache.get(doc)
    if (cached !== undefined) {
      reads.cached++
      cache.delete(doc)
      cache.set(doc, cached)
      return cached
    }
    const indexed = (raw: string | undefined): StoredText | undefined => {
      if (raw === undefined) return undefined
      const { text, patches, hash } = normalizeToStored(raw)
      return text.length === units && hash === hashes[doc] ? { text, patches } : undefined
    }
    reads.derived++
    let normalized = indexed(read(doc, true))
    if (normalized === undefined) {
      reads.careful++
      normalized = indexed(read(doc, false))
    }
    if (normalized === undefined) {
      reads.stale++
      log.debug(`document ${doc}: its file changed since it was indexed; its text is left out`)
      return undefined
    }
    remember(doc, normalized)
    return normalized
  }

  return {
    put(doc, entry) {
      grow(doc)
      forget(doc)
      textUnits[doc] = entry.text.length
      hashes[doc] = entry.hash ?? textHash(entry.text)
      size = Math.max(size, doc + 1)
    },
    get,
    getText: (doc) => get(doc)?.text,
    getTextRange(doc, start, end) {
      const text = get(doc)?.text
      if (text === undefined) return undefined
      const a = Math.max(0, Math.min(start, text.length))
      return text.slice(a, Math.max(a, Math.min(end, text.length)))
    },
    delete(doc) {
      forget(doc)
      if (doc < size) textUnits[doc] = NONE
    },
    get bytes() {
      return cacheBytes
    },
    get reads() {
      return { ...reads }
    },
    state: () => ({ textUnits: textUnits.slice(0, size), hashes: hashes.slice(0, size) }),
    close() {
      cache.clear()
      cacheBytes = 0
    },
  }
}
