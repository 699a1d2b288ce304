/**
 * Word positions (wordPositions.ts): prefix lookups after many additions (the sorted word list
 * is merged in batches), after a save and load (words saved sorted), and from a file whose
 * words are in another order (written before they were saved sorted), and words that do not
 * keep the documents they were found in alive.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import v8 from 'node:v8'
import vm from 'node:vm'
import { afterAll, describe, expect, it } from 'vitest'
import { PAIR, WordPositions } from '../../../src/main/core/search/wordPositions'
import { mulberry32 } from '../../support/random'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'word-positions-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function filled(): { words: WordPositions; vocabulary: string[] } {
  const random = mulberry32(9)
  // More distinct words than one merge batch, so lookups see several merges.
  const vocabulary = Array.from({ length: 9_000 }, (_, i) => `w${(i * 7919) % 9_000}x${i % 13}`)
  const words = new WordPositions()
  for (let doc = 0; doc < 600; doc++) {
    const picked = Array.from({ length: 30 }, () => vocabulary[Math.floor(random() * 9_000)])
    words.addDocument(doc, picked.join(' '), 0)
    if (doc === 300) words.withPrefix('w1') // a lookup halfway: later words merge into it
  }
  return { words, vocabulary }
}

const counts = (words: WordPositions, prefix: string): number[] =>
  words.withPrefix(prefix).map((list) => list.count)

describe('pairs of adjacent words', () => {
  const starts = (words: WordPositions, key: string): number[] =>
    words.exact(key).flatMap((list) => {
      // One document: doc delta, then the first position (×2, +1 when alone), count, deltas.
      const bytes = list.read()
      const values: number[] = []
      let at = 0
      while (at < bytes.length) {
        let value = 0
        for (let shift = 1; ; shift *= 128) {
          const b = bytes[at++] as number
          value += (b & 0x7f) * shift
          if (!(b & 0x80)) break
        }
        values.push(value)
      }
      const first = (values[1] as number) >> 1
      if ((values[1] as number) & 1) return [first]
      const out = [first]
      for (let k = 3; k < values.length; k++)
        out.push((out[out.length - 1] as number) + (values[k] as number))
      return out
    })

  it('keeps each word of a run but the last with the next one', () => {
    const words = new WordPositions()
    const distinct = words.addDocument(0, 'a1b2c3 x9 and a1 q', 0)
    // FlexSearch receives the plain words only.
    expect(distinct).toBe('a 1 b 2 c 3 x 9 and q')
    expect(starts(words, `${PAIR}a1`)).toEqual([0, 14])
    expect(starts(words, `${PAIR}1b`)).toEqual([1])
    expect(starts(words, `${PAIR}b2`)).toEqual([2])
    expect(starts(words, `${PAIR}2c`)).toEqual([3])
    expect(starts(words, `${PAIR}c3`)).toEqual([4])
    expect(starts(words, `${PAIR}x9`)).toEqual([7])
    expect(words.exact(`${PAIR}a1b`)).toEqual([]) // two words, never three
    expect(words.exact(`${PAIR}3`)).toEqual([]) // the last word of a run alone
  })

  it("stays out of plain words' prefix ranges, and out of the title lists", () => {
    const words = new WordPositions()
    words.addDocument(0, 'a16 ab a', 3)
    expect(counts(words, 'a')).toHaveLength(2) // a, ab
    expect(counts(words, `${PAIR}a`)).toHaveLength(1) // a16
    const flags = new Uint16Array([1])
    words.markTitles(PAIR, flags, 0x100)
    expect(flags[0]).toBe(1)
    words.markTitles('a', flags, 0x100)
    expect(flags[0]).toBe(0x101)
  })
})

describe('word positions', () => {
  const prefixes = ['w', 'w1', 'w12', 'w8999', 'w45x', 'nothing']

  it('finds every word of a prefix, in sorted order, after a save and load', () => {
    const { words } = filled()
    const file = path.join(tmp, 'sorted.bin')
    words.save(file)
    const header = JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[0] as string) as {
      words: string[]
    }
    expect(header.words).toEqual([...header.words].sort())
    const loaded = new WordPositions()
    loaded.load(file)
    for (const prefix of prefixes) expect(counts(loaded, prefix)).toEqual(counts(words, prefix))
    const all = header.words.filter((w) => w.startsWith('w1'))
    expect(words.withPrefix('w1')).toHaveLength(all.length)
  })

  it('loads a file whose words are not sorted', () => {
    const { words } = filled()
    const file = path.join(tmp, 'shuffled.bin')
    words.save(file)
    // Rewrite the file with its words (and their lists) in reverse order.
    const data = fs.readFileSync(file)
    const newline = data.indexOf(10)
    const header = JSON.parse(data.toString('utf8', 0, newline)) as {
      words: string[]
      used: number[]
      lastDocs: number[]
      counts: number[]
      titleCounts: number[]
    }
    const lists: Buffer[] = []
    let at = newline + 1
    for (const used of header.used) {
      lists.push(data.subarray(at, at + used))
      at += used
    }
    const reversed = {
      words: [...header.words].reverse(),
      used: [...header.used].reverse(),
      lastDocs: [...header.lastDocs].reverse(),
      counts: [...header.counts].reverse(),
      titleCounts: [...header.titleCounts].reverse(),
    }
    expect(header.titleCounts.every((n) => n === 0)).toBe(true)
    fs.writeFileSync(
      file,
      Buffer.concat([Buffer.from(`${JSON.stringify(reversed)}\n`), ...lists.reverse()]),
    )
    const loaded = new WordPositions()
    loaded.load(file)
    for (const prefix of prefixes) expect(counts(loaded, prefix)).toEqual(counts(words, prefix))
  })
})

describe('the arena of lists', () => {
  /** Letters only: a word is a run of letters or of digits, so `v12` would be two words. */
  const wordOf = (i: number): string =>
    `z${String.fromCharCode(97 + (i % 26), 97 + (Math.floor(i / 26) % 26), 97 + Math.floor(i / 676))}`
  /** Documents of words with very different frequencies, some in the title, fed to each index. */
  function feed(indexes: WordPositions[], from: number, to: number): void {
    const random = mulberry32(from + 1)
    for (let doc = from; doc < to; doc++) {
      const picked = Array.from({ length: 40 }, () => wordOf(Math.floor(random() ** 3 * 2_000)))
      const text = picked.join(' ')
      for (const index of indexes) index.addDocument(doc, text, 12)
    }
  }
  const vocabulary = Array.from({ length: 2_000 }, (_, i) => wordOf(i))
  const dump = (index: WordPositions): unknown[] =>
    vocabulary.map((word) => {
      const list = index.exact(word)[0]
      const titles = new Uint16Array(900).fill(1)
      index.markTitles(word, titles, 2)
      return list && [list.count, [...list.read()], titles.filter((f) => f === 3).length]
    })

  it('keeps every list through compactions, appends after them, and saves and loads them', () => {
    const plain = new WordPositions()
    const compacted = new WordPositions()
    feed([plain, compacted], 0, 400)
    const found = dump(plain).filter((entry) => entry !== undefined) as [number, number[], number][]
    expect(found.length).toBeGreaterThan(1_000)
    expect(
      found.some(([count, bytes, titles]) => count > 300 && bytes.length > 2_000 && titles > 0),
    ).toBe(true)
    // Lists that outgrew their room moved and left gaps: compacting closes them, once.
    const grownSize = compacted.arenaBytes
    const saved = compacted.compact()
    expect(saved).toBeGreaterThan(grownSize / 4)
    expect(compacted.arenaBytes).toBe(grownSize - saved)
    expect(compacted.compact()).toBe(0)
    expect(compacted.byteLength).toBe(plain.byteLength)
    expect(dump(compacted)).toEqual(dump(plain))
    // A compacted arena grows by half, not double, when a document needs more.
    const compactSize = compacted.arenaBytes
    feed([plain, compacted], 400, 401)
    expect(compacted.arenaBytes).toBeLessThanOrEqual(Math.ceil(compactSize * 1.5))
    // Appends after a compaction (every list full: each first append moves its list).
    feed([plain, compacted], 401, 600)
    expect(dump(compacted)).toEqual(dump(plain))
    const file = path.join(tmp, 'arena.bin')
    compacted.save(file)
    const loaded = new WordPositions()
    loaded.load(file)
    expect(dump(loaded)).toEqual(dump(plain))
    feed([plain, loaded], 600, 800)
    expect(dump(loaded)).toEqual(dump(plain))
    const loadedSize = loaded.arenaBytes
    expect(loaded.compact()).toBeGreaterThan(0)
    expect(loaded.arenaBytes).toBeLessThan(loadedSize)
    expect(dump(loaded)).toEqual(dump(plain))
  })
})

describe('memory', () => {
  it('keeps its own copy of each new word, not a view into the document text', () => {
    v8.setFlagsFromString('--expose-gc')
    const gc = vm.runInNewContext('gc') as () => void
    const heapMB = (): number => {
      gc()
      return process.memoryUsage().heapUsed / 1024 / 1024
    }
    const words = new WordPositions()
    const before = heapMB()
    // 64 documents of 512 KB of text each (32 MB in all), each with one new long word: a word
    // cut from its document (a V8 sliced string) would keep the whole text alive.
    for (let doc = 0; doc < 64; doc++) {
      // Letters only: a word splits where letters turn into digits.
      const suffix = String.fromCharCode(97 + (doc >> 4), 97 + (doc & 15))
      words.addDocument(doc, `uniqueword${suffix}zz ${'字'.repeat(256 * 1024)}`, 0)
    }
    const grown = heapMB() - before
    expect(grown).toBeLessThan(8)
    expect(words.withPrefix('uniqueword').map((list) => list.count)).toEqual(
      Array.from({ length: 64 }, () => 1),
    )
  })
})
