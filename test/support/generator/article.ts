/**
 * One generated article, by (seed, index): random access, so a benchmark can stream
 * 100k articles, or a worker can make any slice, without holding the rest.
 */
import { buildBody } from './html'
import { cleanFileName, formatDate, frontMatter, type DateStyle } from './frontMatter'
import { flashTitle, title as makeTitle, type ProseStyle } from './prose'
import { mixSeed, Rng } from './prng'
import { pickSource } from './sources'
import { vocabulary, type Script } from './vocab'

/** Bump when the output changes, so cached bench archives are regenerated. */
export const GENERATOR_VERSION = 1

export const DEFAULT_SEED = 1

export interface GeneratedArticle {
  /** Path relative to the archive root, with `/`. */
  id: string
  /** The exact file text. */
  content: string
  title: string
  categories: string[]
  /**
   * ISO 8601 (UTC). For `Invalid Date` files it is the intended date, which writeArchive
   * also sets as the file's mtime (a reader falls back to the mtime). For the
   * `YYYY-MM-DD HH:mm:ss` form it is right when that form is read in UTC.
   */
  date: string
  /** Plain text of the body as a reader extracts it: no tags, entities decoded, one line per block. */
  text: string
  // Extra ground truth for tests of the reader.
  author: string
  /** The front matter's headimg, or null when the key is absent. */
  headimg: string | null
  /** The front matter's thumbnail, or null when empty. */
  thumbnail: string | null
  /** Image URLs of the body, in order. */
  images: string[]
  dateStyle: DateStyle
  layout: 'new' | 'old' | 'transitional'
  script: Script
  /** The title is written bare and YAML reads it as a number. */
  numericTitle: boolean
}

const START_MS = Date.UTC(2021, 2, 1)
const END_MS = Date.UTC(2022, 8, 30, 23, 59, 59)
const MEDIAN_TEXT_CHARS = 2500

/** Log-normal length with the long tail of real articles, clamped to 300–15,000. */
function textLength(rng: Rng): number {
  // Irwin–Hall approximation of a normal: plain arithmetic, identical everywhere.
  let z = -6
  for (let i = 0; i < 12; i++) z += rng.next()
  return Math.max(300, Math.min(15_000, Math.round(MEDIAN_TEXT_CHARS * Math.exp(0.72 * z))))
}

export function generateArticle(seed: number, index: number): GeneratedArticle {
  const rng = new Rng(mixSeed(seed, index))
  const vocab = vocabulary()
  const old = rng.chance(0.05)
  const source = pickSource(rng, old)
  const channel = rng.pick(source.channels)
  const prose: ProseStyle = {
    script: source.script,
    spaceAroundLatin: source.style === 'ithome',
    latinRate: source.category === '新媒体' || source.category === '编程' ? 0.3 : 0.15,
  }
  const date = new Date(START_MS + Math.floor(rng.next() * ((END_MS - START_MS) / 1000)) * 1000)
  const d = rng.next()
  const dateStyle: DateStyle = d < 0.01 ? 'invalid' : d < 0.03 ? 'local' : 'rfc1123'

  const numericTitle = rng.chance(0.005)
  const title = numericTitle
    ? String(rng.int(1000, 99_999_999))
    : source.style === 'flash' && rng.chance(0.4)
      ? flashTitle(rng, vocab, prose)
      : makeTitle(rng, vocab, prose)

  const withImages = rng.chance(0.85)
  const body = buildBody(rng, vocab, prose, source, {
    targetChars: textLength(rng),
    date,
    title,
    withImages,
  })

  let layout: GeneratedArticle['layout'] = old ? 'old' : 'new'
  let headimg: string | null = null
  let thumbnail: string | null = body.images[0] ?? null
  if (!old) {
    if (body.images[0] !== undefined) headimg = body.images[0]
    else if (rng.chance(0.9)) {
      headimg = `https://picsum.photos/400/300?random=${rng.int(1, 9999)}`
      thumbnail = headimg
    } else layout = 'transitional'
  }
  const categories = old
    ? ['新媒体', `${source.name} - ${channel}`]
    : [source.category, source.name, channel]
  const author = old ? `${source.name} - ${channel}` : source.name
  const head = frontMatter({
    title,
    numericTitle,
    categories,
    author,
    date: formatDate(date, dateStyle),
    headimg: headimg ?? undefined,
    thumbnail: thumbnail ?? (old && rng.chance(0.5) ? "''" : ''),
    layout,
  })
  const folder = old
    ? `post/新媒体/${source.name} - ${channel}`
    : `source/_posts/${categories.join('/')}`
  return {
    id: `${folder}/${cleanFileName(title)}.md`,
    content: `${head}<div>   \n${body.html}</div>\n            `,
    title,
    categories,
    date: date.toISOString(),
    text: body.text,
    author,
    headimg,
    thumbnail,
    images: body.images,
    dateStyle,
    layout,
    script: source.script,
    numericTitle,
  }
}

/**
 * Articles 0..count-1 of the archive `seed`. File names are made unique here: a name
 * already taken (rare: two equal titles in one channel) gets a ` (2)`, ` (3)` … suffix,
 * so this is the one place that can differ from generateArticle(seed, i).
 */
export function* generateArticles(count: number, seed = DEFAULT_SEED): Generator<GeneratedArticle> {
  const taken = new Set<string>()
  for (let i = 0; i < count; i++) {
    const article = generateArticle(seed, i)
    let id = article.id
    for (let n = 2; taken.has(id.toLowerCase()); n++) id = article.id.replace(/\.md$/, ` (${n}).md`)
    taken.add(id.toLowerCase())
    yield id === article.id ? article : { ...article, id }
  }
}
