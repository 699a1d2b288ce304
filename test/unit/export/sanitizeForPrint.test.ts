import { describe, expect, it } from 'vitest'
import { sanitizeForPrint } from '../../../src/main/core/export/sanitizeForPrint'

const labels = { imageMissing: 'MISSING', externalVideo: (host: string) => `VIDEO ${host}` }
const cached = new Map([
  ['https://img.example.com/a.jpg', 'images/aaa.jpg'],
  ['posts/pic.png', 'images/bbb.png'],
])
const clean = (html: string, withImages = true) =>
  sanitizeForPrint(html, {
    articleDir: 'posts',
    resolveImage: withImages ? (url) => cached.get(url) ?? null : null,
    labels,
  })

describe('sanitizeForPrint', () => {
  it('drops scripts, styles, handlers, forms, frames, svg and every URL but links and cached images', () => {
    const { html } = clean(
      [
        '<script>alert(1)</script><style>body{}</style><noscript><img src="http://x/n.png"></noscript>',
        '<p onclick="x()" style="color:red" class="c" id="i">正文<b>粗体</b></p>',
        '<form action="http://x"><input value="1"><button>b</button></form>',
        '<svg><image href="http://x/s.png"/></svg><math><mi>x</mi></math>',
        '<link rel="stylesheet" href="http://x/c.css"><meta http-equiv="refresh" content="0;url=http://x">',
        '<table background="http://x/t.png"><tr><td>格</td></tr></table>',
        '<a href="javascript:alert(1)">坏链接</a><a href="https://ok.example/p">好链接</a>',
        '<template><img src="http://x/t.png"></template>',
      ].join(''),
    )
    expect(html).not.toMatch(
      /script|style=|onclick|class=|id=|<form|<input|<button|<svg|<math|<link|<meta|background|javascript|http:\/\/x/i,
    )
    expect(html).toContain('<p>正文<b>粗体</b></p>')
    expect(html).toContain('<td>格</td>')
    // A link whose href was dropped is plain text, not a link-coloured dead link.
    expect(html).toContain('</table>坏链接<a href')
    expect(html).not.toContain('<a>')
    expect(html).toContain('<a href="https://ok.example/p">好链接</a>')
  })

  it('points cached images at the export copy, lazy attributes first, and replaces the rest', () => {
    const { html, imageUrls } = clean(
      '<img data-original="//img.example.com/a.jpg" src="loading.gif" alt="甲">' +
        '<img src="pic.png" width="10">' +
        '<img src="https://img.example.com/missing.jpg" alt="乙" onerror="x()">',
    )
    expect(html).toContain('<img src="images/aaa.jpg" alt="甲">')
    expect(html).toContain('<img src="images/bbb.png" width="10">')
    expect(html).toContain('aria-label="MISSING: 乙"')
    expect(html).not.toContain('missing.jpg')
    expect(imageUrls).toEqual(['https://img.example.com/a.jpg', 'posts/pic.png'])
  })

  it('leaves images out entirely when the export has no images', () => {
    expect(clean('<p>字<img src="pic.png"></p>', false).html).toBe('<p>字</p>')
  })

  it('turns videos and iframes into a link to their host, and shifts body h1 below the article title', () => {
    const { html } = clean('<iframe src="//player.example.com/v/1"></iframe><h1>小标题</h1>')
    expect(html).toContain(
      '<a class="external-media" href="https://player.example.com/v/1">VIDEO player.example.com</a>',
    )
    expect(html).toContain('<h2>小标题</h2>')
    expect(html).not.toContain('<h1')
  })

  it('names audio and embedded objects by what they are, and keeps link text without href', () => {
    const { html } = clean(
      '<audio src="https://a.example/s.mp3"></audio><object data="https://o.example/x.swf"></object>' +
        '<embed src="https://e.example/x.swf"><video src="https://v.example/a.mp4"></video>' +
        '<p><a href="vbscript:x"><b>粗</b>文</a> <a>无链接</a></p>',
    )
    const texts = Array.from(html.matchAll(/class="external-media"[^>]*>([^<]*)</g), (m) => m[1])
    expect(texts).toEqual([
      '外部音频 · external audio: a.example',
      '外部嵌入对象 · embedded object: o.example',
      '外部嵌入对象 · embedded object: e.example',
      'VIDEO v.example',
    ])
    expect(html).toContain('<p><b>粗</b>文 无链接</p>')
    const named = sanitizeForPrint('<audio src="https://a.example/s.mp3"></audio>', {
      articleDir: '',
      resolveImage: null,
      labels: { ...labels, externalAudio: (host) => `AUDIO ${host}` },
    })
    expect(named.html).toContain('>AUDIO a.example</a>')
  })

  it('escapes text and attribute values so nothing becomes markup again', () => {
    const { html } = clean(
      '<p title="&quot;><script>x</script>">&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    )
    expect(html).toBe(
      '<p title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    )
  })
})
