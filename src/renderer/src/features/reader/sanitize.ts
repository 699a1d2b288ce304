/**
 * Article HTML → safe HTML, right before display (tech notes §4). Pure: takes the DOMPurify
 * instance (the page's, or a jsdom one in tests) and the article's image map.
 *
 * - DOMPurify with the tested config: no scripts, event handlers, styles, forms, frames, objects,
 *   svg or math survive; javascript: and other unsafe URLs are dropped by DOMPurify itself.
 *   Style and event-handler attributes are renamed and style elements cut from the text before
 *   it parses (stripInlineStyles.ts), so that its parse does not trip the page's CSP.
 * - iframes and videos become a link "external video on <host>", audio "external audio on
 *   <host>", embeds and objects "embedded object on <host>" (only for http(s) sources).
 * - <base> never reaches a parser (stripInlineStyles.ts): DOMPurify's parse would set the base
 *   URI of its document under the page's CSP (base-uri 'none'), logging a violation. DOMPurify
 *   drops it with <meta> and <link> anyway.
 * - <img>: lazy attributes (data-src, data-original, data-original-src, srcset) are read before
 *   DOMPurify strips data-*; the image is pointed at the local cache by its key, or replaced by a
 *   placeholder saying why it is missing (the technical detail in its title), followed by a Retry
 *   button (data-image-key) when a download could help, outside any link around the image. The
 *   page never loads a remote image.
 * - links open outside (target=_blank rel="noopener noreferrer"); anything but http(s)/mailto is
 *   dropped, and a link left without an href (javascript:, none at all) becomes its plain text:
 *   it would otherwise look like a link that does nothing.
 */
import type { Config, DOMPurify, UponSanitizeElementHookEvent } from 'dompurify'
import type { ArticleImage, ImageStatus } from '../../../../shared/contract/api'
import { articleDir, firstSrcsetUrl, httpHost, resolveImageUrl } from './imageUrl'
import { stripInlineStyles } from './stripInlineStyles'
import { MEDIA_KINDS, type MediaKind } from '../../../../shared/mediaKinds'

/**
 * What an embedded player or object was, for the link that replaces it: iframes are video
 * players in the real archives (YouTube, Tencent's vod-player), so they count as video.
 */
export type { MediaKind }

export interface SanitizeLabels {
  /** Text of the link that replaces an iframe, video, audio, embed or object. */
  externalMedia: (kind: MediaKind, host: string) => string
  /**
   * Text of the placeholder of an image that is not in the cache (status 'unknown': not in the
   * map); `reason` is the cache's (ArticleImage.reason), when it gave one.
   */
  imageMissing: (status: ImageStatus | 'unknown', reason?: string) => string
  /** The technical detail behind that text (the placeholder's tooltip), when there is one. */
  imageDetail?: (status: ImageStatus | 'unknown', reason?: string) => string | undefined
  /** Text of the Retry button after a placeholder; no button without it. */
  retry?: string
}

export interface SanitizeContext {
  /** Article id (archive-relative path): relative image paths resolve against its folder. */
  articleId: string
  images: readonly ArticleImage[]
  /** The URL that shows a cached image by key ('app-img://cache/<key>' or '/img/<key>...'). */
  imageSrc: (key: string) => string
  labels: SanitizeLabels
}

export interface SanitizedArticle {
  html: string
  /** Engine URLs of the images the body shows (the reader skips a header image already in the body). */
  imageUrls: string[]
}

export const PURIFY_CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: [
    'style',
    'form',
    'input',
    'button',
    'textarea',
    'select',
    'iframe',
    'object',
    'embed',
    'link',
    'meta',
    'base',
    'svg',
    'math',
    'video',
    'audio',
    'source',
    'track',
    'frame',
    'frameset',
    'noscript',
    'template',
    'dialog',
    'slot',
  ],
  // Beyond the tech notes' list: legacy attributes that load or ping URLs (background, poster,
  // ping, lowsrc, dynsrc), and usemap (image maps would need <map>/<area> hrefs of their own).
  FORBID_ATTR: [
    'style',
    'class',
    'id',
    'srcdoc',
    'formaction',
    'name',
    'srcset',
    'sizes',
    'background',
    'poster',
    'ping',
    'lowsrc',
    'dynsrc',
    'usemap',
    'action',
    'xlink:href',
  ],
  ADD_ATTR: ['target', 'loading', 'referrerpolicy'],
  ALLOW_DATA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
} satisfies Config

const LAZY_ATTRS = ['data-original-src', 'data-original', 'data-src', 'data-lazy-src']
const SAFE_LINK = /^(https?:|mailto:)/i
const INLINE_RASTER = /^data:image\/(png|gif|jpe?g|webp|avif);/i

type ImagePlan =
  | { kind: 'cached'; src: string; url: string }
  | { kind: 'inline' }
  | { kind: 'missing'; reason: string; detail?: string; retryKey?: string }

export function sanitizeArticleHtml(
  purify: DOMPurify,
  html: string,
  ctx: SanitizeContext,
): SanitizedArticle {
  const byUrl = new Map(ctx.images.map((image) => [image.url, image]))
  const dir = articleDir(ctx.articleId)
  const plans = new WeakMap<Element, ImagePlan>()
  const mediaLinks: Element[] = []
  const imageUrls: string[] = []

  function planImage(img: Element): ImagePlan {
    const raw = [
      ...LAZY_ATTRS.map((name) => img.getAttribute(name)),
      img.getAttribute('src'),
      firstSrcsetUrl(img.getAttribute('data-srcset') ?? ''),
      firstSrcsetUrl(img.getAttribute('srcset') ?? ''),
    ].filter((value): value is string => typeof value === 'string' && value.trim() !== '')
    const resolved = raw
      .map((value) => resolveImageUrl(value, dir))
      .filter((u): u is string => u !== null)
    const known = resolved.map((url) => byUrl.get(url)).find((image) => image !== undefined)
    if (known) {
      if (known.status === 'cached')
        return { kind: 'cached', src: ctx.imageSrc(known.key), url: known.url }
      // An image of the archive folder is shown when the article is read again with the file
      // in place; a download cannot bring it, so it gets no Retry button.
      const retryable =
        !known.local &&
        (known.status === 'failed' || known.status === 'not-cached') &&
        known.reason !== 'offline'
      const detail = ctx.labels.imageDetail?.(known.status, known.reason)
      return {
        kind: 'missing',
        reason: ctx.labels.imageMissing(known.status, known.reason),
        ...(detail ? { detail } : {}),
        ...(retryable ? { retryKey: known.key } : {}),
      }
    }
    if (resolved.length === 0 && raw.some((value) => INLINE_RASTER.test(value.trim())))
      return { kind: 'inline' }
    return { kind: 'missing', reason: ctx.labels.imageMissing('unknown') }
  }

  function mediaLink(node: Element, kind: MediaKind): void {
    const sourceChild = node.querySelector('source[src]')
    const src =
      node.getAttribute('src') ??
      node.getAttribute('data-src') ??
      node.getAttribute('data') ??
      sourceChild?.getAttribute('src') ??
      ''
    const host = httpHost(src)
    if (!host || !node.parentNode) return
    const link = node.ownerDocument.createElement('a')
    link.setAttribute('href', src.trim().startsWith('//') ? `https:${src.trim()}` : src.trim())
    link.textContent = ctx.labels.externalMedia(kind, host)
    node.parentNode.insertBefore(link, node)
    mediaLinks.push(link)
  }

  const uponElement = (node: Node, event: UponSanitizeElementHookEvent): void => {
    if (node.nodeType !== 1) return
    const element = node as Element
    if (event.tagName === 'img') plans.set(element, planImage(element))
    else {
      const kind = MEDIA_KINDS.get(event.tagName)
      if (kind) mediaLink(element, kind)
    }
  }

  const afterAttributes = (element: Element): void => {
    const tag = element.tagName.toLowerCase()
    if (tag === 'a' || tag === 'area') {
      const href = element.getAttribute('href')
      if (href !== null && !SAFE_LINK.test(href.trim())) element.removeAttribute('href')
      if (element.hasAttribute('href')) {
        element.setAttribute('target', '_blank')
        element.setAttribute('rel', 'noopener noreferrer')
      } else element.removeAttribute('target')
    } else if (element.hasAttribute('target')) element.removeAttribute('target')
    if (tag !== 'img') return
    const plan = plans.get(element) ?? {
      kind: 'missing',
      reason: ctx.labels.imageMissing('unknown'),
    }
    if (plan.kind === 'cached') {
      element.setAttribute('src', plan.src)
      element.setAttribute('loading', 'lazy')
      element.setAttribute('referrerpolicy', 'no-referrer')
      imageUrls.push(plan.url)
    } else if (plan.kind === 'inline' && INLINE_RASTER.test(element.getAttribute('src') ?? '')) {
      element.setAttribute('referrerpolicy', 'no-referrer')
    } else {
      element.removeAttribute('src')
      plans.set(
        element,
        plan.kind === 'inline'
          ? { kind: 'missing', reason: ctx.labels.imageMissing('unknown') }
          : plan,
      )
    }
  }

  purify.addHook('uponSanitizeElement', uponElement)
  purify.addHook('afterSanitizeAttributes', afterAttributes)
  let fragment: DocumentFragment
  try {
    // Styles go before DOMPurify parses: its parse would apply them under the page's CSP.
    fragment = purify.sanitize(stripInlineStyles(html), PURIFY_CONFIG)
  } finally {
    purify.removeHook('uponSanitizeElement', uponElement)
    purify.removeHook('afterSanitizeAttributes', afterAttributes)
  }

  // Trusted post-processing: only elements built here, with text content (never markup).
  for (const link of Array.from(fragment.querySelectorAll('a:not([href]), area:not([href])')))
    link.replaceWith(...Array.from(link.childNodes))
  for (const img of Array.from(fragment.querySelectorAll('img'))) {
    if (img.hasAttribute('src')) continue
    const plan = plans.get(img)
    const placeholder = img.ownerDocument.createElement('span')
    placeholder.setAttribute('class', 'img-placeholder')
    placeholder.setAttribute('role', 'img')
    const reason = plan?.kind === 'missing' ? plan.reason : ctx.labels.imageMissing('unknown')
    const alt = img.getAttribute('alt')?.trim()
    placeholder.setAttribute('aria-label', alt ? `${alt}: ${reason}` : reason)
    if (plan?.kind === 'missing' && plan.detail) placeholder.setAttribute('title', plan.detail)
    placeholder.textContent = reason
    img.replaceWith(placeholder)
    if (plan?.kind === 'missing' && plan.retryKey && ctx.labels.retry) {
      const retry = img.ownerDocument.createElement('button')
      retry.setAttribute('type', 'button')
      retry.setAttribute('class', 'img-retry')
      retry.setAttribute('data-image-key', plan.retryKey)
      retry.setAttribute('aria-label', `${ctx.labels.retry}: ${alt || reason}`)
      retry.textContent = ctx.labels.retry
      // Not inside a link: a click on the button would follow it (and a link may not hold
      // interactive content). The button goes right after the outermost link around the image.
      const before = outermostLink(placeholder) ?? placeholder
      before.after(retry)
    }
  }
  for (const link of mediaLinks) {
    if (!link.isConnected && !fragment.contains(link)) continue
    link.setAttribute('class', 'external-media')
    link.setAttribute('target', '_blank')
    link.setAttribute('rel', 'noopener noreferrer')
  }
  const holder = fragment.ownerDocument.createElement('div')
  holder.appendChild(fragment)
  return { html: holder.innerHTML, imageUrls }
}

function outermostLink(node: Element): Element | null {
  let link: Element | null = null
  for (let at = node.parentElement; at; at = at.parentElement) if (at.localName === 'a') link = at
  return link
}
