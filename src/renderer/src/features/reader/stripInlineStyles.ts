/**
 * Neutralizes `style="…"` and event-handler (`onclick`, `onload`…) attributes and removes
 * `<style>` and `<base>` elements in HTML text, before any parser sees it.
 *
 * Why at the text level: DOMPurify parses the article in a DOMParser document, and Chromium
 * applies the page's Content Security Policy there, logging "Applying inline style violates…"
 * for every style attribute and element, and "Executing inline event handler violates…" for every
 `on…` attribute (even an empty `<div onclick>`, as a real article has), although DOMPurify
 drops them right after. Every
 * document the page can make (DOMParser, createHTMLDocument, <template>, parseHTMLUnsafe, a
 * shadow root) does the same; only a detached iframe's does not, an engine detail not worth
 * leaning on. So the styles go before parsing, and DOMPurify, which forbids both anyway,
 * still sanitizes whatever this returns: a mistake here can leave a console error or change
 * some text, never let anything through.
 *
 * A <base href> is cut for the same reason: the parse sets its document's base URI, which the
 * page's `base-uri 'none'` refuses ("Setting the document's base URI … violates …"). <meta> and
 * <link> do nothing in that document (no refresh, no fetch) and DOMPurify drops them.
 *
 * A style attribute is renamed (STRIPPED_STYLE), not cut: every token around it stays as it was
 * (cutting `<p a style=x =b>` would make `=b` the value of `a`); DOMPurify drops the new name
 * with the other data attributes. A <style> element is cut whole: even an empty one is a
 * violation.
 *
 * A scanner following the HTML tokenizer's rules for what this needs: comments, bogus comments
 * (`<!…>`, `<?…>`, `</…>` not followed by a letter), tags and their attributes (quoted,
 * unquoted, empty), and raw-text elements (script, textarea, title, xmp, iframe, noembed,
 * noframes, plaintext), whose content holds no tags. <noscript> is markup here, as in
 * DOMPurify's parse (scripting is off in a DOMParser document). Inside <svg>, <math> and
 * <select> the tree builder decides otherwise for some of these; there a style may be left
 * (a console error) or some text changed, which DOMPurify drops with the rest of <svg> anyway.
 */

/** Elements whose content is text up to their own end tag. */
const RAW_TEXT = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'plaintext',
])

const COMMENT_END = /--!?>/g
const WHITESPACE = new Set(['\t', '\n', '\f', '\r', ' '])
const LETTER = /[a-z]/i
/**
 * What a style or `on…` attribute gets in front of its name: a data attribute nothing reads,
 * which DOMPurify drops (it drops every `on…` attribute too, so renaming one changes nothing).
 */
export const STRIPPED_PREFIX = 'data-stripped-'
export const STRIPPED_STYLE = `${STRIPPED_PREFIX}style`

/** Cheap test: no "style", no word starting with "on" and no "<base" anywhere, nothing to do. */
const MAY_HAVE_INLINE = /style|\son|<base/i

interface Tag {
  /** Lowercase tag name. */
  name: string
  /** Index just after the tag's `>` (the text's length when the tag is cut off). */
  end: number
  /** Start and end index of each style or `on…` attribute's name, in pairs. */
  renamed: number[]
}

/** ASCII letters only, as the tokenizer does: String#toLowerCase may lengthen others ('İ'). */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase())
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && WHITESPACE.has(ch)
}

/** Reads a start or end tag whose name starts at `at` (just after `<` or `</`). */
function readTag(html: string, at: number): Tag {
  let i = at
  while (i < html.length && !isSpace(html[i]) && html[i] !== '/' && html[i] !== '>') i++
  const name = asciiLower(html.slice(at, i))
  const renamed: number[] = []
  for (;;) {
    while (isSpace(html[i]) || html[i] === '/') i++
    if (i >= html.length) return { name, end: html.length, renamed }
    if (html[i] === '>') return { name, end: i + 1, renamed }
    // Attribute name: an `=` first is part of it (tokenizer rule); then up to space, / > or =.
    const start = i
    i++
    while (i < html.length && !isSpace(html[i]) && !'/>='.includes(html[i] ?? '')) i++
    if (isInline(asciiLower(html.slice(start, i)))) renamed.push(start, i)
    while (isSpace(html[i])) i++
    if (html[i] === '=') {
      i++
      while (isSpace(html[i])) i++
      const quote = html[i]
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1)
        i = close < 0 ? html.length : close + 1
      } else {
        while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++
      }
    }
  }
}

/**
 * Index just past the end tag closing raw text `name` that starts at `from`, or the text's end.
 * `lower` is `html` with its ASCII letters in lowercase (same length, same indices).
 */
function endOfRawText(html: string, lower: string, name: string, from: number): number {
  if (name === 'plaintext') return html.length
  const opener = `</${name}`
  for (let at = lower.indexOf(opener, from); at >= 0; at = lower.indexOf(opener, at + 1)) {
    const next = html[at + opener.length]
    if (next === undefined) return html.length
    if (isSpace(next) || next === '/' || next === '>') return readTag(html, at + 2).end
  }
  return html.length
}

/** Index just past a comment or bogus comment starting at `<` index `at`. */
function endOfComment(html: string, at: number): number {
  if (html.startsWith('<!--', at)) {
    // `<!-->` and `<!--->` end at once; otherwise the first `-->` or `--!>`.
    if (html.startsWith('>', at + 4)) return at + 5
    if (html.startsWith('->', at + 4)) return at + 6
    COMMENT_END.lastIndex = at + 4
    const end = COMMENT_END.exec(html)
    return end ? end.index + end[0].length : html.length
  }
  const close = html.indexOf('>', at + 1)
  return close < 0 ? html.length : close + 1
}

/** A style attribute, or an event handler's (any `on…` name: DOMPurify keeps none of them). */
function isInline(name: string): boolean {
  return name === 'style' || (name.length > 2 && name.startsWith('on'))
}

export function stripInlineStyles(html: string): string {
  if (!MAY_HAVE_INLINE.test(html)) return html
  const lower = asciiLower(html)
  const out: string[] = []
  let copied = 0
  const cut = (from: number, to: number, replacement: string) => {
    out.push(html.slice(copied, from), replacement)
    copied = to
  }
  let i = 0
  while (i < html.length) {
    const lt = html.indexOf('<', i)
    if (lt < 0) break
    const next = html[lt + 1] ?? ''
    if (LETTER.test(next)) {
      const tag = readTag(html, lt + 1)
      if (tag.name === 'style') {
        const end = endOfRawText(html, lower, 'style', tag.end)
        cut(lt, end, '')
        i = end
        continue
      }
      if (tag.name === 'base') {
        cut(lt, tag.end, '') // a void element: the tag is all of it
        i = tag.end
        continue
      }
      for (let r = 0; r < tag.renamed.length; r += 2) {
        const [from, to] = [tag.renamed[r] as number, tag.renamed[r + 1] as number]
        cut(from, to, STRIPPED_PREFIX + asciiLower(html.slice(from, to)))
      }
      i = RAW_TEXT.has(tag.name) ? endOfRawText(html, lower, tag.name, tag.end) : tag.end
    } else if (next === '/') {
      const after = html[lt + 2] ?? ''
      if (LETTER.test(after)) i = readTag(html, lt + 2).end
      else if (after === '>') i = lt + 3
      else i = endOfComment(html, lt)
    } else if (next === '!' || next === '?') {
      i = endOfComment(html, lt)
    } else {
      i = lt + 1
    }
  }
  if (copied === 0) return html
  out.push(html.slice(copied))
  return out.join('')
}
