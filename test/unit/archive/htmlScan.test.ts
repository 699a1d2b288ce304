import { describe, expect, it } from 'vitest'
import { scanHtml } from '../../../src/main/core/archive/parse/htmlScan'
import { parseFixture } from './quirkFixtures'

describe('scanHtml: text', () => {
  it('skips style, comments and script (even inside pre/code), keeps code text and tolerates broken tags', () => {
    const { text } = parseFixture('html-features.md')
    expect(text).not.toMatch(/color: red|评论不应被索引|lib\.min\.js|<|>/)
    expect(text).toContain('点击打开')
    // Raw <?xml …?> inside <pre><code> must not swallow what follows.
    expect(text).toContain('代码块之后的段落')
    expect(text).toContain('const x = 1')
    // Brace entities decode in visible text.
    expect(text).toContain('function f() { return 1 } 结束')
    expect(text).toContain('破损标签里的文字')
    // Google Sites tables (with xmlns): cells do not merge.
    expect(text).toContain('单元格一 单元格二')
    // Blocks and <br> separate words.
    expect(text).toContain('第一段 第二段 换行 之后')
  })

  it('skips head, title, template and noscript content', () => {
    const html =
      '<html><head><title>T</title><style>p{}</style></head><body><template><p>tpl</p></template>' +
      '<noscript>enable js</noscript><p>visible</p></body></html>'
    const scan = scanHtml(html)
    expect(scan.text).toBe('visible')
    expect(scan.documentTitle).toBe('T')
  })

  it('does not hide the page when <head> is never closed', () => {
    expect(scanHtml('<html><head><meta charset="utf-8"><body><p>body text</p>').text).toBe(
      'body text',
    )
  })

  it('decodes entities and collapses whitespace, NBSP included', () => {
    expect(scanHtml('<p>  a&nbsp;&nbsp;b &amp; c&lt;d&gt;\n\n  e </p>').text).toBe('a b & c<d> e')
  })

  it('does not insert spaces at inline elements', () => {
    expect(scanHtml('<p>加<b>粗</b>字<a href="#">链接</a>。</p>').text).toBe('加粗字链接。')
  })

  it('finds the first non-empty heading of any level', () => {
    expect(scanHtml('<h1> </h1><p>x</p><h3>第三 <em>级</em></h3><h1>later</h1>').firstHeading).toBe(
      '第三 级',
    )
    expect(scanHtml('<p>no heading</p>').firstHeading).toBeNull()
  })

  it('survives unclosed tags and stray closing tags', () => {
    expect(scanHtml('<div><p>one<span>two</div></p></span><p>three').text).toBe('onetwo three')
  })
})

describe('scanHtml: images', () => {
  it('collects src, srcset, data-srcset, data-src, data-original and data-original-src', () => {
    const html =
      '<img src="a.png" srcset="b.png 1x, c.png 2x" data-srcset="d.png 480w" data-src="e.png" ' +
      'data-original="f.png" data-original-src="//x.example/g.png"><picture><source srcset="h.webp"></picture>' +
      '<video><source src="movie.mp4"></video>'
    expect(scanHtml(html).images).toEqual([
      { url: 'a.png', source: 'img' },
      { url: 'b.png', source: 'srcset' },
      { url: 'c.png', source: 'srcset' },
      { url: 'd.png', source: 'srcset' },
      { url: 'e.png', source: 'lazy' },
      { url: 'f.png', source: 'lazy' },
      { url: '//x.example/g.png', source: 'lazy' },
      { url: 'h.webp', source: 'srcset' },
    ])
  })

  it('labels plain images of rendered Markdown as markdown', () => {
    expect(scanHtml('<p><img src="a.png" alt=""></p>', 'markdown').images).toEqual([
      { url: 'a.png', source: 'markdown' },
    ])
  })
})
