/**
 * Positions of words (runs of letters or of digits, as `segments` cuts them) in the same
 * coordinates as the gram postings (normalised title + ' ' + body). With them a term that mixes
 * words and CJK (`AMD锐龙`, `a16`, `"RTX 4090"`) is proven by aligning positions instead of
 * reading the text of every candidate (≈ 7 µs each at 100k articles; `AMD锐龙` has 23k).
 *
 * One list per distinct word, in memory, in the bigram entry format (see gramQuery.ts: doc
 * delta, the first position flagged when it is the only one, else the count and the other
 * deltas) so gramQuery's decoders read both. ~46 word occurrences per generated article: ≈ 3
 * bytes each, ≈ 15 MB at 100k articles. Saved as one file. Adjacent words are also kept in
 * pairs (see PAIR).
 */
import fs from 'node:fs'
import { ListArena } from './listArena'
import { writeVarint } from './postingRun'
import type { LocatedList } from './segmentedPostings'
import { isWordUnit } from './normalize'
import { WORD_TERM_MAX, wordEnd, wordTerm } from './tokens'
import { grow } from './typedArrays'

interface SavedHeader {
  words: string[]
  used: number[]
  lastDocs: number[]
  counts: number[]
  titleCounts: number[]
}

export class WordPositions {
  private readonly ids = new Map<string, number>()
  private readonly words: string[] = []
  /** One list per word id, back to back in one arena (listArena.ts says why). */
  private readonly lists = new ListArena()
  private lastDoc = new Int32Array(1024)
  private count = new Uint32Array(1024)
  /** Documents whose title has the word (ascending), and how many: few words have any. */
  private readonly titleDocs: (Int32Array | undefined)[] = []
  private titleCount = new Uint32Array(1024)
  /** The words sorted, for prefix ranges; words added since wait in `unsorted`. */
  private sorted: string[] = []
  private unsorted: string[] = []

  /**
   * Index the words of one document's normalised title + ' ' + body (documents in increasing
   * number order). Returns its distinct words as FlexSearch's word index takes them (`wordTerm`:
   * cut to WORD_TERM_MAX characters), space-joined in order of first occurrence. The lists here
   * keep whole words, however long: a word costs its length once in them.
   * Words starting before `titleLength` are title words (kept per word as document lists: the
   * title match of a single-word term costs no string search per hit).
   */
  addDocument(doc: number, text: string, titleLength: number): string {
    // Group this document's positions by word, in text order. Cuts as in `segments`.
    const byWord = new Map<number, number[]>()
    const distinct: string[] = []
    // A word cut to WORD_TERM_MAX characters may equal another word or another cut one.
    let cut = false
    const note = (word: string, start: number, plain: boolean): void => {
      const id = this.idOf(word)
      // Title documents serve one-word terms (markTitles); pairs never need them.
      if (plain && start < titleLength) this.noteTitle(id, doc)
      const positions = byWord.get(id)
      if (positions) positions.push(start)
      else {
        byWord.set(id, [start])
        if (plain) {
          if (word.length > WORD_TERM_MAX) cut = true
          distinct.push(wordTerm(word))
        }
      }
    }
    // The word before, to pair it with a word that follows it directly (`a16`: see PAIR).
    let previousStart = -1
    let previousEnd = -1
    const n = text.length
    let i = 0
    while (i < n) {
      const unit = text.charCodeAt(i)
      if (!isWordUnit(unit)) {
        i++
        continue
      }
      const start = i
      i = wordEnd(text, i)
      if (start === previousEnd) note(PAIR + text.slice(previousStart, i), previousStart, false)
      previousStart = start
      previousEnd = i
      note(text.slice(start, i), start, true)
    }
    for (const [id, positions] of byWord) {
      let at = this.lists.reserve(id, 5 * (positions.length + 2))
      const arena = this.lists.bytes
      at = writeVarint(arena, at, doc - (this.lastDoc[id] as number))
      let last = positions[0] as number
      at = writeVarint(arena, at, last * 2 + (positions.length === 1 ? 1 : 0))
      if (positions.length > 1) at = writeVarint(arena, at, positions.length)
      for (let i = 1; i < positions.length; i++) {
        const position = positions[i] as number
        at = writeVarint(arena, at, position - last)
        last = position
      }
      this.lists.setEnd(id, at)
      this.lastDoc[id] = doc
      this.count[id]!++
    }
    return (cut ? [...new Set(distinct)] : distinct).join(' ')
  }

  private idOf(found: string): number {
    let id = this.ids.get(found)
    if (id === undefined) {
      const word = ownCopy(found)
      id = this.words.length
      this.ids.set(word, id)
      this.words.push(word)
      this.newList(id)
      this.unsorted.push(word)
      // Merged in batches, so the first prefix lookup after a build sorts a few thousand
      // words, not all of them (34k words at 100k articles: an 11 ms sort on a query).
      if (this.unsorted.length >= MERGE_BATCH) this.sortedWords()
    }
    return id
  }

  private noteTitle(id: number, doc: number): void {
    const n = this.titleCount[id] as number
    let docs = this.titleDocs[id]
    if (docs !== undefined && n > 0 && docs[n - 1] === doc) return
    if (docs === undefined || n === docs.length) {
      const bigger = new Int32Array(Math.max(4, n * 2))
      if (docs !== undefined) bigger.set(docs)
      this.titleDocs[id] = docs = bigger
    }
    docs[n] = doc
    this.titleCount[id] = n + 1
  }

  /** A word's list (holding `initial` when loaded) and its columns (grown as needed). */
  private newList(id: number, initial?: Uint8Array): void {
    if (this.lists.add(initial) !== id) throw new Error('search: word lists out of step with words')
    if (id >= this.lastDoc.length) {
      const size = this.lastDoc.length * 2
      this.lastDoc = grow(this.lastDoc, size)
      this.count = grow(this.count, size)
      this.titleCount = grow(this.titleCount, size)
    }
    this.lastDoc[id] = -1
    this.count[id] = 0
    this.titleCount[id] = 0
  }

  /**
   * Close the gaps in the lists' arena, lists in sorted word order (a prefix range reads
   * neighbours). Returns the bytes it shrank by (ListArena.compact).
   */
  compact(): number {
    return this.lists.compact(this.sortedWords().map((word) => this.ids.get(word) as number))
  }

  /** The list of exactly this word (empty when unknown). */
  exact(word: string): LocatedList[] {
    const id = this.ids.get(word)
    return id === undefined ? [] : [this.located(id)]
  }

  /** The lists of every word that starts with `prefix`. */
  withPrefix(prefix: string): LocatedList[] {
    const sorted = this.sortedWords()
    const lo = lowerBound(sorted, prefix)
    const out: LocatedList[] = []
    for (let i = lo; i < sorted.length && (sorted[i] as string).startsWith(prefix); i++)
      out.push(this.located(this.ids.get(sorted[i] as string) as number))
    return out
  }

  /**
   * The lists of the words starting with `prefix`, or null when they hold more than `maxEntries`
   * (document, word) entries together: a caller that wants per-document counts and can do
   * without them for very common prefixes (`2`, `a`: hundreds of thousands) stops early.
   */
  withPrefixUpTo(prefix: string, maxEntries: number): LocatedList[] | null {
    const sorted = this.sortedWords()
    const out: LocatedList[] = []
    let entries = 0
    for (let i = lowerBound(sorted, prefix); i < sorted.length; i++) {
      const word = sorted[i] as string
      if (!word.startsWith(prefix)) break
      const id = this.ids.get(word) as number
      entries += this.count[id] as number
      if (entries > maxEntries) return null
      out.push(this.located(id))
    }
    return out
  }

  /** Merge the words added since the last prefix lookup into the sorted list (no full re-sort). */
  private sortedWords(): string[] {
    if (this.unsorted.length === 0) return this.sorted
    const added = this.unsorted.sort()
    const old = this.sorted
    const merged = new Array<string>(old.length + added.length)
    let i = 0
    let j = 0
    let k = 0
    while (i < old.length || j < added.length) {
      if (j >= added.length || (i < old.length && (old[i] as string) < (added[j] as string)))
        merged[k++] = old[i++] as string
      else merged[k++] = added[j++] as string
    }
    this.sorted = merged
    this.unsorted = []
    return merged
  }

  /**
   * Set TITLE_BIT (`bit`) in `flags` for every document whose title has a word starting with
   * `prefix` — exactly where `occurs(title, prefix)` holds for a one-word term — and flags ≠ 0.
   */
  markTitles(prefix: string, flags: Uint16Array, bit: number): void {
    const sorted = this.sortedWords()
    const lo = lowerBound(sorted, prefix)
    for (let i = lo; i < sorted.length && (sorted[i] as string).startsWith(prefix); i++) {
      const id = this.ids.get(sorted[i] as string) as number
      const docs = this.titleDocs[id]
      const n = this.titleCount[id] as number
      for (let k = 0; k < n; k++) {
        const doc = (docs as Int32Array)[k] as number
        if (doc < flags.length && flags[doc] !== 0) flags[doc] = (flags[doc] as number) | bit
      }
    }
  }

  private located(id: number): LocatedList {
    const bytes = this.lists.view(id)
    return { count: this.count[id] as number, read: () => bytes }
  }

  /** Bytes the lists' arena holds (lists, their spare room and gaps). */
  get arenaBytes(): number {
    return this.lists.arenaBytes
  }

  get byteLength(): number {
    return this.lists.byteLength
  }

  /**
   * Write every list to `file`: a JSON header line, then the lists' bytes back to back, words
   * in sorted order so that a reopened index needs no sort for its first prefix lookup.
   */
  save(file: string): void {
    const ids = this.sortedWords().map((word) => this.ids.get(word) as number)
    const column = (values: Uint32Array | Int32Array): number[] =>
      ids.map((id) => values[id] as number)
    const header: SavedHeader = {
      words: this.sorted,
      used: ids.map((id) => this.lists.usedOf(id)),
      lastDocs: column(this.lastDoc),
      counts: column(this.count),
      titleCounts: column(this.titleCount),
    }
    const head = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8')
    const fd = fs.openSync(`${file}.tmp`, 'w')
    try {
      fs.writeSync(fd, head)
      for (const id of ids) fs.writeSync(fd, this.lists.view(id))
      for (const id of ids) {
        const n = this.titleCount[id] as number
        const docs = this.titleDocs[id]
        if (n === 0 || docs === undefined) continue
        fs.writeSync(fd, new Uint8Array(docs.buffer, docs.byteOffset, n * 4))
      }
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(`${file}.tmp`, file)
  }

  /** Load what `save` wrote (the index must be empty). */
  load(file: string): void {
    const data = fs.readFileSync(file)
    const newline = data.indexOf(10)
    const header = JSON.parse(data.toString('utf8', 0, newline)) as SavedHeader
    let at = newline + 1
    let total = 0
    for (const used of header.used) total += used
    this.lists.expect(total, header.words.length)
    header.words.forEach((word, id) => {
      this.ids.set(word, id)
      this.words.push(word)
      const used = header.used[id] as number
      // Copied, with room to grow, as `compact` lays lists out.
      this.newList(id, data.subarray(at, at + used))
      at += used
      this.lastDoc[id] = header.lastDocs[id] as number
      this.count[id] = header.counts[id] as number
    })
    // Files written before words were saved sorted are sorted here, once.
    if (isSorted(header.words)) this.sorted = header.words.slice()
    else this.unsorted = header.words.slice()
    header.words.forEach((_, id) => {
      const titleCount = header.titleCounts[id] as number
      if (titleCount === 0) return
      const docs = new Int32Array(titleCount)
      // Little-endian like every platform Node runs on; copied (the file offset may be unaligned).
      new Uint8Array(docs.buffer).set(data.subarray(at, at + titleCount * 4))
      this.titleDocs[id] = docs
      this.titleCount[id] = titleCount
      at += titleCount * 4
    })
  }
}

/** The first index of `sorted` whose word is not below `word`. */
function lowerBound(sorted: readonly string[], word: string): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((sorted[mid] as string) < word) lo = mid + 1
    else hi = mid
  }
  return lo
}

const MERGE_BATCH = 4096

/**
 * Pair keys: in a run of adjacent words (letters then digits or the reverse: `m2`, `a16z`,
 * `ddr5x`) each word but the last is also kept with the word after it, under PAIR + the two
 * words (`a16z` → `\u0001a16` at a, `\u000116z` at 16). A term's adjacent words then anchor
 * on pairs (termAlignment.ts): `\u0001m2` is the lists of the pairs it prefixes, where aligning
 * `m`'s 39k positions against the 432k entries of the 1,443 words after `2` cost 12 ms at 100k.
 * A pair starts at a word and its second word changes kind, so its first word is whole. Two
 * words, not more: a hash or a random id (`3f9a0c…`) repeats its pairs far more than its longer
 * stretches, so the vocabulary grows no faster than with its plain words. The mark keeps pairs
 * out of plain words' prefix ranges and out of FlexSearch.
 */
export const PAIR = '\u0001'

function isSorted(words: readonly string[]): boolean {
  for (let i = 1; i < words.length; i++)
    if ((words[i - 1] as string) >= (words[i] as string)) return false
  return true
}

/**
 * A copy of a word found in a document that does not keep the document alive: V8 makes a
 * slice of 13+ characters a view into the string it was cut from, so each long word kept in
 * the dictionary held the whole text of the article it was first seen in (measured after a
 * build of the generated 100k archive: 40 MB of texts behind 21k words).
 */
function ownCopy(word: string): string {
  // The concatenation is flattened into a new string when sliced; the slice is a view into it.
  return word.length < 13 ? word : ` ${word}`.slice(1)
}
