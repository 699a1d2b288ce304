/**
 * Article bodies: the HTML the file holds and, built alongside it, the plain text a
 * reader extracts from it (the ground truth for search). Each source has its own HTML
 * habits (see BodyStyle), copied from the real files.
 *
 * Text convention: every block (p, li, td, h2/h3, caption) is one line, lines joined by
 * '\n'; <br> also breaks a line; entities are decoded (&nbsp; is U+00A0); whitespace that
 * only formats the HTML is not part of the text.
 */
import { sentence, type ProseStyle } from './prose'
import type { Rng } from './prng'
import { imageUrl, type Source } from './sources'
import { drawWord, type Vocabulary } from './vocab'

export interface Body {
  /** Everything between `<div>   \n` and the closing `</div>`, including the trailing spacing line. */
  html: string
  text: string
  /** Image URLs in document order. */
  images: string[]
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>\u00a0"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&nbsp;',
  )
}

/** Escapes body text: like escapeHtml but keeps `"` literal, as the real bodies do. */
function escapeText(text: string): string {
  return text.replace(/[&<>\u00a0]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&nbsp;',
  )
}

interface Inline {
  html: string
  text: string
}

/** A paragraph's inline content: sentences, sometimes bold, linked or broken by <br>. */
function inlineParagraph(
  rng: Rng,
  vocab: Vocabulary,
  prose: ProseStyle,
  target: number,
  brRate: number,
): Inline {
  let html = ''
  let text = ''
  while (text.length < target) {
    const s = sentence(rng, vocab, prose)
    const r = rng.next()
    if (r < 0.03) {
      html += `<strong>${escapeText(s)}</strong>`
      text += s
    } else if (r < 0.05) {
      const anchor = drawWord(vocab, rng, prose.script) + drawWord(vocab, rng, prose.script)
      html += `${escapeText(s)}<a href="https://www.example.com/${rng.hex(10)}" target="_blank">${escapeText(anchor)}</a>`
      text += s + anchor
    } else {
      html += escapeText(s)
      text += s
    }
    if (text.length < target && rng.chance(brRate)) {
      html += '<br>'
      text += '\n'
    }
  }
  return { html, text }
}

function shortPhrase(
  rng: Rng,
  vocab: Vocabulary,
  prose: ProseStyle,
  min: number,
  max: number,
): string {
  const length = rng.int(min, max)
  let out = ''
  while (out.length < length) out += drawWord(vocab, rng, prose.script)
  return out
}

interface Blocks {
  html: string[]
  lines: string[]
  images: string[]
}

function list(rng: Rng, vocab: Vocabulary, prose: ProseStyle, blocks: Blocks): void {
  const tag = rng.chance(0.7) ? 'ul' : 'ol'
  let html = `<${tag}>\n`
  for (let i = rng.int(2, 6); i > 0; i--) {
    const item = shortPhrase(rng, vocab, prose, 6, 40) + '。'
    html += `<li>${escapeText(item)}</li>\n`
    blocks.lines.push(item)
  }
  blocks.html.push(`${html}</${tag}>\n`)
}

function table(rng: Rng, vocab: Vocabulary, prose: ProseStyle, blocks: Blocks): void {
  const columns = rng.int(2, 4)
  let html = '<table><tbody>'
  for (let r = rng.int(2, 6); r > 0; r--) {
    html += '<tr>'
    for (let c = 0; c < columns; c++) {
      const cell =
        c > 0 && rng.chance(0.5)
          ? `${rng.int(1, 9999)}.${rng.int(0, 99)}`
          : shortPhrase(rng, vocab, prose, 2, 8)
      html += `<td>${escapeText(cell)}</td>`
      blocks.lines.push(cell)
    }
    html += '</tr>'
  }
  blocks.html.push(`${html}</tbody></table>\n`)
}

function dims(rng: Rng): [number, number] {
  const w = rng.pick([530, 600, 640, 800, 970, 1080, 1280])
  return [w, Math.round((w * rng.int(40, 140)) / 100)]
}

function image(
  rng: Rng,
  source: Source,
  date: Date,
  title: string,
  blocks: Blocks,
  url?: string,
): void {
  const src = url ?? imageUrl(rng, source, date)
  blocks.images.push(src)
  const [w, h] = dims(rng)
  const t = escapeHtml(title)
  switch (source.style) {
    case 'guancha':
      blocks.html.push(
        `<p align="center">\n<img src="${src}" title="${t}" class="bigimg" width="${w}" referrerpolicy="no-referrer"> \n</p>\n`,
      )
      break
    case 'ithome': {
      const srcset = rng.chance(0.3) ? ` srcset="${src.replace(/@s_.*$/, '')} 2x"` : ''
      blocks.html.push(
        `<p data-vmark="${rng.hex(4)}"><img src="${src}" w="${w}" h="${h}" title="${t}"${srcset} width="${w}" height="${h}" referrerpolicy="no-referrer"></p>`,
      )
      break
    }
    case 'indent':
      blocks.html.push(
        `<p align="center">\n<img src="${src}" alt="${t}" referrerpolicy="no-referrer">\n</p>\n`,
      )
      break
    default:
      blocks.html.push(
        rng.chance(0.2)
          ? `<p><img class="lazy" data-original="${src}" src="${src}" referrerpolicy="no-referrer"></p>`
          : `<p><img src="${src}" referrerpolicy="no-referrer"></p>`,
      )
  }
}

function paragraphBlock(
  rng: Rng,
  vocab: Vocabulary,
  prose: ProseStyle,
  source: Source,
  blocks: Blocks,
  target: number,
  first: boolean,
): void {
  const inline = inlineParagraph(rng, vocab, prose, target, source.style === 'inline' ? 0.08 : 0.01)
  let { html, text } = inline
  switch (source.style) {
    case 'guancha':
      blocks.html.push(`<p>\n${html}\n</p>\n`)
      break
    case 'ithome':
      if (first) {
        html = `<a class="s_tag" href="https://www.ithome.com/" target="_blank">IT之家</a> ${html}`
        text = `IT之家 ${text}`
      }
      blocks.html.push(`<p data-vmark="${rng.hex(4)}">${html}</p>`)
      break
    case 'indent':
      blocks.html.push(`<p style="text-indent:2em;">\n${html}\n</p>\n`)
      break
    case 'flash':
      // Short wire stories are often bare text without any <p>.
      blocks.html.push(first && rng.chance(0.5) ? `${html}<br>` : `<p>${html}</p>`)
      break
    default:
      blocks.html.push(`<p>${html}</p>`)
  }
  for (const line of text.split('\n')) blocks.lines.push(line)
}

function heading(
  rng: Rng,
  vocab: Vocabulary,
  prose: ProseStyle,
  source: Source,
  blocks: Blocks,
): void {
  const h = shortPhrase(rng, vocab, prose, 4, 16)
  const e = escapeText(h)
  switch (source.style) {
    case 'guancha':
      blocks.html.push(`<p>\n<strong>${e}</strong> \n</p>\n`)
      break
    case 'ithome':
      blocks.html.push(`<h2 data-vmark="${rng.hex(4)}">${e}</h2>`)
      break
    case 'indent':
      blocks.html.push(`<p style="text-indent:2em;">\n<strong>${e}</strong>\n</p>\n`)
      break
    default:
      blocks.html.push(`<h3>${e}</h3>`)
  }
  blocks.lines.push(h)
}

const ENDINGS: Record<Source['style'], string> = {
  guancha: '  \n',
  ithome: '\n          \n',
  indent: '\n        \n',
  inline: '   \n',
  flash: '  \n',
}

/**
 * Builds a body of about `targetChars` characters of text. `headImage` is placed first
 * when given (the front matter's headimg is the first image of the real articles).
 */
export function buildBody(
  rng: Rng,
  vocab: Vocabulary,
  prose: ProseStyle,
  source: Source,
  options: { targetChars: number; date: Date; title: string; withImages: boolean },
): Body {
  const blocks: Blocks = { html: [], lines: [], images: [] }
  const { targetChars, date, title, withImages } = options
  if (withImages) {
    if (source.style === 'guancha') {
      const src = imageUrl(rng, source, date)
      blocks.images.push(src)
      blocks.html.push(
        `<img src="${src}" width="970px" height="374px" referrerpolicy="no-referrer">\n`,
      )
    } else image(rng, source, date, title, blocks)
  }
  // Images every ~1,200 characters on average, capped so very long articles stay plausible.
  const imageRate = withImages ? 0.18 : 0
  let length = 0
  let counted = 0
  let first = true
  while (length < targetChars) {
    const r = rng.next()
    if (!first && r < 0.04) heading(rng, vocab, prose, source, blocks)
    else if (!first && r < 0.06) list(rng, vocab, prose, blocks)
    else if (!first && r < 0.07) table(rng, vocab, prose, blocks)
    else if (!first && r < 0.07 + imageRate && blocks.images.length < 40)
      image(rng, source, date, title, blocks)
    else {
      const remaining = targetChars - length
      const target = Math.max(
        20,
        Math.min(remaining, Math.round(40 + rng.next() * rng.next() * 420)),
      )
      paragraphBlock(rng, vocab, prose, source, blocks, target, first)
      first = false
    }
    for (; counted < blocks.lines.length; counted++)
      length += (blocks.lines[counted]?.length ?? 0) + 1
  }
  return {
    html: blocks.html.join('') + ENDINGS[source.style],
    text: blocks.lines
      .map((l) => l.trim())
      .filter((l) => l.length > 0)
      .join('\n'),
    images: blocks.images,
  }
}
