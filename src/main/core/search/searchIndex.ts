/**
 * The search index: exact full-text search over normalised text.
 *
 * - FlexSearch holds what it can hold: the distinct words of each article's title and body,
 *   with forward prefixes (measured: 4 MB of heap per 10k articles).
 * - The GramIndex holds the CJK unigram/bigram postings of title + body compactly, in
 *   posting segments on disk (FlexSearch needed 59 MB per 10k articles for title n-grams
 *   alone, and GBs for bodies; see docs/search-design.md).
 * - Every candidate that the postings cannot prove is verified against the normalised text,
 *   so results are exactly the documents that contain the query. With `articleText` the
 *   text is read again from the archive's file (derivedText.ts); otherwise a TextStore
 *   keeps a copy.
 * Deleted documents are tombstoned (their numbers are never reused).
 */
import fs from 'node:fs'
import path from 'node:path'
import { Index } from 'flexsearch'
import { createLogger } from '../log'
import { DocTable } from './docTable'
import { GramIndex } from './gramIndex'
import { TEXT_FROM_FILES_VERIFY_BELOW, VERIFY_BELOW } from './gramQuery'
import { normalize, normalizeToStored } from './normalize'
import { runSearch, type SearchContext } from './ranking'
import { readIndexSnapshot, writeIndexSnapshot, type RestoredIndex } from './indexSnapshot'
import { checkFingerprint, fingerprint, SNAPSHOT_FILE, SnapshotError } from './snapshot'
import { createFileTextStore, createMemoryTextStore, type TextStore } from './textStore'
import { createDerivedTextSource } from './derivedText'
import { splitSpaces } from './tokens'
import { WordPositions } from './wordPositions'
import { QuietPacking } from './quietPacking'
import { decodedWordTerms } from './wordIndexSnapshot'
import type { IndexableArticle, SearchIndexOptions, SearchIndex } from './searchIndexTypes'

export type {
  IndexableArticle,
  SortOrder,
  SearchOptions,
  SearchHit,
  SearchFacets,
  SearchResult,
  SearchIndexStats,
  SearchIndexOptions,
  SearchIndex,
} from './searchIndexTypes'

const log = createLogger('search')

const TEXT_FILE = 'text.bin'
const WORD_POSITIONS_FILE = 'word-positions.bin'
/** Where format 2 kept FlexSearch's word index (now inside the snapshot): removed on save. */
const FORMAT_2_WORDS_FILE = 'words.flex.json'

export function createSearchIndex(options: SearchIndexOptions = {}): SearchIndex {
  return buildIndex(options, undefined)
}

export interface OpenedSearchIndex {
  index: SearchIndex
  /** True when the snapshot was loaded; false when it was missing or refused (then `reason` says why). */
  restored: boolean
  reason?: string
  /** The catalog saved with the snapshot, when restored. */
  catalog?: unknown
}

/**
 * Open the index in `options.dir` from its snapshot, or start an empty one there when the
 * snapshot is missing, truncated, corrupt, from another format or does not match its data
 * files. The caller then re-reads the files that changed (or all of them).
 *
 * `readOnly`: nothing is written into the folder (openReadOnly).
 */
export function openSearchIndex(options: SearchIndexOptions & { dir: string }): OpenedSearchIndex {
  if (options.readOnly) return openReadOnly(options)
  try {
    return restoreFrom(options)
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error
    log.info(`rebuilding: ${error.message}`)
    return { index: buildIndex(options, undefined), restored: false, reason: error.message }
  }
}

function restoreFrom(options: SearchIndexOptions & { dir: string }): OpenedSearchIndex {
  const snapshot = readIndexSnapshot(options.dir)
  const derived = options.articleText !== undefined
  if (snapshot.textsFromArchive !== derived)
    throw new SnapshotError(
      derived
        ? 'the snapshot keeps a copy of the texts; this index reads them from the archive'
        : 'the snapshot reads its texts from the archive; this index needs its own copy',
    )
  for (const file of snapshot.files) checkFingerprint(options.dir, file)
  if (!snapshot.files.some((file) => file.name === WORD_POSITIONS_FILE))
    throw new SnapshotError('the snapshot has no word positions (an older format)')
  const restored = loadParts(() => snapshot.restore())
  const index = loadParts(() => buildIndex(options, restored))
  if (options.readOnly) {
    // The folder's owner (another process) may have saved while this one opened its files:
    // each must still be the one the snapshot names (a later save renames in a new word
    // positions file and, after a merge, removes segments; files already open stay readable).
    try {
      for (const file of snapshot.files) checkFingerprint(options.dir, file)
    } catch (error) {
      index.close()
      throw error
    }
  }
  return { index, restored: true, catalog: restored.catalog }
}

/** Tries to read a snapshot that its owner is replacing at this moment. */
const READ_ONLY_ATTEMPTS = 3

/**
 * The snapshot in `dir` opened without writing anything there: files are only read, changes
 * stay in memory. A snapshot that cannot be used (after a few tries, in case its owner was
 * saving) leaves an empty index in memory and the reason: the caller then builds a private
 * index elsewhere rather than rebuild in a folder it must not write.
 */
function openReadOnly(options: SearchIndexOptions & { dir: string }): OpenedSearchIndex {
  let reason = 'there is no snapshot'
  for (let attempt = 0; attempt < READ_ONLY_ATTEMPTS; attempt++) {
    try {
      return restoreFrom(options)
    } catch (error) {
      if (!(error instanceof SnapshotError)) throw error
      reason = error.message
    }
  }
  const inMemory: SearchIndexOptions =
    options.flushBytes === undefined ? {} : { flushBytes: options.flushBytes }
  return { index: buildIndex(inMemory, undefined), restored: false, reason }
}

/**
 * A snapshot whose checksum and fingerprints hold can still disagree with this code (written by
 * a build of the same format number with another layout, or by a bug): whatever fails while
 * loading it is a refusal with its reason, never a crash that leaves the archive unsearchable.
 */
function loadParts<T>(load: () => T): T {
  try {
    return load()
  } catch (error) {
    const message =
      error instanceof SnapshotError
        ? error.reason
        : error instanceof Error
          ? error.message
          : String(error)
    throw new SnapshotError(`its content could not be loaded (${message})`)
  }
}

/** fsync a folder (its entries: a rename); not possible on Windows, where it is skipped. */
function syncFolder(dir: string): void {
  let fd: number | null = null
  try {
    fd = fs.openSync(dir, 'r')
    fs.fsyncSync(fd)
  } catch (error) {
    if (process.platform !== 'win32') log.warn(`could not flush the folder ${dir}`, error)
  } finally {
    if (fd !== null) fs.closeSync(fd)
  }
}

function buildIndex(options: SearchIndexOptions, restore: RestoredIndex | undefined): SearchIndex {
  const dir = options.dir
  const readOnly = options.readOnly === true
  if (readOnly && restore === undefined)
    throw new Error('search: a read-only index is opened from a snapshot')
  // A new index in a folder: the old snapshot goes first (a restore writes nothing at open).
  if (dir !== undefined && restore === undefined)
    fs.rmSync(path.join(dir, SNAPSHOT_FILE), { force: true })
  const table = restore?.table ?? new DocTable()
  const textOf = options.articleText
  const derivedSource =
    dir !== undefined && textOf !== undefined
      ? createDerivedTextSource((doc, quick) => {
          const id = table.records[doc]?.id
          return id === undefined ? undefined : textOf(id, quick)
        }, restore?.state.derived ?? undefined)
      : null
  // A folder switched to texts read from the archive: an old text copy would only take space.
  if (derivedSource !== null && dir !== undefined && restore === undefined)
    fs.rmSync(path.join(dir, TEXT_FILE), { force: true })
  const fileStore =
    dir !== undefined && derivedSource === null
      ? createFileTextStore(path.join(dir, TEXT_FILE), restore?.state.text ?? undefined, {
          readOnly,
        })
      : null
  const store: TextStore = derivedSource ?? fileStore ?? createMemoryTextStore()
  const grams = new GramIndex({ dir, flushBytes: options.flushBytes, readOnly })
  const words = new Index({ encode: splitSpaces, tokenize: 'forward' })
  const wordPositions = new WordPositions()
  let nextDoc = 0
  let minDate = Infinity
  let maxDate = -Infinity

  const packing = new QuietPacking(words, wordPositions, table)

  function add(article: IndexableArticle): void {
    packing.wordsChanging()
    if (table.docOf(article.id) !== undefined) remove(article.id)
    const doc = nextDoc++
    const body = normalizeToStored(article.text)
    store.put(doc, body)
    const normTitle = normalize(article.title)
    // Title and body share the postings; a space keeps n-grams from spanning the two.
    const indexed = `${normTitle} ${body.text}`
    grams.addDocument(doc, indexed, normTitle.length)
    const docWords = wordPositions.addDocument(doc, indexed, normTitle.length)
    if (docWords !== '') words.add(doc, docWords)
    insertRecord(doc, {
      id: article.id,
      title: article.title,
      normTitle,
      date: article.date,
      ...(article.month !== undefined ? { month: article.month } : {}),
      author: article.author ?? null,
      categories: article.categories,
    })
  }

  function insertRecord(doc: number, meta: Parameters<DocTable['insert']>[1]): void {
    table.insert(doc, meta)
    noteDate(table.dates[doc] as number)
  }

  function noteDate(date: number): void {
    if (!Number.isNaN(date)) {
      minDate = Math.min(minDate, date)
      maxDate = Math.max(maxDate, date)
    }
  }

  if (restore !== undefined && dir !== undefined) {
    try {
      grams.unigrams.restore(restore.state.unigram)
      grams.bigrams.restore(restore.state.bigram)
      restore.restoreWords(words)
      wordPositions.load(path.join(dir, WORD_POSITIONS_FILE))
    } catch (error) {
      // The caller falls back to a rebuild and deletes these files: release them first, or
      // their space (~1 GB at 100k) stays taken until the process ends.
      store.close()
      grams.close()
      throw error
    }
    for (let doc = 0; doc < restore.state.nextDoc; doc++)
      if (table.live[doc] === 1) noteDate(table.dates[doc] as number)
    nextDoc = restore.state.nextDoc
  }

  function save(catalog: unknown = null): void {
    if (dir === undefined) throw new Error('search: save needs an index folder')
    if (readOnly) throw new Error('search: a read-only index is not saved')
    const unigram = grams.unigrams.state()
    const bigram = grams.bigrams.state()
    const text = fileStore?.state() ?? null
    const derived = derivedSource?.state() ?? null
    wordPositions.save(path.join(dir, WORD_POSITIONS_FILE))
    const files = [
      ...(text !== null ? [fingerprint(dir, TEXT_FILE, text.end)] : []),
      fingerprint(dir, WORD_POSITIONS_FILE),
      ...[...unigram, ...bigram].map((segment) => fingerprint(dir, segment.name)),
    ]
    // FlexSearch's word index is inside the snapshot (wordIndexSnapshot.ts), not a file beside it.
    fs.rmSync(path.join(dir, FORMAT_2_WORDS_FILE), { force: true })
    writeIndexSnapshot(
      dir,
      { nextDoc, text, derived, unigram, bigram, files },
      table,
      words,
      catalog,
    )
    // The snapshot no longer names segments that compactions replaced. Its rename reaches the
    // disk first: otherwise a power cut could bring back the old snapshot without its files.
    if (grams.unigrams.hasReplaced || grams.bigrams.hasReplaced) {
      syncFolder(dir)
      grams.unigrams.removeReplaced()
      grams.bigrams.removeReplaced()
    }
  }

  function remove(id: string): boolean {
    const doc = table.docOf(id)
    if (doc === undefined) return false
    // Tombstone: FlexSearch and the postings keep the number; every lookup checks liveness.
    // (Do not call words.remove: with fastupdate off it walks FlexSearch's whole term map,
    // which after a restore would decode every lazily restored term; wordIndexSnapshot.ts.)
    table.delete(doc)
    store.delete(doc)
    return true
  }

  // Getters: the search reads the counters as they are when it runs, not as they were here.
  const context: SearchContext = {
    table,
    grams,
    words,
    wordPositions,
    store,
    verifyBelow: derivedSource !== null ? TEXT_FROM_FILES_VERIFY_BELOW : VERIFY_BELOW,
    get docCapacity() {
      return nextDoc
    },
    get minDate() {
      return minDate
    },
    get maxDate() {
      return maxDate
    },
  }

  return {
    save,
    add,
    update: add,
    remove,
    has: (id) => table.docOf(id) !== undefined,
    idOfDoc: (doc) => table.records[doc]?.id,
    get docCapacity() {
      return nextDoc
    },
    get size() {
      return table.liveCount
    },
    search: (query, searchOptions) => runSearch(context, query, searchOptions),
    stats: () => ({
      documents: table.liveCount,
      deletedDocuments: nextDoc - table.liveCount,
      unigramKeys: grams.unigrams.keyCount,
      bigramKeys: grams.bigrams.keyCount,
      postingBytes: grams.unigrams.byteLength + grams.bigrams.byteLength,
      segments: grams.unigrams.segmentCount + grams.bigrams.segmentCount,
      merges: grams.unigrams.merges + grams.bigrams.merges,
      textBytes: store.bytes,
      wordTermsDecoded: decodedWordTerms(words),
      recordsBuilt: table.builtRecords,
    }),
    compact: (deadline) =>
      grams.bigrams.compactStep(deadline) && grams.unigrams.compactStep(deadline),
    abortCompaction: () => {
      grams.bigrams.abortCompaction()
      grams.unigrams.abortCompaction()
    },
    packWords: () => packing.packWords(),
    packWordsStep: (deadline) => packing.packWordsStep(deadline),
    packRecords: () => packing.packRecords(),
    dataFiles: () =>
      dir === undefined
        ? []
        : [
            ...grams.bigrams.segmentFiles,
            ...grams.unigrams.segmentFiles,
            ...(fileStore !== null ? [TEXT_FILE] : []),
          ].map((name) => path.join(dir, name)),
    syncMerged: async () => {
      await grams.bigrams.syncMerged()
      await grams.unigrams.syncMerged()
    },
    close: () => {
      store.close()
      grams.close()
    },
  }
}
