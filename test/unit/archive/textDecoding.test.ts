import { describe, expect, it } from 'vitest'
import {
  decodeArticleBytes,
  hasNulByte,
  mostlyControls,
} from '../../../src/main/core/archive/parse/textDecoding'
import { parseArticle } from '../../../src/main/core/archive/parseArticle'
import { SHANGHAI } from './quirkFixtures'

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

/** '中文标题' in GB18030: a small table of known bytes (D6D0 CEC4 B1EA CCE2), so the test does not trust the decoder. */
const GB18030_TITLE = [0xd6, 0xd0, 0xce, 0xc4, 0xb1, 0xea, 0xcc, 0xe2]

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2)
  out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe])
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    out[2 + i * 2] = bigEndian ? code >> 8 : code & 0xff
    out[3 + i * 2] = bigEndian ? code & 0xff : code >> 8
  }
  return out
}

describe('decodeArticleBytes', () => {
  it('strips a UTF-8 BOM and turns CRLF and CR into LF', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a\r\nb\rc')])
    expect(decodeArticleBytes(bytes, false)).toEqual({
      kind: 'text',
      text: 'a\nb\nc',
      encoding: 'utf-8',
      fallbackNote: null,
    })
  })

  it('decodes UTF-16 LE and BE with a BOM', () => {
    expect(decodeArticleBytes(utf16('标题\r\nx', false), false)).toMatchObject({
      text: '标题\nx',
      encoding: 'utf-16le',
    })
    expect(decodeArticleBytes(utf16('标题', true), false)).toMatchObject({
      text: '标题',
      encoding: 'utf-16be',
    })
  })

  it('falls back to GB18030 for invalid UTF-8 and says so', () => {
    const bytes = new Uint8Array([...utf8('---\ntitle: '), ...GB18030_TITLE, ...utf8('\n---\n')])
    const decoded = decodeArticleBytes(bytes, false)
    expect(decoded).toMatchObject({
      kind: 'text',
      text: '---\ntitle: 中文标题\n---\n',
      encoding: 'gb18030',
    })
    expect(decoded.kind === 'text' && decoded.fallbackNote).toContain('GB18030')
  })

  it('does not fall back when the size limit cut a UTF-8 character in half', () => {
    const bytes = utf8('中文')
    expect(decodeArticleBytes(bytes.subarray(0, 4), true)).toMatchObject({
      text: '中',
      encoding: 'utf-8',
      fallbackNote: null,
    })
  })

  it('reports empty and binary input', () => {
    expect(decodeArticleBytes(new Uint8Array(), false)).toEqual({ kind: 'empty' })
    expect(
      decodeArticleBytes(
        new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
        false,
      ),
    ).toEqual({ kind: 'binary' })
  })
})

describe('binary detection', () => {
  it('accepts text with tabs, newlines and an occasional control character', () => {
    expect(hasNulByte(utf8('a\tb\nc\r\n\f中文'))).toBe(false)
    expect(mostlyControls('a\tb\nc\r\n\f\x1b[0m中文')).toBe(false)
    expect(mostlyControls('x'.repeat(100) + '\x01')).toBe(false)
    expect(mostlyControls('')).toBe(false)
  })

  it('rejects NUL bytes, mostly-control data and mostly-undecodable data', () => {
    expect(hasNulByte(new Uint8Array([0x41, 0x00, 0x42]))).toBe(true)
    expect(mostlyControls('\x02AA'.repeat(30))).toBe(true)
    expect(mostlyControls('\uFFFD\uFFFDA'.repeat(30))).toBe(true)
    // Control bytes without NUL, valid UTF-8: still binary.
    expect(
      decodeArticleBytes(
        new Uint8Array(Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 0x02 : 0x41))),
        false,
      ),
    ).toEqual({
      kind: 'binary',
    })
  })
})

describe('parseArticle with unusual bytes', () => {
  const parse = (bytes: Uint8Array, truncated = false, size = bytes.length) =>
    parseArticle(
      { id: 'legacy/旧文件.md', bytes, size, mtimeMs: Date.UTC(2020, 0, 1), truncated },
      SHANGHAI,
    )

  it('parses a GB18030 file with an ENCODING_FALLBACK issue', () => {
    const bytes = new Uint8Array([
      ...utf8('\n---\ntitle: '),
      ...GB18030_TITLE,
      ...utf8('\n---\n<p>'),
      ...GB18030_TITLE,
      ...utf8('</p>'),
    ])
    const article = parse(bytes)
    expect(article.title).toBe('中文标题')
    expect(article.text).toBe('中文标题')
    expect(article.encoding).toBe('gb18030')
    expect(article.issues.map((i) => i.code)).toEqual(['ENCODING_FALLBACK'])
  })

  it('parses UTF-16 with a BOM', () => {
    const article = parse(utf16('\r\n---\r\ntitle: 标题\r\n---\r\n<p>正文</p>', false))
    expect(article.title).toBe('标题')
    expect(article.text).toBe('正文')
    expect(article.encoding).toBe('utf-16le')
    expect(article.issues).toEqual([])
  })

  it('lists an empty file with FILE_EMPTY and a file-name title', () => {
    const article = parse(new Uint8Array())
    expect(article.issues.map((i) => i.code)).toEqual(['FILE_EMPTY'])
    expect(article.title).toBe('旧文件')
    expect(article.dateSource).toBe('mtime')
    expect(article.date).toBe('2020-01-01T00:00:00.000Z')
  })

  it('lists a binary file with FILE_BINARY and no text', () => {
    const article = parse(new Uint8Array([0x00, 0x01, 0x02, 0x03, ...utf8('<p>hidden</p>')]))
    expect(article.issues.map((i) => i.code)).toEqual(['FILE_BINARY'])
    expect(article.text).toBe('')
    expect(article.bodyHtml).toBe('')
    expect(article.title).toBe('旧文件')
  })

  it('flags a truncated file and still parses what was read', () => {
    const article = parse(utf8('---\ntitle: 大文件\n---\n<p>开头</p>'), true, 50_000_000)
    expect(article.issues.map((i) => i.code)).toEqual(['FILE_TOO_LARGE'])
    expect(article.issues[0]?.message).toContain('50000000')
    expect(article.size).toBe(50_000_000)
    expect(article.title).toBe('大文件')
  })
})
