// @vitest-environment jsdom
/**
 * stripInlineStyles: style attributes renamed and <style> elements cut from the text before
 * DOMPurify parses it. Two properties, checked on hand-written cases, the sample corpus's bodies
 * and a seeded storm of tag soup, against jsdom's parser (parse5, the spec's, as Chromium):
 * - fidelity: the stripped text parses to the same tree as the original minus its styles;
 * - DOMPurify with the reader's config gives the same output either way.
 * The storm has no <style> elements (cutting one can move text the tree builder placed around
 * it in a broken table), nor <svg>, <math> or <select>: there the tree builder, not the
 * tokenizer, decides whether <xmp> or <script> holds raw text, and a style may be left (a
 * console error) or some text changed. DOMPurify sanitizes the result either way.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import DOMPurify from 'dompurify'
import { describe, expect, it } from 'vitest'
import { PURIFY_CONFIG } from '../../../src/renderer/src/features/reader/sanitize'
import {
  STRIPPED_PREFIX,
  STRIPPED_STYLE,
  stripInlineStyles,
} from '../../../src/renderer/src/features/reader/stripInlineStyles'
import { mulberry32 } from '../../support/random'

const SAMPLE = path.resolve(__dirname, '../../../../shared/corpus/sample')

/**
 * The tree of `html` as a string, without its styles and `on…` attributes (or the renamed ones
 * when `stripped`).
 */
function tree(html: string, stripped: boolean): string {
  const doc = new DOMParser().parseFromString(html, 'text/html')
  const inline = (name: string): boolean =>
    stripped ? name.startsWith(STRIPPED_PREFIX) : name === 'style' || /^on./.test(name)
  for (const element of Array.from(doc.querySelectorAll('style'))) element.remove()
  for (const element of Array.from(doc.querySelectorAll('*')))
    for (const name of element.getAttributeNames()) if (inline(name)) element.removeAttribute(name)
  // The body, which is what DOMPurify keeps (a leading <style> kept the parser in <head>, so a
  // comment after it lands in <head> with the style and before <html> without it).
  return doc.body.outerHTML
}

/**
 * As the reader calls it (a fragment: a string without `<` is not returned as is). Leading
 * whitespace aside: DOMPurify puts back the text's own, which a cut leading <style> reveals
 * (`<style></style> x` parses to "x", its space going to <head>; ` x` to " x").
 */
function sanitized(html: string): string {
  const holder = document.createElement('div')
  holder.appendChild(DOMPurify.sanitize(html, PURIFY_CONFIG))
  return holder.innerHTML.trimStart()
}

function expectFaithful(html: string): void {
  const stripped = stripInlineStyles(html)
  expect(tree(stripped, true), html).toBe(tree(html, false))
  expect(sanitized(stripped), html).toBe(sanitized(html))
}

describe('stripInlineStyles', () => {
  it('renames style attributes in every form and cuts <style> elements, nothing else', () => {
    const s = STRIPPED_STYLE
    expect(stripInlineStyles('<p style="color:red" title="t">x</p>')).toBe(
      `<p ${s}="color:red" title="t">x</p>`,
    )
    expect(stripInlineStyles(`<P STYLE='a'>x</P>`)).toBe(`<P ${s}='a'>x</P>`)
    expect(stripInlineStyles('<p style=color:red>x</p>')).toBe(`<p ${s}=color:red>x</p>`)
    expect(stripInlineStyles('<p style = "a"class=b>x</p>')).toBe(`<p ${s} = "a"class=b>x</p>`)
    expect(stripInlineStyles('<p title="a"style="b">x</p>')).toBe(`<p title="a"${s}="b">x</p>`)
    expect(stripInlineStyles('a<style>p { color: red }</style>b')).toBe('ab')
    expect(stripInlineStyles('a<STYLE media="x">p{}</Style >b')).toBe('ab')
  })

  it('cuts <base> tags, whose parse sets a base URI the page CSP refuses', () => {
    expect(stripInlineStyles('<base href="https://evil.example/"><p>x</p>')).toBe('<p>x</p>')
    expect(stripInlineStyles(`a<BASE HREF='/b/' target=_top >b`)).toBe('ab')
    expect(stripInlineStyles('<p title="<base href=x>">y</p>')).toBe(
      '<p title="<base href=x>">y</p>',
    )
    expect(stripInlineStyles('<basefont size=3><p>z</p>')).toBe('<basefont size=3><p>z</p>')
    expect(stripInlineStyles('<textarea><base href=x></textarea>')).toBe(
      '<textarea><base href=x></textarea>',
    )
  })

  it('renames event-handler attributes too, with or without a value', () => {
    const p = STRIPPED_PREFIX
    expect(stripInlineStyles('<div class="img_box" onclick>x</div>')).toBe(
      `<div class="img_box" ${p}onclick>x</div>`,
    )
    expect(stripInlineStyles('<img src=x ONERROR="a()" onload=b()>')).toBe(
      `<img src=x ${p}onerror="a()" ${p}onload=b()>`,
    )
    for (const html of [
      '<p on="x" data-one>x</p>',
      '<p>onclick="x"</p>',
      '<p title=" onclick">x</p>',
    ])
      expect(stripInlineStyles(html)).toBe(html)
  })

  it('leaves styles that are not attributes alone', () => {
    const untouched = [
      '<p>style="color:red"</p>',
      '<p title=\'style="x"\'>x</p>',
      '<p data-style="x" styles="y" xstyle="z">x</p>',
      '<!-- <p style="x"> -->',
      '<textarea><p style="x"></textarea>',
      '<title><p style="x"></title>',
      '<script>var s = "<p style=x>"</script>',
      '<xmp><p style="x"></xmp>',
      '<styles>x</styles>',
      'no tags at all, style everywhere',
      '',
    ]
    for (const html of untouched) expect(stripInlineStyles(html)).toBe(html)
  })

  it('is faithful on hand-written edge cases', () => {
    const cases = [
      '<p style="x">a</p>',
      '<p /style=x>a</p>',
      '<br style="x"/>',
      '<p style>a</p><p style=>b</p><p style="">c</p>',
      '<p =style="x">a</p>',
      '<p style="a>b">c</p>',
      "<p style='a\"b'>c</p>",
      '<p style="unterminated>a</p>',
      '<p a=b style=c d>x</p>',
      '<!-->style="x"<p style="y">a</p>',
      '<!--->x<p style="y">a</p>',
      '<!-- a --!><p style="y">b</p>',
      '<!doctype html><p style="x">a</p>',
      '<?xml style="x"?><p style="y">a</p>',
      '</ p style="x"><p style="y">a</p>',
      '</><p style="y">a</p>',
      '<p>a < b style="x" > c</p>',
      '<textarea style="x"><p style="y"></textarea><p style="z">a</p>',
      '<title>t</title style="x"><p style="y">a</p>',
      '<style>a</styl></style><p style="y">b</p>',
      '<style>a</style',
      '<style>unterminated <p style="y">',
      '<plaintext><p style="y">',
      '<table style="x"><tr style="y"><td style="z">a</td></tr></table>',
      '<noscript><p style="y">a</p></noscript>',
      '<img src="İstanbul.jpg" style="x" alt="İİ">after<p style="y">İ</p>',
      '<p STYLE="a" Style="b">x</p>',
      '<p\tstyle="a"\nclass="b"\fid="c"\rtitle="d">x</p>',
      '<p style="x"',
    ]
    for (const html of cases) expectFaithful(html)
  })

  it('gives DOMPurify the same output for hostile bodies, SVG and MathML included', () => {
    const hostile = [
      '<svg><style>x</style><rect style="fill:red"></rect></svg><p>y</p>',
      '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=x onerror=alert(1)&gt;">',
      '<form><math><mtext></form><form><mglyph><style></math><img src=x onerror=alert(1)>',
      '<svg><![CDATA[ <p style="x"> ]]></svg><p style="y">a</p>',
      '<noscript><p title="</noscript><img src=x onerror=alert(1) style=x>"></p></noscript>',
      '<script><!--<script>a</script><p style="x">--></script><p style="y">b</p>',
    ]
    for (const html of hostile)
      expect(sanitized(stripInlineStyles(html)), html).toBe(sanitized(html))
  })

  it('is faithful on the sample corpus', () => {
    if (!existsSync(SAMPLE)) return
    const files: string[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name)
        if (statSync(full).isDirectory()) walk(full)
        else if (name.endsWith('.md')) files.push(full)
      }
    }
    walk(SAMPLE)
    for (const file of files) expectFaithful(readFileSync(file, 'utf8'))
  })

  it('is faithful on a storm of tag soup (seeded)', () => {
    const pieces = [
      '<p',
      '<div',
      '<a href="x"',
      '<img src=x',
      '<td',
      '<table',
      ' style="a:b"',
      " style='c'",
      ' style=d',
      ' STYLE = "e"',
      ' style',
      ' title="style=f"',
      " title='",
      ' title="',
      ' class=g',
      '/',
      '=',
      '"',
      "'",
      ' ',
      '\n',
      '>',
      '>',
      '>',
      '</p>',
      '</div>',
      '<!--',
      '-->',
      '--!>',
      '<!x>',
      '<?x>',
      '</ x>',
      '</>',
      '</style>',
      '<script>',
      '</script>',
      '<xmp>',
      '</xmp>',
      '<iframe>',
      '</iframe>',
      '<noscript>',
      '<textarea>',
      '</textarea>',
      '<title>',
      '</title>',
      '<',
      'text',
      'style="h"',
      '中文',
    ]
    const random = mulberry32(20240611)
    for (let round = 0; round < 1000; round++) {
      const length = 1 + Math.floor(random() * 24)
      let html = ''
      for (let i = 0; i < length; i++) html += pieces[Math.floor(random() * pieces.length)]
      expectFaithful(html)
    }
  })
})
