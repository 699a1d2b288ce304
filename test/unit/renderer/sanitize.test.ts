// @vitest-environment jsdom
/**
 * The reader's sanitizer against hostile bodies, in jsdom 26 (Node 20 compatible; jsdom 27+ needs
 * Node 22). jsdom parses with parse5, the spec's HTML parser, as Chromium does.
 */
import { describe, it, expect } from 'vitest'
import DOMPurify from 'dompurify'
import type { ArticleImage } from '../../../src/shared/contract/api'
import {
  sanitizeArticleHtml,
  type SanitizeContext,
} from '../../../src/renderer/src/features/reader/sanitize'

const KEY_A = 'a'.repeat(64)
const KEY_B = 'b'.repeat(64)
const KEY_LOCAL = 'c'.repeat(64)

const images: ArticleImage[] = [
  { url: 'https://img.example.com/a.jpg', source: 'img', key: KEY_A, status: 'cached' },
  { url: 'https://cdn.example.com/lazy.png', source: 'lazy', key: KEY_B, status: 'failed' },
  { url: 'guide/images/local.png', source: 'img', local: true, key: KEY_LOCAL, status: 'cached' },
]

const ctx: SanitizeContext = {
  articleId: 'guide/intro.md',
  images,
  imageSrc: (key) => `app-img://cache/${key}`,
  labels: {
    externalMedia: (kind, host) => `external ${kind} on ${host}`,
    imageMissing: (status) => `image ${status}`,
  },
}

function clean(html: string): string {
  return sanitizeArticleHtml(DOMPurify, html, ctx).html
}

function parse(html: string): Document {
  return new DOMParser().parseFromString(`<body>${clean(html)}</body>`, 'text/html')
}

function everyAttribute(doc: Document): string[] {
  return Array.from(doc.body.querySelectorAll('*')).flatMap((el) =>
    Array.from(el.attributes).map((a) => `${a.name}=${a.value}`),
  )
}

describe('sanitizeArticleHtml: hostile markup', () => {
  const hostile: Record<string, string> = {
    script: '<p>a</p><script>alert(1)</script>',
    scriptInPre: '<pre><code><script>alert(1)</script></code></pre>',
    onerror: '<img src="https://img.example.com/a.jpg" onerror="alert(1)">',
    onclick: '<p onclick="alert(1)" onmouseover="alert(2)">x</p>',
    javascriptLink: '<a href="javascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a>',
    entityJavascript: '<a href="jav&#x09;ascript:alert(1)">x</a>',
    svgOnload: '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    svgUse: '<svg><use href="data:image/svg+xml,<svg id=x onload=alert(1)>"/></svg>',
    mathml: '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    metaRefresh: '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    iframeSrcdoc: '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    styleTag: '<style>body{background:url(javascript:alert(1))}</style><p>x</p>',
    styleAttr: '<p style="background:url(https://evil.example/x)">x</p>',
    form: '<form action="https://evil.example"><input name="q"><button formaction="javascript:alert(1)">go</button></form>',
    object:
      '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x.swf">',
    base: '<base href="https://evil.example/"><link rel="stylesheet" href="https://evil.example/x.css">',
    noscriptMxss: '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    templateTrick: '<template><img src=x onerror=alert(1)></template>',
    dataUrlLink: '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    vbscript: '<a href="vbscript:msgbox(1)">x</a>',
    fileImage: '<img src="file:///etc/passwd">',
    clobbering: '<form name="getElementById"></form><img name="cookie" id="x">',
    legacyLoaders:
      '<table background="https://t.example/bg.png"><tr><td background="https://t.example/td.png">x</td></tr></table><a href="https://a.example" ping="https://t.example/ping">p</a>',
    areaLink: '<map><area href="javascript:alert(1)" shape="rect" coords="0,0,1,1"></map>',
  }

  for (const [name, html] of Object.entries(hostile)) {
    it(`neutralises ${name}`, () => {
      const out = clean(html)
      const doc = parse(html)
      expect(out).not.toMatch(
        /<script|<style|<svg|<math|<iframe|<object|<embed|<form|<meta|<base|<link|<template|<noscript/i,
      )
      for (const attribute of everyAttribute(doc)) {
        expect(attribute).not.toMatch(/^on/i)
        expect(attribute).not.toMatch(/^(style|srcdoc|formaction|name|id|background|ping)=/i)
        expect(attribute).not.toMatch(/javascript:|vbscript:|data:text|file:/i)
      }
      for (const img of Array.from(doc.querySelectorAll('img'))) {
        expect(img.getAttribute('src') ?? '').toMatch(/^app-img:\/\/cache\/[0-9a-f]{64}$/)
      }
    })
  }

  it('keeps ordinary content and text', () => {
    const doc = parse(
      '<div><h2>标题</h2><p>正文 <b>加粗</b> &amp; <code>x &lt; y</code></p><table><tr><td>1</td></tr></table></div>',
    )
    expect(doc.querySelector('h2')?.textContent).toBe('标题')
    expect(doc.querySelector('b')?.textContent).toBe('加粗')
    expect(doc.querySelector('code')?.textContent).toBe('x < y')
    expect(doc.querySelector('td')?.textContent).toBe('1')
  })

  it('shows raw markup inside code as text, never as elements', () => {
    const doc = parse('<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>')
    expect(doc.querySelector('script')).toBeNull()
    expect(doc.querySelector('code')?.textContent).toBe('<script>alert(1)</script>')
  })
})

describe('sanitizeArticleHtml: media', () => {
  it('turns an iframe into a link naming its host', () => {
    const doc = parse(
      '<p>before</p><iframe src="https://www.youtube.com/embed/xyz" allowfullscreen></iframe>',
    )
    const link = doc.querySelector('a')
    expect(link?.getAttribute('href')).toBe('https://www.youtube.com/embed/xyz')
    expect(link?.textContent).toBe('external video on www.youtube.com')
    expect(link?.getAttribute('target')).toBe('_blank')
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer')
    expect(link?.getAttribute('class')).toBe('external-media')
  })

  it('turns a protocol-relative video into an https link', () => {
    const doc = parse('<video src="//f.video.weibocdn.com/v.mp4" controls autoplay></video>')
    expect(doc.querySelector('video')).toBeNull()
    expect(doc.querySelector('a')?.getAttribute('href')).toBe('https://f.video.weibocdn.com/v.mp4')
  })

  it('uses a video <source> child', () => {
    const doc = parse('<video><source src="https://v.example.org/a.mp4"></video>')
    expect(doc.querySelector('a')?.textContent).toBe('external video on v.example.org')
  })

  it('names each kind of player by what it is: video, audio, embedded object', () => {
    const doc = parse(
      '<iframe src="https://www.youtube.com/embed/x"></iframe><video src="https://v.example/a.mp4"></video>' +
        '<audio src="https://a.example/s.mp3"></audio><audio><source src="https://a.example/t.ogg"></audio>' +
        '<object data="https://o.example/x.swf"></object><embed src="https://e.example/x.swf">',
    )
    expect(Array.from(doc.querySelectorAll('a.external-media'), (a) => a.textContent)).toEqual([
      'external video on www.youtube.com',
      'external video on v.example',
      'external audio on a.example',
      'external audio on a.example',
      'external object on o.example',
      'external object on e.example',
    ])
  })

  it('drops a javascript: iframe without a link', () => {
    const doc = parse('<iframe src="javascript:alert(1)"></iframe><p>x</p>')
    expect(doc.querySelector('a')).toBeNull()
    expect(doc.body.textContent).toBe('x')
  })
})

describe('sanitizeArticleHtml: images', () => {
  it('points a cached image at the cache and reports it', () => {
    const result = sanitizeArticleHtml(
      DOMPurify,
      '<img src="https://img.example.com/a.jpg" width="640" referrerpolicy="no-referrer">',
      ctx,
    )
    const img = parse('<img src="https://img.example.com/a.jpg" width="640">').querySelector('img')
    expect(img?.getAttribute('src')).toBe(`app-img://cache/${KEY_A}`)
    expect(img?.getAttribute('width')).toBe('640')
    expect(result.imageUrls).toEqual(['https://img.example.com/a.jpg'])
  })

  it('resolves lazy attributes and protocol-relative URLs', () => {
    for (const attr of ['data-src', 'data-original', 'data-original-src']) {
      const doc = parse(
        `<img src="data:image/gif;base64,R0lGOD" ${attr}="//img.example.com/a.jpg">`,
      )
      expect(doc.querySelector('img')?.getAttribute('src')).toBe(`app-img://cache/${KEY_A}`)
      expect(doc.querySelector('img')?.hasAttribute(attr)).toBe(false)
    }
  })

  it('resolves a relative image against the article folder', () => {
    const doc = parse('<img src="images/local.png">')
    expect(doc.querySelector('img')?.getAttribute('src')).toBe(`app-img://cache/${KEY_LOCAL}`)
  })

  it('uses the first srcset candidate, and drops srcset', () => {
    const doc = parse(
      '<img srcset="https://img.example.com/a.jpg 1x, https://img.example.com/b.jpg 2x">',
    )
    expect(doc.querySelector('img')?.getAttribute('src')).toBe(`app-img://cache/${KEY_A}`)
    expect(doc.querySelector('img')?.hasAttribute('srcset')).toBe(false)
  })

  it('replaces a missing image with a placeholder giving the reason', () => {
    const doc = parse(
      '<img data-src="https://cdn.example.com/lazy.png" alt="图"><img src="https://unknown.example/x.png">',
    )
    expect(doc.querySelector('img')).toBeNull()
    const placeholders = Array.from(doc.querySelectorAll('span.img-placeholder'))
    expect(placeholders.map((p) => p.textContent)).toEqual(['image failed', 'image unknown'])
    expect(placeholders[0]?.getAttribute('aria-label')).toBe('图: image failed')
  })

  it('never leaves a remote URL in an image', () => {
    const doc = parse(
      '<img src="https://tracker.example/p.gif"><img src="//tracker.example/p.gif"><img src="/etc/x.png">',
    )
    expect(doc.querySelectorAll('img')).toHaveLength(0)
  })
})

describe('sanitizeArticleHtml: links', () => {
  it('opens http links outside, without referrer', () => {
    const link = parse('<a href="https://example.com/a">a</a>').querySelector('a')
    expect(link?.getAttribute('target')).toBe('_blank')
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer')
  })

  it('drops relative and fragment hrefs, which would navigate the app', () => {
    const doc = parse('<p><a href="../x.html">a</a><a href="#top">b</a></p>')
    expect(doc.querySelectorAll('a')).toHaveLength(0)
    expect(doc.querySelector('p')?.textContent).toBe('ab')
  })

  it('shows a link whose href was dropped as plain text, not as a dead link', () => {
    const doc = parse(
      '<p>a <a href="javascript:alert(1)">js</a> b <a href="../x.html"><b>rel</b></a> <a>none</a></p>',
    )
    expect(doc.querySelectorAll('a')).toHaveLength(0)
    expect(doc.querySelector('p')?.innerHTML).toBe('a js b <b>rel</b> none')
    // An image in such a link keeps its placeholder and Retry, with no link around them.
    const withImage = parse(
      '<a href="javascript:x()"><img data-src="https://cdn.example.com/lazy.png"></a>',
    )
    expect(withImage.querySelector('a')).toBeNull()
    expect(withImage.querySelector('.img-placeholder')).not.toBeNull()
  })

  it('removes <base>, <meta> and <link> before they reach the page', () => {
    const out = clean(
      '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://x">' +
        '<link rel="stylesheet" href="https://x/c.css"><p>x</p>',
    )
    expect(out).toBe('<p>x</p>')
  })

  it('keeps no target on other elements', () => {
    expect(clean('<p target="_top">x</p>')).toBe('<p>x</p>')
  })
})
