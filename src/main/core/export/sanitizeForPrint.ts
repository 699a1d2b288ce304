/**
 * Article HTML → HTML safe to print, with the reader's rules (src/renderer/.../reader/sanitize.ts,
 * which runs DOMPurify in the page): no scripts, event handlers, styles, classes, ids, forms,
 * frames, objects, svg or math; iframes and videos become a link "external video on <host>",
 * audio "external audio", embeds and objects "embedded object"; links keep only http(s)/mailto,
 * and one left without an href is printed as its plain text; images point at the export's own
 * copy of the cached file or become a placeholder; nothing else may name a URL.
 *
 * The engine has no DOM (and jsdom costs tens of MB and seconds for a 500-article book), so this
 * is an allowlist re-serializer over htmlparser2, which the scanner already uses: every tag and
 * attribute is rebuilt from parsed tokens and every text and value is escaped, so no markup from
 * the article survives as markup. The print itself runs with JavaScript off, every request
 * refused but the document's own folder, and a CSP meta: three walls behind this one.
 */
import { Parser } from 'htmlparser2'
import { normalizeImageUrl, srcsetUrls } from '../archive/parse/imageUrl'
import { MEDIA_KINDS } from '../../../shared/mediaKinds'

export interface PrintImageResolver {
  /** The document-relative src of a cached image for this engine URL, or null when missing. */
  (url: string): string | null
}

export interface SanitizeForPrintOptions {
  /** The article's folder relative to the archive root ('' at the root). */
  articleDir: string
  /** null: images are left out entirely (the export's "no images" option). */
  resolveImage: PrintImageResolver | null
  labels: PrintLabels
}

export interface PrintLabels {
  imageMissing: string
  /** The link that replaces an iframe or a video. */
  externalVideo: (host: string) => string
  /** The link that replaces an audio element (default: AUDIO_LABEL). */
  externalAudio?: (host: string) => string
  /** The link that replaces an embed or an object (default: OBJECT_LABEL). */
  embeddedObject?: (host: string) => string
}

/** Bilingual, as the export's other labels: a book may be read by either. */
const AUDIO_LABEL = (host: string): string => `外部音频 · external audio: ${host}`
const OBJECT_LABEL = (host: string): string => `外部嵌入对象 · embedded object: ${host}`

export interface SanitizedForPrint {
  html: string
  /** Engine URLs of the images shown (the header image is skipped when the body shows it). */
  imageUrls: string[]
}

/** The reader's DOMPurify html profile, minus its FORBID_TAGS. */
const KEPT_TAGS = new Set(
  (
    'a abbr acronym address article aside b bdi bdo big blockquote br caption center cite code col ' +
    'colgroup dd del details dfn dir div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 ' +
    'header hgroup hr i img ins kbd li main mark menu nav nobr ol p picture pre q rp rt ruby s samp ' +
    'section small span strike strong sub summary sup table tbody td tfoot th thead time tr tt u ul var wbr'
  ).split(' '),
)
/** Removed with everything inside (DOMPurify's FORBID_CONTENTS and the raw-text elements). */
const DROPPED_WITH_CONTENT = new Set(
  (
    'script style template noscript noembed noframes plaintext xmp title head iframe object embed ' +
    'svg math video audio textarea select button frameset frame canvas map dialog'
  ).split(' '),
)
const VOID_TAGS = new Set(['br', 'col', 'hr', 'img', 'wbr'])
/** Attributes that carry no URL and no behaviour; everything else is dropped. */
const KEPT_ATTRS = new Set(
  (
    'align alt border cellpadding cellspacing colspan datetime dir headers height lang nowrap ' +
    'reversed rowspan scope span start summary title type valign width abbr'
  ).split(' '),
)
const LAZY_ATTRS = ['data-original-src', 'data-original', 'data-src', 'data-lazy-src', 'src']
const SAFE_LINK = /^(https?:|mailto:)/i
const INLINE_RASTER = /^data:image\/(png|gif|jpe?g|webp|avif);base64,[a-z0-9+/=\s]*$/i

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function escapeAttr(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;')
}

function httpHost(url: string): string | null {
  const absolute = url.trim().startsWith('//') ? `https:${url.trim()}` : url.trim()
  if (!/^https?:\/\//i.test(absolute)) return null
  try {
    return new URL(absolute).host || null
  } catch {
    return null
  }
}

function attrsOf(attribs: Record<string, string>): string {
  let out = ''
  for (const [name, value] of Object.entries(attribs)) {
    if (KEPT_ATTRS.has(name)) out += ` ${name}="${escapeAttr(value)}"`
  }
  return out
}

export function sanitizeForPrint(
  html: string,
  options: SanitizeForPrintOptions,
): SanitizedForPrint {
  const out: string[] = []
  const imageUrls: string[] = []
  const { labels } = options
  const mediaLabel = {
    video: labels.externalVideo,
    audio: labels.externalAudio ?? AUDIO_LABEL,
    object: labels.embeddedObject ?? OBJECT_LABEL,
  }
  // One entry per open element: what was written for it ('' when unwrapped or dropped).
  const stack: { close: string; dropped: boolean }[] = []
  let dropDepth = 0

  const placeholder = (alt: string | undefined): string => {
    const label = alt?.trim()
      ? `${options.labels.imageMissing}: ${alt.trim()}`
      : options.labels.imageMissing
    return `<span class="img-missing" role="img" aria-label="${escapeAttr(label)}">${escapeText(options.labels.imageMissing)}</span>`
  }

  const image = (attribs: Record<string, string>): string => {
    if (!options.resolveImage) return ''
    const raw = [
      ...LAZY_ATTRS.map((name) => attribs[name]),
      ...srcsetUrls(attribs['data-srcset'] ?? '').slice(0, 1),
      ...srcsetUrls(attribs.srcset ?? '').slice(0, 1),
    ].filter((value): value is string => typeof value === 'string' && value.trim() !== '')
    for (const value of raw) {
      const normalized = normalizeImageUrl(value, options.articleDir)
      if (!normalized) continue
      const src = options.resolveImage(normalized.url)
      if (src === null) continue
      imageUrls.push(normalized.url)
      return `<img src="${escapeAttr(src)}"${attrsOf(attribs)}>`
    }
    const inline = raw.find((value) => INLINE_RASTER.test(value.trim()))
    if (inline) return `<img src="${escapeAttr(inline.trim())}"${attrsOf(attribs)}>`
    return placeholder(attribs.alt)
  }

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (dropDepth > 0 || DROPPED_WITH_CONTENT.has(name)) {
          const kind = dropDepth === 0 ? MEDIA_KINDS.get(name) : undefined
          if (kind) {
            const src = attribs.src ?? attribs['data-src'] ?? attribs.data ?? ''
            const host = httpHost(src)
            if (host) {
              const href = src.trim().startsWith('//') ? `https:${src.trim()}` : src.trim()
              out.push(
                `<a class="external-media" href="${escapeAttr(href)}">${escapeText(mediaLabel[kind](host))}</a>`,
              )
            }
          }
          dropDepth++
          stack.push({ close: '', dropped: true })
          return
        }
        if (!KEPT_TAGS.has(name)) {
          stack.push({ close: '', dropped: false })
          return
        }
        if (name === 'img') {
          out.push(image(attribs))
          stack.push({ close: '', dropped: false })
          return
        }
        // A link without a safe href (javascript:, none) is its plain text, not a dead link.
        const href = attribs.href?.trim()
        if (name === 'a' && !(href && SAFE_LINK.test(href))) {
          stack.push({ close: '', dropped: false })
          return
        }
        // Article headings sit below the article's own h1, which is its bookmark.
        const tag = name === 'h1' ? 'h2' : name
        let attrs = attrsOf(attribs)
        if (name === 'a' && href) attrs += ` href="${escapeAttr(href)}"`
        out.push(`<${tag}${attrs}>`)
        stack.push({ close: VOID_TAGS.has(name) ? '' : `</${tag}>`, dropped: false })
      },
      ontext(text) {
        if (dropDepth === 0) out.push(escapeText(text))
      },
      onclosetag() {
        const entry = stack.pop()
        if (!entry) return
        if (entry.dropped) dropDepth--
        else out.push(entry.close)
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  )
  parser.write(html)
  parser.end()
  return { html: out.join(''), imageUrls }
}
