/**
 * What a search index's snapshot holds (see SNAPSHOT_FORMAT) and how it is written and read back.
 *
 * JSON part: `nextDoc`, the text store's end, per posting family the segments (name, key
 * count, directory offset, size, block count), the data files' fingerprints, the catalog
 * (catalogColumns.ts) and the document table's value tables (docTableSnapshot.ts).
 * Sections: the text store's offsets (f64) and unit counts (u32) per document — or, when the
 * texts are read from the archive (`texts: 'archive'`), each text's length and hash (u32,
 * derivedText.ts); per family the
 * segments' block directories back to back (`<family>.sparse` i32, `.listOffsets` and
 * `.blockOffsets` f64); the document table's columns; FlexSearch's word index
 * (wordIndexSnapshot.ts); the catalog's columns.
 */
import type { Index } from 'flexsearch'
import type { DocTable } from './docTable'
import { restoreDocTable, saveDocTable, type DocTableMeta } from './docTableSnapshot'
import { restoreCatalog, saveCatalog } from './catalogColumns'
import type { FileFingerprint } from './snapshot'
import { readSnapshot, writeSnapshot } from './snapshot'
import { SnapshotError, SnapshotSections, type SnapshotReader } from './snapshotCodec'
import type { SegmentState } from './segmentFile'
import type { FileTextStoreState } from './textStore'
import type { DerivedTextState } from './derivedText'
import { restoreWordIndex, saveWordIndex } from './wordIndexSnapshot'

const FAMILIES = ['unigram', 'bigram'] as const
type Family = (typeof FAMILIES)[number]

export interface IndexState {
  nextDoc: number
  /** The text store's state, or null when the texts are read from the archive (`derived`). */
  text: FileTextStoreState | null
  derived: DerivedTextState | null
  unigram: SegmentState[]
  bigram: SegmentState[]
  files: FileFingerprint[]
}

interface SegmentMeta {
  name: string
  keyCount: number
  directoryOffset: number
  size: number
  blocks: number
}

interface SnapshotMeta {
  nextDoc: number
  textEnd: number
  /** Where the texts are: a copy in text.bin, or the archive's files (absent before: a copy). */
  texts?: 'copy' | 'archive'
  segments: Record<Family, SegmentMeta[]>
  files: FileFingerprint[]
  catalog: unknown
  docs: DocTableMeta
}

export function writeIndexSnapshot(
  dir: string,
  state: IndexState,
  table: DocTable,
  words: Index,
  catalog: unknown,
): void {
  const sections = new SnapshotSections()
  const { nextDoc, text, derived } = state
  if (text !== null) {
    sections.add('text.offsets', text.offsets)
    sections.add('text.textUnits', text.textUnits)
    sections.add('text.patchUnits', text.patchUnits)
  } else if (derived !== null) {
    sections.add('derived.textUnits', derived.textUnits)
    sections.add('derived.hashes', derived.hashes)
  } else throw new Error('search: a snapshot needs the texts’ state')
  const segments = { unigram: [], bigram: [] } as Record<Family, SegmentMeta[]>
  for (const family of FAMILIES) {
    const states = state[family]
    for (const s of states) {
      const { name, keyCount, directoryOffset, size } = s
      segments[family].push({ name, keyCount, directoryOffset, size, blocks: s.sparse.length })
    }
    sections.add(
      `${family}.sparse`,
      concat(Int32Array, states, (s) => s.sparse),
    )
    sections.add(
      `${family}.listOffsets`,
      concat(Float64Array, states, (s) => s.listOffsets),
    )
    sections.add(
      `${family}.blockOffsets`,
      concat(Float64Array, states, (s) => s.blockOffsets),
    )
  }
  const docs = saveDocTable(table, nextDoc, sections)
  saveWordIndex(words, sections)
  const meta: SnapshotMeta = {
    nextDoc,
    textEnd: text?.end ?? 0,
    texts: text !== null ? 'copy' : 'archive',
    segments,
    files: state.files,
    catalog: saveCatalog(catalog, sections, (id) => table.docOf(id)),
    docs,
  }
  writeSnapshot(dir, meta, sections)
}

/** A read snapshot whose checksum holds; `restore` builds the parts (throws SnapshotError). */
export interface ReadIndexSnapshot {
  files: FileFingerprint[]
  /** The index reads its texts from the archive's files (no text.bin). */
  textsFromArchive: boolean
  restore(): RestoredIndex
}

export interface RestoredIndex {
  state: Omit<IndexState, 'files'>
  table: DocTable
  catalog: unknown
  /** Fills the (empty) word index; FlexSearch's entries are decoded when first used. */
  restoreWords(words: Index): void
}

export function readIndexSnapshot(dir: string): ReadIndexSnapshot {
  const reader = readSnapshot(dir)
  const meta = reader.meta as Partial<SnapshotMeta> | null
  if (
    meta === null ||
    typeof meta !== 'object' ||
    typeof meta.nextDoc !== 'number' ||
    typeof meta.textEnd !== 'number' ||
    !Array.isArray(meta.files) ||
    typeof meta.segments !== 'object' ||
    typeof meta.docs !== 'object'
  )
    throw new SnapshotError('the content does not have the expected shape')
  const full = meta as SnapshotMeta
  return {
    files: full.files,
    textsFromArchive: full.texts === 'archive',
    restore: () => restore(full, reader),
  }
}

function restore(meta: SnapshotMeta, reader: SnapshotReader): RestoredIndex {
  const { nextDoc } = meta
  let text: FileTextStoreState | null = null
  let derived: DerivedTextState | null = null
  if (meta.texts === 'archive') {
    derived = {
      textUnits: reader.uint32('derived.textUnits'),
      hashes: reader.uint32('derived.hashes'),
    }
    if (derived.textUnits.length !== derived.hashes.length || derived.textUnits.length > nextDoc)
      throw new SnapshotError('the text length and hash columns do not match')
  } else {
    text = {
      end: meta.textEnd,
      offsets: reader.float64('text.offsets'),
      textUnits: reader.uint32('text.textUnits'),
      patchUnits: reader.uint32('text.patchUnits'),
    }
    if (
      text.textUnits.length !== text.offsets.length ||
      text.patchUnits.length !== text.offsets.length
    )
      throw new SnapshotError('the text store columns differ in length')
  }
  const segments = { unigram: [], bigram: [] } as Record<Family, SegmentState[]>
  for (const family of FAMILIES) segments[family] = restoreSegments(meta, reader, family)
  return {
    state: { nextDoc, text, derived, ...segments },
    table: restoreDocTable(nextDoc, meta.docs, reader),
    catalog: restoreCatalog(meta.catalog, reader),
    restoreWords: (words) => restoreWordIndex(words, reader),
  }
}

function restoreSegments(
  meta: SnapshotMeta,
  reader: SnapshotReader,
  family: Family,
): SegmentState[] {
  const list = meta.segments[family]
  if (!Array.isArray(list)) throw new SnapshotError(`the ${family} segments are missing`)
  const sparse = reader.int32(`${family}.sparse`)
  const listOffsets = reader.float64(`${family}.listOffsets`)
  const blockOffsets = reader.float64(`${family}.blockOffsets`)
  let at = 0
  const states = list.map((s): SegmentState => {
    const end = at + s.blocks
    if (!(s.blocks >= 0) || end > sparse.length)
      throw new SnapshotError(`segment ${s.name} has a malformed directory`)
    const state: SegmentState = {
      name: s.name,
      keyCount: s.keyCount,
      directoryOffset: s.directoryOffset,
      size: s.size,
      // Views of the section copies: each segment's arrays are only ever read.
      sparse: sparse.subarray(at, end),
      listOffsets: listOffsets.subarray(at, end),
      blockOffsets: blockOffsets.subarray(at, end),
    }
    at = end
    return state
  })
  if (at !== sparse.length || listOffsets.length !== at || blockOffsets.length !== at)
    throw new SnapshotError(`the ${family} segment directories do not add up`)
  return states
}

function concat<T extends Int32Array | Float64Array>(
  Type: { new (length: number): T },
  states: readonly SegmentState[],
  pick: (s: SegmentState) => T,
): T {
  const out = new Type(states.reduce((n, s) => n + pick(s).length, 0))
  let at = 0
  for (const s of states) {
    out.set(pick(s), at)
    at += pick(s).length
  }
  return out
}
