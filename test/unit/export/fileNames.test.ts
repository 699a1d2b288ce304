/**
 * Export file names: per-article names cut by UTF-8 bytes between graphemes, cleaned of what
 * file systems refuse or hide, short part files; and whole exports with long Chinese titles and
 * a long (valid) book name, watching every name that appears in the destination folder.
 */
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  NAME_MAX_BYTES,
  TITLE_MAX_BYTES,
  articleFileName,
  checkNameLengths,
  cutToBytes,
  partFileName,
  utf8Bytes,
} from '../../../src/main/core/export/fileNames'
import { makeTempDir, removeDir } from '../../support/tempDir'
import { fakePrinter, fakeService, fakeSource } from './exportHarness'

/** A real archive's title: 120 characters, 334 UTF-8 bytes. */
const LONG_TITLE =
  '【 比特币价格 】比特币今日价格行情，比特币价格走势分析，比特币最新消息汇总，比特币挖矿收益计算，比特币钱包推荐，比特币交易所排行，比特币减半时间，比特币历史价格，比特币未来走势预测，比特币加...'

/** No lone surrogate (String.isWellFormed is ES2024, past this project's lib). */
const wellFormed = (text: string): boolean => !/\p{Cs}/u.test(text)

describe('per-article file names', () => {
  it('numbers files and keeps titles readable without path or reserved characters', () => {
    expect(articleFileName(0, 3, '芯片/产业: "观察"?')).toBe('001-芯片_产业_ _观察_.pdf')
    expect(articleFileName(41, 1200, '..隐藏')).toBe('0042-隐藏.pdf')
    expect(articleFileName(1, 3, '   ')).toBe('002.pdf')
    expect(articleFileName(1, 3, '...')).toBe('002.pdf')
  })

  it('trims trailing dots and spaces, collapses spaces and replacement characters', () => {
    // Real titles from the sample archive.
    expect(articleFileName(4, 35, '© . Anja Diabaté .')).toBe('005-© . Anja Diabaté.pdf')
    expect(articleFileName(0, 3, '价格上涨加...')).toBe('001-价格上涨加.pdf')
    expect(articleFileName(0, 3, 'a \ufffd\ufffd \ufffd  b\u3000\u3000c ')).toBe(
      '001-a \ufffd b c.pdf',
    )
    expect(articleFileName(0, 3, '\u202eevil\u202c\u0085x')).toBe('001-evil_x.pdf')
  })

  it('cuts long titles by UTF-8 bytes, marked with …', () => {
    const name = articleFileName(0, 35, LONG_TITLE)
    expect(name.startsWith('001-【 比特币价格 】比特币今日价格行情')).toBe(true)
    expect(name.endsWith('….pdf')).toBe(true)
    expect(utf8Bytes(name)).toBeLessThanOrEqual(4 + TITLE_MAX_BYTES + 4)
    // Even 200,000 articles and a title of nothing but 4-byte characters stay within bounds.
    const emoji = articleFileName(199_999, 200_000, '😀'.repeat(300))
    expect(utf8Bytes(emoji)).toBeLessThanOrEqual(143)
    expect(wellFormed(emoji)).toBe(true)
  })

  it('never cuts inside a surrogate pair or a combining sequence', () => {
    for (let max = 0; max < 40; max++) {
      const pairs = cutToBytes('a😀b😀c😀', max)
      expect(wellFormed(pairs)).toBe(true)
      expect(utf8Bytes(pairs)).toBeLessThanOrEqual(max)
      // e + U+0301, and a family emoji joined by ZWJ: each kept whole or not at all.
      const combined = cutToBytes('e\u0301e\u0301👨‍👩‍👧e\u0301', max)
      expect(combined).toMatch(/^(?:e\u0301|👨‍👩‍👧)*$/u)
      expect(utf8Bytes(combined)).toBeLessThanOrEqual(max)
    }
    expect(cutToBytes('e\u0301e\u0301', 4)).toBe('e\u0301') // 3 bytes each
  })

  it('gives part files short names of their own', () => {
    expect(utf8Bytes(partFileName('0a1b2c3d', 199_999))).toBeLessThan(60)
    expect(partFileName('0a1b2c3d', 2).startsWith('.')).toBe(true)
  })

  it('refuses a destination whose name is longer than file systems accept', () => {
    expect(() => checkNameLengths(path.join('/tmp', `${'长'.repeat(83)}.pdf`))).not.toThrow()
    expect(() => checkNameLengths(path.join('/tmp', `${'长'.repeat(84)}.pdf`))).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/256 bytes/) as unknown,
      }),
    )
    expect(() => checkNameLengths(path.join('/tmp', 'x'.repeat(300), 'a.pdf'))).toThrow(/300 bytes/)
  })
})

describe('exports with long names', () => {
  let archive = ''
  let out = ''
  beforeEach(async () => {
    archive = await makeTempDir('archive-browser-names-archive-')
    out = await makeTempDir('archive-browser-names-out-')
  })
  afterEach(async () => {
    await Promise.all([removeDir(archive), removeDir(out)])
  })

  /** Every name seen in `folder` while the printer runs, and at the end. */
  function watchingPrinter(folder: string) {
    const seen = new Set<string>()
    const look = async () => {
      for (const name of await readdir(folder).catch(() => [])) seen.add(name)
    }
    return { seen, look, printer: fakePrinter({ before: look }) }
  }

  it('writes one PDF per article whatever the length of the titles', async () => {
    const titles = [LONG_TITLE, '长'.repeat(200), `${'😀'.repeat(70)}e\u0301`, '短标题']
    const source = fakeSource(
      archive,
      titles.map((title, i) => ({ id: `a/${i}.md`, title })),
    )
    const folder = path.join(out, 'each')
    const { seen, look, printer } = watchingPrinter(folder)
    const result = await fakeService(source, { printer }).exportPdf({
      ids: [...source.articles.keys()],
      destination: folder,
      perArticle: true,
    })
    await look()
    expect(result.files).toHaveLength(4)
    expect((await readdir(folder)).sort()).toEqual(result.files.map((f) => path.basename(f)).sort())
    expect(seen.size).toBeGreaterThan(4) // the part files were seen too
    for (const name of seen) {
      expect(utf8Bytes(name)).toBeLessThanOrEqual(NAME_MAX_BYTES)
      expect(wellFormed(name)).toBe(true)
    }
    // Room to spare: under eCryptfs's 143 bytes too.
    for (const file of result.files) expect(utf8Bytes(path.basename(file))).toBeLessThanOrEqual(143)
    expect(result.files.map((f) => path.basename(f))).toContain('004-短标题.pdf')
  })

  it('writes a book whose own name is long but valid', async () => {
    const source = fakeSource(archive, [{ id: 'a/1.md', title: LONG_TITLE }])
    const destination = path.join(out, `${'长'.repeat(76)}.pdf`) // 232 bytes
    const { seen, look, printer } = watchingPrinter(out)
    const result = await fakeService(source, { printer }).exportPdf({
      ids: ['a/1.md'],
      destination,
    })
    await look()
    expect(result.files).toEqual([destination])
    expect(await readdir(out)).toEqual([path.basename(destination)])
    expect(seen.size).toBe(2) // the book and its part file
    for (const name of seen) expect(utf8Bytes(name)).toBeLessThanOrEqual(NAME_MAX_BYTES)
  })
})
