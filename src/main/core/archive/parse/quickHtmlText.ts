/**
 * The plain text of scanHtml (htmlScan.ts) without htmlparser2's events, for the search
 * index's re-reads of article texts (search/archiveText.ts): one loop over the characters
 * that writes the collapsed text into a buffer: 40 µs instead of 80 for the bench archive's
 * bodies (4.6k characters), where the parser's callbacks, attribute objects and the final
 * regex collapse were a third of a snippet's cost.
 *
 * It mirrors what decides the text in htmlparser2 12 (tokenizer states for tags, comments,
 * raw-text elements and entities; the parser's stack with its implied closes) and in
 * scanHtml (skipped elements, a space at block elements, whitespace collapsed and trimmed).
 * What it does not mirror it refuses: `undefined` for foreign content (svg, math), a
 * textarea (RCDATA shown as text), plaintext, CDATA, forms, and a tag, comment or raw-text
 * element left open at the end. The caller never trusts the result alone either: the index
 * compares its normalised length and hash with the indexed text's, and reads with the parser
 * when they differ, so a divergence costs time, never a wrong text.
 */
import { Buffer } from 'node:buffer'
import { DecodingMode, HtmlEntityDecoder } from 'entities/decode'
import { BLOCKS, SKIPPED } from './htmlScan'
import { OPEN_IMPLIES_CLOSE, RAW_TEXT, REFUSED, VOID } from './htmlParserTables'
import { isJsWhitespace } from './whitespace'

const GT = 0x3e
const SLASH = 0x2f
const AMP = 0x26
const BANG = 0x21
const QUESTION = 0x3f
const DASH = 0x2d
const EQ = 0x3d
const DQ = 0x22
const SQ = 0x27
const OPEN_BRACKET = 0x5b

/** The tokenizer's whitespace (tag syntax). */
const isTagSpace = (c: number): boolean =>
  c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0c || c === 0x0d
const isEndOfTagSection = (c: number): boolean => c === SLASH || c === GT || isTagSpace(c)
const isAsciiAlpha = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)

/**
 * The text as it is written: whitespace collapsed (a pending space is written only before the
 * next character, so none leads or trails), skipped elements left out. One instance, reset per
 * page: no closures or buffers per call (the loop runs for every snippet).
 */
class TextWriter {
  out = new Uint16Array(16 * 1024)
  n = 0
  pendingSpace = false
  skipDepth = 0
  html = ''
  readonly stack: Tag[] = []

  reset(html: string): void {
    if (this.out.length < html.length) this.out = new Uint16Array(html.length * 2)
    this.n = 0
    this.pendingSpace = false
    this.skipDepth = 0
    this.html = html
    this.stack.length = 0
  }

  put(c: number): void {
    if (isJsWhitespace(c)) {
      if (this.n > 0) this.pendingSpace = true
      return
    }
    if (this.pendingSpace) {
      this.out[this.n++] = 0x20
      this.pendingSpace = false
    }
    this.out[this.n++] = c
  }

  putRange(from: number, to: number): void {
    if (this.skipDepth > 0) return
    const { html, out } = this
    let n = this.n
    for (let k = from; k < to; k++) {
      const c = html.charCodeAt(k)
      // Most characters: neither ASCII space nor one of the few Unicode spaces.
      if (c > 0x20 && c !== 0xa0 && (c < 0x1680 || !isJsWhitespace(c))) {
        if (this.pendingSpace) {
          out[n++] = 0x20
          this.pendingSpace = false
        }
        out[n++] = c
      } else if (isJsWhitespace(c)) {
        if (n > 0) this.pendingSpace = true
      } else {
        if (this.pendingSpace) {
          out[n++] = 0x20
          this.pendingSpace = false
        }
        out[n++] = c
      }
    }
    this.n = n
  }

  /** A code point decoded from an entity. */
  putCodePoint(cp: number): void {
    if (this.skipDepth > 0) return
    if (cp > 0xffff) {
      this.put(0xd800 + ((cp - 0x10000) >> 10))
      this.put(0xdc00 + ((cp - 0x10000) & 0x3ff))
    } else this.put(cp)
  }

  // scanHtml's handlers: what an open or close event does to the text.
  opened(tag: Tag): void {
    if (tag.skipped) this.skipDepth++
    if (tag.name === 'body') this.skipDepth = 0
    if (tag.block && this.n > 0) this.pendingSpace = true
  }

  closed(tag: Tag): void {
    if (tag.skipped) this.skipDepth = Math.max(0, this.skipDepth - 1)
    if (tag.block && this.n > 0) this.pendingSpace = true
  }

  pop(): void {
    this.closed(this.stack.pop() as Tag)
  }

  /** The parser's open tag: its implied closes, then the element (closed at once if void). */
  open(tag: Tag): void {
    const { stack } = this
    const implied = tag.impliesClose
    if (implied !== undefined)
      while (stack.length > 0 && implied.has((stack[stack.length - 1] as Tag).name)) this.pop()
    if (!tag.void) stack.push(tag)
    this.opened(tag)
    if (tag.void) this.closed(tag)
  }

  /** The parser's close tag: pops to a matching open element; `</p>` and `</br>` stand alone. */
  close(tag: Tag): void {
    const { stack } = this
    if (tag.void) {
      if (tag.name === 'br') {
        this.opened(tag)
        this.closed(tag)
      }
      return
    }
    let at = stack.length - 1
    while (at >= 0 && (stack[at] as Tag).name !== tag.name) at--
    if (at >= 0) {
      while (stack.length > at) this.pop()
    } else if (tag.name === 'p') {
      this.opened(tag)
      this.closed(tag)
    }
  }

  /** The text written so far (UTF-16 bytes to a string: a copy, no decoding). */
  text(): string {
    return Buffer.from(this.out.buffer, this.out.byteOffset, this.n * 2).toString('utf16le')
  }
}

const writer = new TextWriter()
const decoder = new HtmlEntityDecoder((cp) => writer.putCodePoint(cp))

/** scanHtml(html).text, or undefined where this loop does not follow htmlparser2. */
export function quickHtmlText(html: string): string | undefined {
  const length = html.length
  const w = writer
  w.reset(html)
  let i = 0
  let textStart = 0
  // The next `&` at or after i (length when none): indexOf is native, a loop per character is not.
  let nextAmp = -1
  while (i < length) {
    if (nextAmp < i) {
      nextAmp = html.indexOf('&', i)
      if (nextAmp < 0) nextAmp = length
    }
    let lt = html.indexOf('<', i)
    if (lt < 0) lt = length
    if (nextAmp < lt) i = nextAmp
    else if (lt < length) i = lt
    else break
    const c = html.charCodeAt(i)
    if (c === AMP) {
      w.putRange(textStart, i)
      textStart = i
      decoder.startEntity(DecodingMode.Legacy)
      let consumed = decoder.write(html, i + 1)
      if (consumed < 0) consumed = decoder.end()
      if (consumed > 0) {
        i += consumed
        textStart = i
      } else {
        // Not an entity: the `&` stays in the text run (textStart is at it).
        i++
      }
      continue
    }
    const next = html.charCodeAt(i + 1)
    if (next === BANG) {
      // Comment, doctype or bogus comment: no text.
      const end = skipMarkup(html, i)
      if (end < 0) return undefined
      w.putRange(textStart, i)
      i = textStart = end
      continue
    }
    if (next === QUESTION) {
      const gt = html.indexOf('>', i + 2)
      if (gt < 0) return undefined
      w.putRange(textStart, i)
      i = textStart = gt + 1
      continue
    }
    if (next === SLASH) {
      const first = html.charCodeAt(i + 2)
      if (first === GT) {
        w.putRange(textStart, i)
        i = textStart = i + 3
        continue
      }
      if (!isAsciiAlpha(first)) {
        // `</ x>`, `</3>`: a bogus comment up to the next `>`.
        const gt = html.indexOf('>', i + 2)
        if (gt < 0) return undefined
        w.putRange(textStart, i)
        i = textStart = gt + 1
        continue
      }
      let e = i + 3
      while (e < length && !isEndOfTagSection(html.charCodeAt(e))) e++
      const gt = html.indexOf('>', e)
      if (gt < 0) return undefined
      w.putRange(textStart, i)
      const tag = tagOf(html.slice(i + 2, e))
      if (tag.refused) return undefined
      w.close(tag)
      i = textStart = gt + 1
      continue
    }
    if (!isAsciiAlpha(next)) {
      // `<` before anything but a letter is text.
      i++
      continue
    }
    // An open tag: its name, then attributes up to the `>` that ends it.
    let e = i + 2
    while (e < length && !isEndOfTagSection(html.charCodeAt(e))) e++
    const end = openTagEnd(html, e)
    if (end < 0) return undefined
    w.putRange(textStart, i)
    const tag = tagOf(html.slice(i + 1, e))
    if (tag.refused) return undefined
    w.open(tag)
    i = textStart = end
    if (tag.rawText) {
      // The tokenizer's raw text: everything up to `</name` and a tag boundary is text.
      const close = rawTextEnd(html, i, tag.name)
      if (close < 0) return undefined
      w.putRange(i, close)
      i = textStart = close
    }
  }
  w.putRange(textStart, length)
  while (w.stack.length > 0) w.pop()
  return w.text()
}

/** What a tag name means to the text, looked up once per spelling. */
interface Tag {
  /** As the parser reads it: lower case, `image` → `img`. */
  name: string
  skipped: boolean
  block: boolean
  void: boolean
  rawText: boolean
  refused: boolean
  impliesClose: Set<string> | undefined
}

const tags = new Map<string, Tag>()
/** Spellings kept: tag names are few, but a broken page can invent many. */
const TAG_CACHE_LIMIT = 4096

function tagOf(raw: string): Tag {
  const known = tags.get(raw)
  if (known !== undefined) return known
  const lower = raw.toLowerCase()
  const name = lower === 'image' ? 'img' : lower
  const tag: Tag = {
    name,
    skipped: SKIPPED.has(name),
    block: BLOCKS.has(name),
    void: VOID.has(name),
    rawText: RAW_TEXT.has(name),
    refused: REFUSED.has(name),
    impliesClose: OPEN_IMPLIES_CLOSE.get(name),
  }
  if (tags.size < TAG_CACHE_LIMIT) tags.set(raw, tag)
  return tag
}

/**
 * The index after the `>` that ends an open tag whose name ends at `from`, following the
 * tokenizer's attribute states (a `>` inside a quoted value does not end it); -1 at the end of
 * the input, where the tokenizer drops the tag.
 */
function openTagEnd(html: string, from: number): number {
  const length = html.length
  let i = from
  while (i < length) {
    const c = html.charCodeAt(i)
    if (c === GT) return i + 1
    if (c === SLASH || isTagSpace(c)) {
      i++
      continue
    }
    // An attribute name (its first character whatever it is, even `=`), then maybe a value.
    i++
    while (i < length) {
      const d = html.charCodeAt(i)
      if (d === EQ || isEndOfTagSection(d)) break
      i++
    }
    while (i < length && isTagSpace(html.charCodeAt(i))) i++
    if (html.charCodeAt(i) !== EQ) continue
    i++
    while (i < length && isTagSpace(html.charCodeAt(i))) i++
    const quote = html.charCodeAt(i)
    if (quote === DQ || quote === SQ) {
      const close = html.indexOf(quote === DQ ? '"' : "'", i + 1)
      if (close < 0) return -1
      i = close + 1
    } else {
      while (i < length) {
        const d = html.charCodeAt(i)
        if (d === GT || isTagSpace(d)) break
        i++
      }
    }
  }
  return -1
}

/** Where a raw-text element's content ends: at `</name` followed by a tag boundary; -1 if never. */
function rawTextEnd(html: string, from: number, name: string): number {
  for (let at = html.indexOf('</', from); at >= 0; at = html.indexOf('</', at + 1)) {
    let k = 0
    // The tokenizer compares `c | 0x20` with the lower-case name.
    while (k < name.length && (html.charCodeAt(at + 2 + k) | 0x20) === name.charCodeAt(k)) k++
    if (k === name.length && isEndOfTagSection(html.charCodeAt(at + 2 + k))) return at
  }
  return -1
}

/**
 * After `<!`: the index past a comment (`<!-- … -->`), a doctype or a bogus comment (up to
 * `>`); -1 for what this loop does not follow (CDATA, `--!>`, `<!-->`, an unclosed one).
 */
function skipMarkup(html: string, at: number): number {
  if (html.charCodeAt(at + 2) === OPEN_BRACKET) return -1
  if (html.charCodeAt(at + 2) === DASH && html.charCodeAt(at + 3) === DASH) {
    const bodyStart = at + 4
    // `<!-->`, `<!--->`: abruptly closed comments.
    if (html.charCodeAt(bodyStart) === GT || html.startsWith('->', bodyStart)) return -1
    const end = html.indexOf('-->', bodyStart)
    const bang = html.indexOf('--!>', bodyStart)
    if (bang >= 0 && (end < 0 || bang < end)) return -1
    return end < 0 ? -1 : end + 3
  }
  const gt = html.indexOf('>', at + 2)
  return gt < 0 ? -1 : gt + 1
}
