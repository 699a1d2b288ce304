/**
 * The quick text loop against scanHtml, whose text it must equal wherever it answers: hand-made
 * pages for every rule it mirrors, the quirk fixtures, random pages built from tricky pieces;
 * and what it refuses.
 */
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { scanHtml } from '../../../src/main/core/archive/parse/htmlScan'
import { quickHtmlText } from '../../../src/main/core/archive/parse/quickHtmlText'
import { bodyAfterFrontMatter } from '../../../src/main/core/archive/parse/frontMatter'
import { scanBody } from '../../../src/main/core/archive/parseArticle'
import { decodeArticleBytes } from '../../../src/main/core/archive/parse/textDecoding'
import { mulberry32 } from '../../support/random'
import { fixtureBytes, QUIRKS_DIR } from './quirkFixtures'

const PAGES: Record<string, string> = {
  entities:
    '<p>a&nbsp;&nbsp;b &amp; c&lt;d&gt; &#x4E2D;&#25991; &copy 2024 &amp &bogus; &#128512; x&y</p>',
  'entity at the end': '<p>AT&amp',
  'bare ampersand at the end': 'tom &',
  comments: 'a<!-- 不要 -->b<!---->c<!-- x --->d<!-- -- -->e',
  'doctype and processing instruction': '<!DOCTYPE html><?xml version="1.0"?><p>正文</p><!x>y',
  'bogus close tags': 'a</ x>b</>c</3>d',
  'lone less-than': 'a < b <3 c<',
  'raw text':
    '<script>var s = "</p><p>"; if (a<b) {}</script>后<style>p>a{}</style>续<iframe src="x">框内&amp;</iframe>完',
  'script close with attributes': '<SCRIPT type="x">a</Script >b</scriptx></script>c',
  'implied closes':
    '<p>一<p>二<ul><li>甲<li>乙</ul><dl><dt>词<dd>义</dl><table><tr><td>格<td>子</table>',
  'closing an outer element closes inner blocks': '<span><div>块</span>后',
  'an inline open tag closing a block': '<option>甲<input>乙<dl><dt>词<dd>义',
  'unmatched p and br closes': 'a</p>b</br>c</span>d',
  'image alias and void elements': 'a<image src=x>b<IMG SRC="y">c<br/>d<hr>e<input>f',
  'attributes with quotes and odd names':
    '<a href="x>y" title=\'a>b\' data-x=1>链接</a><p =x>q</p><p a b=c d>r</p>',
  'unquoted attribute ending at >': '<p class=x>文</p>',
  'self-closing block': 'a<p/>b<div/>c',
  'upper-case tags': '<P>段</P><DIV>块</DIV>',
  'head, body, skipped elements':
    '<html><head><title>T</title><style>p{}</style></head><body><template><p>tpl</p></template><noscript>js</noscript><p>visible</p></body></html>',
  'unclosed head': '<html><head><meta charset="utf-8"><body><p>正文</p>',
  'title with entities and tags inside': '<title>a &amp; <b>b</b></title><p>正文</p>',
  'unicode spaces': '<p>\u3000前\u00a0后\u2003中\u200b零宽\ufeff尾 </p>\n\n',
  'broken tag from a feed': "<spanmicrosoft yahei', …>破损标签里的文字</span>",
  'text only': '  纯文本，没有标签  ',
  'surrogates in text and entities': '<p>𠀀𠀁 &#x20000;</p>',
}

describe('quickHtmlText: the text scanHtml gives', () => {
  for (const [name, html] of Object.entries(PAGES)) {
    it(name, () => {
      expect(quickHtmlText(html)).toBe(scanHtml(html).text)
    })
  }

  it('of every HTML fixture body', () => {
    const names = readdirSync(QUIRKS_DIR).filter((name) => /\.(md|html)$/.test(name))
    let compared = 0
    for (const name of names) {
      const decoded = decodeArticleBytes(fixtureBytes(name), false)
      if (decoded.kind !== 'text') continue
      const body = bodyAfterFrontMatter(decoded.text)
      if (body === null) continue
      const scanned = scanBody(name, body)
      if (scanned.format !== 'html') continue
      const quick = quickHtmlText(scanned.bodyHtml)
      // A refusal is allowed (the parser then reads it); a different text is not.
      if (quick !== undefined) {
        expect(quick, name).toBe(scanned.scan.text)
        compared++
      }
    }
    expect(compared).toBeGreaterThan(10)
  })

  it('of random pages built from tricky pieces', () => {
    const pieces = [
      '<p>',
      '</p>',
      '<div>',
      '</div>',
      '<span>',
      '</span>',
      '<li>',
      '<br>',
      '</br>',
      '<img src="a>b">',
      '<a href=x>',
      '</a>',
      '<script>x<y</script>',
      '<style>p{}</style>',
      '<!-- c -->',
      '&amp;',
      '&nbsp;',
      '&copy',
      '&',
      '<',
      '  ',
      '\n',
      '\u3000',
      '中文',
      'ascii',
      '<h2>',
      '</h2>',
      '<table><tr><td>',
      '</td>',
      '<template>',
      '</template>',
      '<head>',
      '<body>',
    ]
    const random = mulberry32(42)
    let compared = 0
    for (let page = 0; page < 2000; page++) {
      let html = ''
      const count = 1 + Math.floor(random() * 30)
      for (let k = 0; k < count; k++) html += pieces[Math.floor(random() * pieces.length)]
      const quick = quickHtmlText(html)
      if (quick === undefined) continue
      expect(quick, JSON.stringify(html)).toBe(scanHtml(html).text)
      compared++
    }
    // The pieces are whole constructs: the loop follows nearly every page made of them.
    expect(compared).toBeGreaterThan(1900)
  })
})

describe('quickHtmlText: refusals', () => {
  it.each([
    ['svg', '<p>a<svg><title>t</title><text>x</text></svg>b</p>'],
    ['math', '<math><mi>x</mi></math>'],
    ['title inside svg', '<svg><title>a &amp; b</title></svg>'],
    ['textarea', '<textarea>a</textarea>'],
    ['form', '<form><p>a</p></form>'],
    ['CDATA', '<![CDATA[x]]>'],
    ['abrupt comment', 'a<!-->b'],
    ['unclosed comment', 'a<!-- b'],
    ['unclosed tag at the end', 'a<p class="x'],
    ['unclosed raw text', '<script>never closed'],
  ])('%s', (_name, html) => {
    expect(quickHtmlText(html)).toBeUndefined()
  })
})
