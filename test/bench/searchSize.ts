/**
 * How small can a search index over the generated archives be? The issue asks for a snapshot
 * no larger than the archive; ours is ~1.8× it (docs/search-design.md). This bench measures
 * the floor of the design family we use, and the cost of the way out of it:
 *
 * - **Positions floor**: an inverted index whose lists each decode on their own must store,
 *   for a bigram with n occurrences among T text positions, at least log2 C(T, n) bits
 *   (which n of the T positions). Summed over every bigram of gram units, it is what any
 *   encoding of global positions (Elias–Fano, bit packing, varint gaps) can only approach.
 * - **Text**: verification, closeness and snippets read the article's text; the text
 *   compressed with zlib level 9 in 16 KB blocks (random access needs blocks).
 * - **Re-reading articles instead**: a design without a text copy reads and parses the
 *   article file for each hit it shows (a snippet) or checks; timed here with the app's own
 *   reader and normaliser on the bench archive.
 *
 * Run: `npm run bench -- search-size [--sizes 10k,100k] [--seed N] [--reads N]`.
 */
import zlib from 'node:zlib'
import { readArticleSync } from '../../src/main/core/archive/readArticle'
import { resolveReadOptions } from '../../src/main/core/archive/options'
import { isGramUnit, normalize, normalizeWithPatches } from '../../src/main/core/search/normalize'
import { DEFAULT_SEED, ensureBenchArchive, generateArticle } from '../support/generator'
import { numberOption, sizesOption, type BenchArgs } from './lib/args'
import { printTable } from './lib/table'

export const description =
  'snapshot floor: bigram positions (information bound) + compressed text vs archive size; cost of re-reading articles'

const TEXT_BLOCK_UNITS = 8 * 1024
const HITS_PER_PAGE = 20

/** ln Γ(x) for x ≥ 1: exact sum of logs below 10, Stirling's series above (error < 1e-9). */
function lnGamma(x: number): number {
  if (x < 10) {
    let sum = 0
    for (let i = 2; i < x; i++) sum += Math.log(i)
    return sum
  }
  return (
    (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3)
  )
}

/** log2 of the binomial coefficient C(n, k). */
export function log2Binomial(n: number, k: number): number {
  return (lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1)) / Math.LN2
}

interface SizeFigures {
  archiveBytes: number
  units: number
  occurrences: number
  keys: number
  positionsFloorBytes: number
  textUtf16Bytes: number
  textDeflatedBytes: number
}

/** Streams the generated articles once: bigram counts, text size and its compressed size. */
function measureSizes(count: number, seed: number): SizeFigures {
  const counts = new Map<number, number>()
  let archiveBytes = 0
  let units = 0
  let occurrences = 0
  let textDeflatedBytes = 0
  let block: string[] = []
  let blockUnits = 0
  const flush = (): void => {
    if (blockUnits === 0) return
    const bytes = Buffer.from(block.join(''), 'utf16le')
    textDeflatedBytes += zlib.deflateRawSync(bytes, { level: 9 }).length
    block = []
    blockUnits = 0
  }
  for (let i = 0; i < count; i++) {
    const article = generateArticle(seed, i)
    archiveBytes += Buffer.byteLength(article.content)
    // What the index reads: the title and the body, normalised.
    const text = normalize(`${article.title} ${article.text}`)
    units += text.length
    block.push(text)
    blockUnits += text.length
    if (blockUnits >= TEXT_BLOCK_UNITS) flush()
    for (let p = 0; p + 1 < text.length; p++) {
      const a = text.charCodeAt(p)
      const b = text.charCodeAt(p + 1)
      if (!isGramUnit(a) || !isGramUnit(b)) continue
      const key = a * 65536 + b
      counts.set(key, (counts.get(key) ?? 0) + 1)
      occurrences++
    }
  }
  flush()
  let bits = 0
  for (const n of counts.values()) bits += log2Binomial(units, n)
  return {
    archiveBytes,
    units,
    occurrences,
    keys: counts.size,
    positionsFloorBytes: bits / 8,
    textUtf16Bytes: units * 2,
    textDeflatedBytes,
  }
}

/** Microseconds per article to read and parse its file and normalise its text, per pass. */
function measureRereads(root: string, count: number, seed: number, reads: number): number[] {
  const step = Math.max(1, Math.floor(count / reads))
  const ids: string[] = []
  for (let i = 0; i < count && ids.length < reads; i += step) ids.push(generateArticle(seed, i).id)
  const options = resolveReadOptions({ timeZone: 'UTC' })
  const perPass: number[] = []
  for (let pass = 0; pass < 2; pass++) {
    let units = 0
    const start = performance.now()
    for (const id of ids) {
      const article = readArticleSync(root, id, options)
      units += normalizeWithPatches(`${article.title} ${article.text}`).text.length
    }
    const ms = performance.now() - start
    if (units === 0) throw new Error('bench search-size: the articles read had no text')
    perPass.push((ms * 1000) / ids.length)
  }
  return perPass
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1)
const ratio = (bytes: number, archive: number): string => (bytes / archive).toFixed(3)

export async function run(args: BenchArgs): Promise<void> {
  const sizes = sizesOption(args, [10_000, 100_000])
  const seed = numberOption(args, 'seed', DEFAULT_SEED)
  const reads = numberOption(args, 'reads', 2000)
  const rows: (string | number)[][] = []
  const rereads: (string | number)[][] = []
  for (const count of sizes) {
    const f = measureSizes(count, seed)
    const floor = f.positionsFloorBytes + f.textDeflatedBytes
    rows.push([
      count.toLocaleString('en-US'),
      mb(f.archiveBytes),
      f.occurrences.toLocaleString('en-US'),
      f.keys.toLocaleString('en-US'),
      mb(f.positionsFloorBytes),
      (f.positionsFloorBytes / f.occurrences).toFixed(2),
      mb(f.textUtf16Bytes),
      mb(f.textDeflatedBytes),
      mb(floor),
      ratio(floor, f.archiveBytes),
    ])
    const root = await ensureBenchArchive(count, seed)
    const [first, again] = measureRereads(root, count, seed, reads) as [number, number]
    rereads.push([
      count.toLocaleString('en-US'),
      Math.min(reads, count).toLocaleString('en-US'),
      Math.round(first).toLocaleString('en-US'),
      Math.round(again).toLocaleString('en-US'),
      ((first * HITS_PER_PAGE) / 1000).toFixed(1),
      ((again * HITS_PER_PAGE) / 1000).toFixed(1),
    ])
  }
  printTable(
    [
      { header: 'articles', align: 'right' },
      { header: 'archive MB', align: 'right' },
      { header: 'bigram occurrences', align: 'right' },
      { header: 'bigrams', align: 'right' },
      { header: 'positions floor MB', align: 'right' },
      { header: 'bytes/occurrence', align: 'right' },
      { header: 'text UTF-16 MB', align: 'right' },
      { header: 'text zlib-9 MB', align: 'right' },
      { header: 'floor + text MB', align: 'right' },
      { header: '÷ archive', align: 'right' },
    ],
    rows,
  )
  process.stdout.write(
    '(floor + text leaves out the unigram lists, the word index and the document table; any real list encoding adds to the floor)\n\n',
  )
  printTable(
    [
      { header: 'articles', align: 'right' },
      { header: 'files read', align: 'right' },
      { header: 'µs/article, first', align: 'right' },
      { header: 'µs/article, again', align: 'right' },
      { header: `ms per ${HITS_PER_PAGE}-hit page, first`, align: 'right' },
      { header: 'again', align: 'right' },
    ],
    rereads,
  )
}
