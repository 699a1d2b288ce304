/**
 * PDF export end to end: the engine composes, Playwright prints with the system Chromium,
 * pdf-lib merges; the PDFs are read back with poppler-utils and qpdf. Skips (with the reason
 * printed) only when Chromium or those tools are missing; .ci/run installs them.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chmod, mkdir, readdir, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import { createSearchService } from '../../src/main/core/search/searchService'
import { findChromium } from '../../src/main/core/export/playwrightPrinter'
import type { ArchiveEvent, ExportProgressEvent } from '../../src/shared/contract/events'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { waitFor } from '../support/waitFor'
import {
  missingPdfTools,
  internalLinkCount,
  pdfCheckStatus,
  pdfFontNames,
  pdfFonts,
  pdfImageCount,
  pdfInfo,
  pdfOutline,
  pdfPageText,
  pdfText,
  solidPng,
} from '../support/pdfTools'

const chromium = findChromium()
const missing = [...(chromium ? [] : ['Chromium']), ...missingPdfTools()]
if (missing.length > 0)
  process.stdout.write(`export tests skipped: ${missing.join(', ')} not installed\n`)

const ARTICLES = [
  {
    file: 'source/_posts/新媒体/观察者网/头条/芯片.md',
    title: '英特尔发布新一代芯片',
    date: '2021-06-01 09:00:00',
    body: '<p>英特尔今天发布了新一代人工智能芯片，性能提升明显。</p><p><img src="chip.png" alt="芯片"></p>',
  },
  {
    file: 'source/_posts/新媒体/IT 之家/资讯/手机.md',
    title: '新款手机今天开卖',
    date: '2021-06-02 10:00:00',
    body: '<h1>正文里的标题</h1><p>这款手机采用了全新的设计语言。</p><p><img src="phone.png"></p><table><tr><td>很长的表格单元格很长的表格单元格很长的表格单元格很长的表格单元格很长的表格单元格很长的表格单元格</td></tr></table>',
  },
  {
    file: 'source/_posts/游戏/3DMGame/新闻/游戏.md',
    title: '暑期游戏新作盘点',
    date: '2021-06-03 11:00:00',
    body: '<p>今年暑期有多款游戏新作值得期待。</p><pre><code>const veryLongLine = "这一行代码非常非常长，应该在打印时自动换行而不是被截断。这一行代码非常非常长，应该在打印时自动换行而不是被截断。"</code></pre>',
  },
]
const SENTENCES = ['人工智能芯片', '全新的设计语言', '多款游戏新作']

describe.skipIf(missing.length > 0)('PDF export', () => {
  let archive: string
  let dataDir: string
  let out: string
  let core: Core
  let events: ArchiveEvent[]
  let server: Server
  let serverUrl = ''
  const requests: string[] = []

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '')
      res.writeHead(200, { 'content-type': 'image/png' })
      res.end(solidPng(4, 4, [0, 0, 0]))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  async function start(chunk?: number, files: Record<string, string | Uint8Array> = {}) {
    archive = await makeTempDir('archive-browser-export-src-')
    dataDir = await makeTempDir('archive-browser-export-data-')
    out = await makeTempDir('archive-browser-export-out-')
    await writeTree(archive, {
      ...Object.fromEntries(
        ARTICLES.map((a) => [
          a.file,
          articleText({
            title: a.title,
            date: a.date,
            categories: a.file.split('/').slice(2, 5),
            body: a.body,
          }),
        ]),
      ),
      'source/_posts/新媒体/观察者网/头条/chip.png': solidPng(120, 80, [200, 30, 30]),
      'source/_posts/新媒体/IT 之家/资讯/phone.png': solidPng(90, 120, [30, 30, 200]),
      ...files,
    })
    events = []
    core = await createCore(
      { dataDir, watch: false, images: { offline: true, background: false } },
      { createSearch: createSearchService, ...(chunk ? { exportArticlesPerChunk: chunk } : {}) },
    )
    core.subscribe((event) => events.push(event))
    await core.openArchive({ path: archive })
    await waitFor(async () => (await core.getArchiveInfo())?.status === 'ready', 'the scan')
  }

  const ids = () => ARTICLES.map((a) => a.file)

  afterEach(async () => {
    await core.dispose()
    await Promise.all([removeDir(archive), removeDir(dataDir), removeDir(out)])
  })

  function expectBook(file: string, pagesAtLeast: number) {
    const text = pdfText(file)
    const positions = [...ARTICLES.map((a) => a.title), ...SENTENCES].map((t) =>
      text.lastIndexOf(t),
    )
    expect(positions.every((p) => p >= 0)).toBe(true)
    // Each title's last occurrence (the article, after the contents) comes before the next title.
    const titles = positions.slice(0, 3)
    expect([...titles].sort((a, b) => a - b)).toEqual(titles)
    const sentences = positions.slice(3)
    expect([...sentences].sort((a, b) => a - b)).toEqual(sentences)
    const outline = pdfOutline(file)
    expect(outline.map((o) => o.title)).toEqual(ARTICLES.map((a) => a.title))
    // Bookmarks point at ascending pages, each after the cover and contents.
    expect(outline.every((o, i) => o.page > (i === 0 ? 1 : (outline[i - 1]?.page ?? 0)))).toBe(true)
    expect(pdfCheckStatus(file)).toBe(0)
    const info = pdfInfo(file)
    expect(info.Tagged).toBe('yes')
    const pages = Number(info.Pages)
    expect(pages).toBeGreaterThanOrEqual(pagesAtLeast)
    expect(text).toMatch(new RegExp(`(^|\\s)${pages}\\s*/\\s*${pages}\\s`))
    // The cover (page 1) has no number; the next page is 2 of them all.
    expect(text).not.toMatch(new RegExp(`(^|\\s)1\\s*/\\s*${pages}\\s`))
    expect(text).toMatch(new RegExp(`(^|\\s)2\\s*/\\s*${pages}\\s`))
    // Every font pdffonts lists as Chromium's is embedded; their descriptors name a CJK font.
    expect(
      pdfFonts(file)
        .filter((f) => f.name !== 'Helvetica')
        .every((f) => f.embedded),
    ).toBe(true)
    expect(pdfFontNames(file).some((name) => /CJK|Han|WenQuanYi|Hei|Song|Ming/i.test(name))).toBe(
      true,
    )
    expect(pdfImageCount(file)).toBe(2)
    expect(text).not.toContain('正文里的标题\n\n英特尔') // body headings are not bookmarks
    return { text, pages }
  }

  it('exports three articles into one book: text, order, bookmarks, fonts, images', async () => {
    await start()
    const destination = path.join(out, '书.pdf')
    const result = await core.exportPdf({ ids: ids(), destination, title: '测试文集' })
    expect(result.files).toEqual([destination])
    expect(result.articles).toBe(3)
    const { text, pages } = expectBook(destination, 5)
    expect(result.pages).toBe(pages)
    expect(text).toContain('测试文集')
    expect(text).toContain('目录')
    expect(internalLinkCount(destination)).toBe(3) // the contents link to each article
    const last = events.filter((e): e is ExportProgressEvent => e.type === 'export-progress').at(-1)
    expect(last).toMatchObject({ done: true, composed: 3, printed: 3, total: 3, pages })
    expect(last?.error).toBeUndefined()
    expect(await readdir(out)).toEqual(['书.pdf'])
  })

  it('merges chunks printed separately and keeps one bookmark per article, tags and numbering', async () => {
    await start(1)
    const destination = path.join(out, 'chunks.pdf')
    await core.exportPdf({ ids: ids(), destination })
    expectBook(destination, 5)
    expect(internalLinkCount(destination)).toBe(3) // across chunks too
  })

  it('writes one PDF per article into a folder', async () => {
    await start()
    const folder = path.join(out, 'per-article')
    const result = await core.exportPdf({ ids: ids(), destination: folder, perArticle: true })
    expect(result.files).toHaveLength(3)
    expect((await readdir(folder)).sort()).toEqual(result.files.map((f) => path.basename(f)).sort())
    for (const [i, file] of result.files.entries()) {
      expect(pdfOutline(file).map((o) => o.title)).toEqual([ARTICLES[i]?.title])
      expect(pdfText(file)).toContain(SENTENCES[i])
    }
  })

  it('names per-article files from long Chinese titles, and writes a book with a long name', async () => {
    const long = `【比特币价格】${'比特币今日价格行情走势分析'.repeat(8)}加...`
    await start(undefined, {
      'source/_posts/新媒体/测试源/频道/长标题.md': articleText({ title: long }),
    })
    const id = 'source/_posts/新媒体/测试源/频道/长标题.md'
    const folder = path.join(out, 'long')
    const each = await core.exportPdf({
      ids: [id, ids()[0] ?? ''],
      destination: folder,
      perArticle: true,
    })
    const name = path.basename(each.files[0] ?? '')
    expect(name).toMatch(/^001-【比特币价格】比特币今日价格行情走势分析.*….pdf$/)
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(128)
    // The bookmark keeps the whole title; only the file name is cut.
    expect(pdfOutline(each.files[0] ?? '').map((o) => o.title)).toEqual([long])
    const book = path.join(out, `${'长'.repeat(76)}.pdf`)
    await core.exportPdf({ ids: [id], destination: book })
    expect(pdfCheckStatus(book)).toBe(0)
    expect((await readdir(out)).sort()).toEqual(['long', path.basename(book)].sort())
  })

  it('leaves nothing behind when cancelled', async () => {
    await start(1)
    const destination = path.join(out, 'cancelled.pdf')
    core.subscribe((event) => {
      if (event.type === 'export-progress' && event.printed === 1 && !event.done)
        void core.cancelExport({ jobId: 'job-cancel' })
    })
    await expect(
      core.exportPdf({ ids: ids(), destination, jobId: 'job-cancel' }),
    ).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(await readdir(out)).toEqual([])
    const last = events.filter((e): e is ExportProgressEvent => e.type === 'export-progress').at(-1)
    expect(last).toMatchObject({ done: true, error: { code: 'CANCELLED' } })
  })

  it('explains the mistakes a user can make', async () => {
    await start()
    const destination = path.join(out, 'x.pdf')
    await expect(core.exportPdf({ ids: [], destination })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('empty') as unknown,
    })
    await expect(core.exportPdf({ ids: ['no/such.md'], destination })).rejects.toMatchObject({
      code: 'ARTICLE_NOT_FOUND',
      message: expect.stringContaining('no/such.md') as unknown,
    })
    await expect(
      core.exportPdf({ ids: ids(), destination: path.join(out, 'missing-folder', 'x.pdf') }),
    ).rejects.toMatchObject({ code: 'DESTINATION_UNWRITABLE' })
    await expect(core.exportPdf({ ids: ids(), destination: 'relative.pdf' })).rejects.toMatchObject(
      { code: 'INVALID_ARGUMENT' },
    )
    await writeFile(destination, '%PDF-1.7 keep me')
    await expect(core.exportPdf({ ids: ids(), destination })).rejects.toMatchObject({
      code: 'DESTINATION_EXISTS',
    })
    expect((await stat(destination)).size).toBe('%PDF-1.7 keep me'.length)
    await expect(
      core.exportPdf({ ids: ids(), destination: path.join(archive, 'inside.pdf') }),
    ).rejects.toMatchObject({ code: 'DESTINATION_REFUSED' })
    await expect(
      core.exportPdf({ ids: ids(), destination: path.join(out, 'x.conf') }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    if (process.getuid?.() !== 0) {
      const locked = path.join(out, 'locked')
      await mkdir(locked)
      await chmod(locked, 0o500)
      await expect(
        core.exportPdf({ ids: ids(), destination: path.join(locked, 'x.pdf') }),
      ).rejects.toMatchObject({ code: 'DESTINATION_UNWRITABLE' })
    }
    const replaced = await core.exportPdf({ ids: ids().slice(0, 1), destination, overwrite: true })
    expect(replaced.files).toEqual([destination])
    expect(pdfText(destination)).toContain(SENTENCES[0])
  })

  it('keeps the running header and page number off the cover, and names a source once', async () => {
    await start(undefined, {
      'source/_posts/游戏/3DMGame/新闻/同名.md': articleText({
        title: '作者与来源同名',
        date: '2022-05-11 08:00:00',
        categories: ['游戏', '3DMGame', '新闻'],
      }).replace('author: 测试', 'author: 3DMGame'),
    })
    const destination = path.join(out, 'cover.pdf')
    await core.exportPdf({
      ids: ['source/_posts/游戏/3DMGame/新闻/同名.md', ...ids()],
      destination,
      title: '页眉测试文集',
    })
    const pages = Number(pdfInfo(destination).Pages)
    // The header repeats the title and the date range the cover shows once each.
    const count = (text: string, part: string) => text.split(part).length - 1
    const cover = pdfPageText(destination, 1)
    expect(count(cover, '页眉测试文集')).toBe(1)
    expect(count(cover, '2021-06-01 – ')).toBe(1)
    expect(cover).not.toMatch(/\d\s*\/\s*\d/)
    const contents = pdfPageText(destination, 2)
    expect(count(contents, '页眉测试文集')).toBe(1)
    expect(contents).toMatch(new RegExp(`2\\s*/\\s*${pages}`))
    const text = pdfText(destination)
    expect(text).toContain('3DMGame · 2022-05-')
    expect(text).not.toContain('3DMGame · 3DMGame')
  })

  it('marks inferred dates, and keeps them out of the date range', async () => {
    const undated = (title: string) => articleText({ title }).replace(/^date: .*\n/m, '') // no date in the front matter
    await start(undefined, {
      'source/_posts/新媒体/简书/推荐/2019-03-04-旧文.md': undated('文件名里的日期'),
      'source/_posts/新媒体/简书/推荐/新文.md': undated('修改时间的日期'),
    })
    const inferred = [
      'source/_posts/新媒体/简书/推荐/2019-03-04-旧文.md',
      'source/_posts/新媒体/简书/推荐/新文.md',
    ]
    const destination = path.join(out, 'dates.pdf')
    await core.exportPdf({ ids: [...ids(), ...inferred], destination, title: '日期' })
    const today = new Date().toISOString().slice(0, 10)
    // Cover and running header: the front matter's range only (not 2019, not today).
    const cover = pdfPageText(destination, 1)
    expect(cover).toContain('2021-06-01 – 2021-06-03')
    expect(cover).not.toContain('2019')
    const contents = pdfPageText(destination, 2)
    expect(contents).toContain('2021-06-01 – 2021-06-03')
    // The legend and the entry's mark (pdftotext places the ≈, drawn from a Latin font since
    // the Latin-first font stack, apart from the CJK text around it).
    expect(contents).toContain('日期为推断 · dates inferred')
    expect(contents).toMatch(/2019-03-04≈/)
    expect(contents.split('≈').length - 1).toBeGreaterThanOrEqual(3)
    const text = pdfText(destination)
    expect(text).toContain(
      '测试源 · 测试 · 2019-03-04≈（日期根据文件名推断 · date inferred from the file name）',
    )
    expect(text).toContain(`测试源 · 测试 · ${today}≈（日期根据文件修改时间推断`)
    expect(text).toContain('观察者网 · 测试 · 2021-06-01\n')

    // Only inferred dates: their range, marked.
    const only = path.join(out, 'only.pdf')
    await core.exportPdf({ ids: inferred, destination: only, title: '日期' })
    const onlyCover = pdfPageText(only, 1)
    expect(onlyCover).toContain(`2019-03-04 – ${today} ≈`)
    expect(onlyCover).toContain('（日期为推断 · dates inferred')
    // One PDF per article: its running header marks the date too.
    const each = await core.exportPdf({
      ids: inferred.slice(0, 1),
      destination: path.join(out, 'each'),
      perArticle: true,
    })
    expect(pdfText(each.files[0] ?? '')).toContain('测试源 · 2019-03-04≈')
  })

  it('exports the matches of a query', async () => {
    await start()
    await waitFor(() => events.some((e) => e.type === 'index-progress' && e.done), 'the index')
    const destination = path.join(out, 'query.pdf')
    const result = await core.exportPdf({ query: '手机', destination, includeCover: false })
    expect(result.articles).toBe(1)
    expect(pdfOutline(destination).map((o) => o.title)).toEqual(['新款手机今天开卖'])
  })

  it('prints a hostile article without running its script or loading anything remote', async () => {
    const hostile = [
      `<script>fetch("${serverUrl}/script")</script>`,
      `<img src="${serverUrl}/remote.png" alt="远程图片">`,
      `<img src="x" onerror="fetch('${serverUrl}/onerror')">`,
      `<link rel="stylesheet" href="${serverUrl}/style.css">`,
      `<style>@import url("${serverUrl}/import.css"); body { background: url("${serverUrl}/bg.png") }</style>`,
      `<div style="background-image:url('${serverUrl}/inline.png')">背景</div>`,
      `<iframe src="${serverUrl}/frame"></iframe>`,
      `<object data="${serverUrl}/object"></object>`,
      `<video poster="${serverUrl}/poster.png" src="${serverUrl}/video.mp4"></video>`,
      `<svg><image href="${serverUrl}/svg.png"/></svg>`,
      `<picture><source srcset="${serverUrl}/source.png"><img src="${serverUrl}/pic.png"></picture>`,
      `<a href="javascript:fetch('${serverUrl}/js')">链接</a>`,
      `<meta http-equiv="refresh" content="0;url=${serverUrl}/refresh">`,
      '<p>恶意文章的正文仍然打印。</p>',
    ].join('\n')
    await start(undefined, {
      'source/_posts/测试/恶意/文章.md': articleText({ title: '恶意文章', body: hostile }),
    })
    const destination = path.join(out, 'hostile.pdf')
    await core.exportPdf({ ids: ['source/_posts/测试/恶意/文章.md'], destination })
    const text = pdfText(destination)
    expect(text).toContain('恶意文章的正文仍然打印')
    expect(text).toContain('image not cached')
    expect(text).toContain('external video')
    expect(requests).toEqual([])
    expect(pdfImageCount(destination)).toBe(0)
  })
})
