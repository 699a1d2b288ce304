/**
 * Front matter and file names exactly as the RSSHub-to-Hexo script wrote them
 * (see /work/shared/corpus/sample/README.md): a blank line before `---`, quoting of the
 * title, 1-space category lists in the new format and 4-space ones in the old, and file
 * names cleaned from the title. No locale-dependent calls: dates are formatted by hand.
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** `Mon, 28 Jun 2021 18:03:38 GMT`, as Date#toUTCString gives, without depending on it. */
export function rfc1123(date: Date): string {
  return `${DAYS[date.getUTCDay()]}, ${two(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} GMT`
}

/** `2021-03-21 16:41:54`: Hexo means local time; the generator writes the UTC wall clock. */
export function localDateTime(date: Date): string {
  return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
}

export type DateStyle = 'rfc1123' | 'local' | 'invalid'

export function formatDate(date: Date, style: DateStyle): string {
  return style === 'invalid'
    ? 'Invalid Date'
    : style === 'local'
      ? localDateTime(date)
      : rfc1123(date)
}

/** The title as the script wrote it: numbers bare, `'` forces double quotes, else single quotes. */
export function yamlTitle(title: string, numeric: boolean): string {
  if (numeric) return title
  if (title.includes("'")) return `"${title.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
  return `'${title}'`
}

const MAX_NAME_BYTES = 200

/**
 * The file name the script derived from a title: `: / \ ? * “ ” < > | [ ]` become `_`,
 * `.` `#` and newlines are removed. Long names are cut (on a character boundary) to stay
 * under the 255-byte limit of common file systems, as the real 快讯 names are.
 */
export function cleanFileName(title: string): string {
  let name = title.replace(/[:/\\?*“”<>|[\]]/g, '_').replace(/[.#\n]/g, '')
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
    let bytes = 0
    let cut = ''
    for (const ch of name) {
      bytes += Buffer.byteLength(ch)
      if (bytes > MAX_NAME_BYTES) break
      cut += ch
    }
    name = cut
  }
  return name
}

export interface FrontMatterFields {
  title: string
  numericTitle: boolean
  categories: readonly string[]
  author: string
  date: string
  /** undefined: no headimg key at all. */
  headimg: string | undefined
  /** '' writes `thumbnail: ''` (new layout) or `thumbnail: ` (old layout). */
  thumbnail: string
  layout: 'new' | 'old' | 'transitional'
}

/** The file's head: leading blank line, front matter and the blank line before the body. */
export function frontMatter(f: FrontMatterFields): string {
  const indent = f.layout === 'new' ? ' ' : '    '
  let out = `\n---\ntitle: ${yamlTitle(f.title, f.numericTitle)}\ncategories: \n`
  for (const c of f.categories) out += `${indent}- ${c}\n`
  if (f.layout === 'transitional') out += '\n'
  if (f.headimg !== undefined) out += `headimg: '${f.headimg}'\n`
  out += `author: ${f.author}\ncomments: false\ndate: ${f.date}\n`
  if (f.layout === 'old') out += `thumbnail: ${f.thumbnail}\n`
  else out += `thumbnail: '${f.thumbnail}'\n`
  return `${out}---\n\n`
}
