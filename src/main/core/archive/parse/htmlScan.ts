/**
 * One streaming pass over an article's HTML that collects everything the index
 * and the list need: the plain text, the image references and the first
 * heading. One pass, no DOM: a 100k-file scan must stay close to the cost of
 * reading the files.
 *
 * Text rules: the content of script/style/template/noscript/head/title and
 * comments is skipped; entities are decoded (htmlparser2 does it); block
 * elements and <br> separate words; whitespace runs collapse to one space.
 * htmlparser2 tolerates what real feeds contain: broken tags such as
 * `<spanmicrosoft yahei', …>`, raw `<?xml …?>` inside <pre><code>, unclosed tags.
 */
import { Parser } from 'htmlparser2'
import type { ImageRefSource } from '../../../../shared/types/article'
import { srcsetUrls } from './imageUrl'

export interface RawImage {
  url: string
  source: ImageRefSource
}

export interface HtmlScan {
  text: string
  images: RawImage[]
  /** Text of the first non-empty h1–h6, whitespace collapsed. */
  firstHeading: string | null
  /** Text of the document's <title> (full HTML pages only). */
  documentTitle: string | null
}

/** Elements whose text is left out. */
export const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'head', 'title'])
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'])
/** Elements that separate words: a space where they open and close. */
export const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'iframe',
  'img',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
  'video',
  'audio',
  'body',
  'html',
  'option',
  'textarea',
])
const LAZY_ATTRIBUTES = ['data-src', 'data-original', 'data-original-src'] as const

/** @param plainImageSource how plain `<img src>` references are labelled ('markdown' for rendered Markdown). */
export function scanHtml(html: string, plainImageSource: ImageRefSource = 'img'): HtmlScan {
  const parts: string[] = []
  const images: RawImage[] = []
  const headingParts: string[] = []
  const titleParts: string[] = []
  let skipDepth = 0
  let headingDepth = 0
  let headingDone = false
  let inTitle = 0
  let firstHeading: string | null = null

  const addSrcset = (value: string | undefined): void => {
    if (value) for (const url of srcsetUrls(value)) images.push({ url, source: 'srcset' })
  }

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (SKIPPED.has(name)) {
          skipDepth++
          if (name === 'title') inTitle++
        }
        if (name === 'body') skipDepth = 0 // an unclosed <head> must not hide the whole page
        if (BLOCKS.has(name)) parts.push(' ')
        if (!headingDone && HEADINGS.has(name)) headingDepth++
        if (name === 'img') {
          if (attributes.src !== undefined)
            images.push({ url: attributes.src, source: plainImageSource })
          addSrcset(attributes.srcset)
          addSrcset(attributes['data-srcset'])
          for (const attribute of LAZY_ATTRIBUTES) {
            const value = attributes[attribute]
            if (value !== undefined) images.push({ url: value, source: 'lazy' })
          }
        } else if (name === 'source') {
          // <picture><source srcset>; a <video>'s <source src> is not an image.
          addSrcset(attributes.srcset)
        }
      },
      ontext(text) {
        if (inTitle > 0) titleParts.push(text)
        if (skipDepth > 0) return
        parts.push(text)
        if (headingDepth > 0) headingParts.push(text)
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1)
          if (name === 'title') inTitle = Math.max(0, inTitle - 1)
        }
        if (BLOCKS.has(name)) parts.push(' ')
        if (headingDepth > 0 && HEADINGS.has(name)) {
          headingDepth--
          if (headingDepth === 0) {
            const heading = collapse(headingParts.join(''))
            headingParts.length = 0
            if (heading !== '') {
              firstHeading = heading
              headingDone = true
            }
          }
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  )
  parser.end(html)

  const documentTitle = collapse(titleParts.join(''))
  return {
    text: collapse(parts.join('')),
    images,
    firstHeading,
    documentTitle: documentTitle === '' ? null : documentTitle,
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
