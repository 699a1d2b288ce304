/** The byte loop that decodes valid UTF-8 gives exactly what Buffer's decoder gives. */
import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { decodeValidUtf8 } from '../../../src/main/core/archive/parse/utf8'
import { decodeArticleBytes } from '../../../src/main/core/archive/parse/textDecoding'
import { mulberry32 } from '../../support/random'

/** A random code point from every UTF-8 length: ASCII, 2-byte, 3-byte (not surrogates), 4-byte. */
function randomCodePoint(random: () => number): number {
  const kind = Math.floor(random() * 4)
  if (kind === 0) return Math.floor(random() * 0x80)
  if (kind === 1) return 0x80 + Math.floor(random() * (0x800 - 0x80))
  if (kind === 2) {
    const cp = 0x800 + Math.floor(random() * (0x10000 - 0x800))
    return cp >= 0xd800 && cp <= 0xdfff ? 0x4e2d : cp
  }
  return 0x10000 + Math.floor(random() * (0x110000 - 0x10000))
}

describe('decodeValidUtf8', () => {
  it('equals Buffer’s decoder on every length of sequence, at the edges of each range', () => {
    const edges = [0, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x10ffff]
    const text = edges.map((cp) => String.fromCodePoint(cp)).join('') + '英特爾 AMD 𠀀'
    const bytes = Buffer.from(text, 'utf8')
    expect(decodeValidUtf8(bytes)).toBe(text)
    expect(decodeValidUtf8(bytes.subarray(0, 0))).toBe('')
  })

  it('equals Buffer’s decoder on random texts, small and larger than its kept buffer', () => {
    const random = mulberry32(3)
    for (const length of [1, 10, 1000, 100_000, 700_000]) {
      let text = ''
      for (let i = 0; i < length; i++) text += String.fromCodePoint(randomCodePoint(random))
      const bytes = Buffer.from(text, 'utf8')
      expect(decodeValidUtf8(bytes) === text, `length ${length}`).toBe(true)
    }
  })

  it('serves decodeArticleBytes: Chinese, ASCII and a BOM alike', () => {
    const chinese = '---\ntitle: 标题\n---\n<p>英特爾發布了新的處理器，性能提升 20%。𠀀</p>\r\n'
    const decoded = decodeArticleBytes(Buffer.from('\ufeff' + chinese, 'utf8'), false)
    expect(decoded).toMatchObject({ kind: 'text', text: chinese.replace('\r\n', '\n') })
    expect(decodeArticleBytes(Buffer.from('plain ascii\n', 'utf8'), false)).toMatchObject({
      kind: 'text',
      text: 'plain ascii\n',
    })
  })
})
