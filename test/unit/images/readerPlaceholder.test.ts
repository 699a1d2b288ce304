// @vitest-environment jsdom
/** The reader's placeholder for an image the cache does not have: the reason, and a Retry button. */
import { describe, expect, it } from 'vitest'
import DOMPurify from 'dompurify'
import type { ArticleImage } from '../../../src/shared/contract/api'
import { sanitizeArticleHtml } from '../../../src/renderer/src/features/reader/sanitize'
import {
  imageMissingDetail,
  imageMissingText,
  imageReasonText,
} from '../../../src/renderer/src/features/reader/imageReason'
import { createTranslate } from '../../../src/renderer/src/i18n/i18n'

const KEY_404 = '4'.repeat(64)
const KEY_OFF = 'f'.repeat(64)
const KEY_BLOCKED = 'b'.repeat(64)
const KEY_DNS = 'd'.repeat(64)

const KEY_MISSING = 'a'.repeat(64)
const KEY_OUTSIDE = 'c'.repeat(64)

const images: ArticleImage[] = [
  // Images of the archive folder the engine found missing or refused (localImages.ts).
  {
    url: 'posts/missing-local.png',
    source: 'img',
    local: true,
    key: KEY_MISSING,
    status: 'failed',
    reason: 'missing',
  },
  {
    url: 'posts/link-out.png',
    source: 'img',
    local: true,
    key: KEY_OUTSIDE,
    status: 'failed',
    reason: 'outside',
  },
  {
    url: 'https://a.example/404.jpg',
    source: 'img',
    key: KEY_404,
    status: 'failed',
    reason: 'http-404',
  },
  {
    url: 'https://a.example/off.jpg',
    source: 'img',
    key: KEY_OFF,
    status: 'not-cached',
    reason: 'offline',
  },
  {
    url: 'https://b.example/x.jpg',
    source: 'img',
    key: KEY_BLOCKED,
    status: 'blocked',
    reason: 'blocked',
  },
  {
    url: 'https://gone.example/x.jpg',
    source: 'img',
    key: KEY_DNS,
    status: 'failed',
    reason: 'dns',
  },
]

function render(html: string): Document {
  const t = createTranslate('en')
  const out = sanitizeArticleHtml(DOMPurify, html, {
    articleId: 'posts/a.md',
    images,
    imageSrc: (key) => `/img/${key}`,
    labels: {
      externalMedia: (_kind, host) => host,
      imageMissing: (status, reason) => imageMissingText(t, status, reason),
      imageDetail: (status, reason) => imageMissingDetail(t, status, reason),
      retry: t('image.retry'),
    },
  }).html
  return new DOMParser().parseFromString(`<body>${out}</body>`, 'text/html')
}

describe('reader image placeholders', () => {
  it('say why the image is missing, with Retry only where a download could help', () => {
    const doc = render(
      '<img src="https://a.example/404.jpg" alt="图"><img src="https://a.example/off.jpg"><img src="https://b.example/x.jpg">',
    )
    const texts = Array.from(doc.querySelectorAll('.img-placeholder'), (p) => p.textContent)
    expect(texts).toEqual([
      'Image not found on its server (404)',
      'Image not cached (offline mode)',
      'Image blocked by a host rule',
    ])
    const buttons = Array.from(doc.querySelectorAll('button.img-retry'))
    expect(buttons.map((b) => b.getAttribute('data-image-key'))).toEqual([KEY_404])
    expect(buttons[0]?.getAttribute('type')).toBe('button')
    expect(buttons[0]?.getAttribute('aria-label')).toBe('Retry: 图')
  })

  it('say an archive image is missing or refused, asking for nothing, with no Retry', () => {
    const doc = render('<img src="missing-local.png"><img src="link-out.png" alt="out">')
    expect(doc.querySelectorAll('img')).toHaveLength(0)
    const placeholders = Array.from(doc.querySelectorAll('.img-placeholder'))
    expect(placeholders.map((p) => p.textContent)).toEqual([
      'Image not in the archive',
      'Image outside the archive, not shown',
    ])
    expect(placeholders[1]?.getAttribute('aria-label')).toBe(
      'out: Image outside the archive, not shown',
    )
    expect(doc.querySelectorAll('button.img-retry')).toHaveLength(0)
    const zh = createTranslate('zh')
    expect(imageMissingText(zh, 'failed', 'missing')).toBe('存档中没有这张图片')
    expect(imageMissingText(zh, 'failed', 'outside')).toBe('图片在存档之外，不予显示')
    expect(imageMissingText(createTranslate('en'), 'failed', 'not-image-file')).toBe(
      'File in the archive is not an image',
    )
  })

  it('puts Retry after the link around an image, never inside it', () => {
    const doc = render(
      '<p><a href="https://a.example/big.jpg"><b><img src="https://a.example/404.jpg"></b></a> after</p>',
    )
    const retry = doc.querySelector('button.img-retry')
    expect(retry?.closest('a')).toBeNull()
    expect(retry?.previousElementSibling?.localName).toBe('a')
    expect(doc.querySelector('a .img-placeholder')).not.toBeNull()
    expect(doc.querySelector('p')?.lastChild?.textContent).toBe(' after')
  })

  it('says "not available offline" without jargon, the detail in a tooltip', () => {
    const doc = render('<img src="https://gone.example/x.jpg">')
    const placeholder = doc.querySelector('.img-placeholder')
    expect(placeholder?.textContent).toBe(
      'Image not available offline — its server could not be reached',
    )
    expect(placeholder?.getAttribute('title')).toMatch(/DNS lookup failed/)
    expect(doc.querySelector('.img-placeholder:not([title])')).toBeNull()
    const zh = createTranslate('zh')
    expect(imageMissingText(zh, 'failed', 'dns')).toBe('图片无法离线查看——连不上图片所在的服务器')
    expect(imageMissingDetail(zh, 'failed', 'dns')).toMatch(/DNS/)
    expect(imageMissingDetail(zh, 'failed', 'http-404')).toBeUndefined()
    // The health panel, which shows the status code beside it, gives the detail.
    expect(imageReasonText(createTranslate('en'), 'dns')).toMatch(/DNS lookup failed/)
  })

  it('never lets article markup forge a Retry button', () => {
    const doc = render(
      '<button class="img-retry" data-image-key="x" onclick="alert(1)">Retry</button>',
    )
    expect(doc.querySelectorAll('button')).toHaveLength(0)
  })

  it('names unknown failure statuses as they are, in both languages', () => {
    expect(imageMissingText(createTranslate('en'), 'failed', 'http-502')).toBe(
      'Image download failed (http-502)',
    )
    expect(imageMissingText(createTranslate('zh'), 'failed', 'http-404')).toBe(
      '图片在服务器上不存在（404）',
    )
    expect(imageMissingText(createTranslate('en'), 'pending')).toBe('Image not downloaded yet')
  })
})
