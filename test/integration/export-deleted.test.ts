/**
 * Articles deleted or moved while an export runs, through the real engine and Chromium. Two
 * timings: the library still lists the file (the watcher has not caught up, or there is none)
 * and reading it finds it gone; or the library no longer lists it. Either way the article is
 * left out and reported, and the cover, contents and bookmarks agree with what was printed; a
 * move the library saw is followed. Skips (saying why) when Chromium or the PDF tools are missing.
 */
import { readdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import { createSearchService } from '../../src/main/core/search/searchService'
import { createPlaywrightPrinter, findChromium } from '../../src/main/core/export/playwrightPrinter'
import type { PdfPrinter } from '../../src/main/core/export/printer'
import type { ArchiveEvent } from '../../src/shared/contract/events'
import {
  internalLinkCount,
  missingPdfTools,
  pdfCheckStatus,
  pdfOutline,
  pdfPageText,
  pdfText,
} from '../support/pdfTools'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

const missing = [...(findChromium() ? [] : ['Chromium']), ...missingPdfTools()]
if (missing.length > 0)
  process.stdout.write(`export deletion tests skipped: ${missing.join(', ')} not installed\n`)

const FOLDER = 'source/_posts/新媒体/测试源/频道'
const ARTICLES = [
  { id: `${FOLDER}/第一篇.md`, title: '第一篇文章', date: '2021-06-01 09:00:00' },
  { id: `${FOLDER}/第二篇.md`, title: '第二篇文章', date: '2021-06-02 09:00:00' },
  { id: `${FOLDER}/第三篇.md`, title: '第三篇文章', date: '2021-06-03 09:00:00' },
]
const IDS = ARTICLES.map((a) => a.id)
const LAST = ARTICLES[2] as (typeof ARTICLES)[number]

describe.skipIf(missing.length > 0)('export while articles are deleted or moved', () => {
  let archive = ''
  let dataDir = ''
  let out = ''
  let core: Core
  const events: ArchiveEvent[] = []

  /**
   * An engine over the three articles, printing one article per print job; `before(n)` runs
   * before print job n (1-based) — job 1 prints the first article, before the last is read.
   */
  async function start(watch: boolean, before: (n: number) => Promise<void>): Promise<void> {
    archive = await makeTempDir('archive-browser-export-gone-')
    dataDir = await makeTempDir('archive-browser-export-gone-data-')
    out = await makeTempDir('archive-browser-export-gone-out-')
    await writeTree(
      archive,
      Object.fromEntries(
        ARTICLES.map((a) => [
          a.id,
          articleText({ title: a.title, date: a.date, body: `<p>${a.title}的正文。</p>` }),
        ]),
      ),
    )
    const chromium = createPlaywrightPrinter()
    let jobs = 0
    const printer: PdfPrinter = {
      async print(job, signal) {
        await before(++jobs)
        await chromium.print(job, signal)
      },
      close: () => chromium.close(),
    }
    events.length = 0
    core = await createCore(
      {
        dataDir,
        pdfPrinter: printer,
        images: { offline: true, background: false },
        ...(watch ? { watch: true, watchStart: 'load' as const } : { watch: false }),
      },
      { createSearch: createSearchService, exportArticlesPerChunk: 1 },
    )
    core.subscribe((event) => events.push(event))
    await core.openArchive({ path: archive })
    await waitFor(async () => (await core.getArchiveInfo())?.status === 'ready', 'the scan')
  }

  afterEach(async () => {
    await core.dispose()
    await Promise.all([removeDir(archive), removeDir(dataDir), removeDir(out)])
  })

  const removedEvent = (id: string) =>
    waitFor(
      () => events.some((e) => e.type === 'articles-changed' && e.removed.includes(id)),
      `the watcher's removal of ${id}`,
    )

  /** The book holds the first two articles only: cover, contents, bookmarks and pages agree. */
  function expectTwoOfThree(file: string) {
    expect(pdfCheckStatus(file)).toBe(0)
    expect(pdfOutline(file).map((o) => o.title)).toEqual(['第一篇文章', '第二篇文章'])
    const cover = pdfPageText(file, 1)
    // The count is drawn from a Latin font (Latin first in the print stack): pdftotext may put
    // it on a line of its own.
    expect(cover.replace(/\s+/g, ' ')).toContain('2 篇文章 · 2 articles')
    expect(cover).toContain('2021-06-01 – 2021-06-02')
    const contents = pdfPageText(file, 2)
    expect(contents).toContain('目录')
    expect(contents).toContain('第二篇文章')
    expect(contents).not.toContain('第三篇')
    expect(internalLinkCount(file)).toBe(2)
    const text = pdfText(file)
    // No page headed by the file name, and the articles come after the contents, in order.
    expect(text).not.toContain('第三篇')
    expect(text.indexOf('第一篇文章的正文')).toBeGreaterThan(text.indexOf('目录'))
    expect(text.indexOf('第二篇文章的正文')).toBeGreaterThan(text.indexOf('第一篇文章的正文'))
  }

  it('leaves out an article whose file is gone while the library still lists it', async () => {
    // No watcher: the catalog keeps listing the file; reading it finds nothing (FILE_VANISHED).
    await start(false, async (n) => {
      if (n === 1) await rm(path.join(archive, LAST.id))
    })
    const destination = path.join(out, 'book.pdf')
    const result = await core.exportPdf({ ids: IDS, destination })
    expect(result).toMatchObject({ articles: 2, skipped: [{ id: LAST.id, title: LAST.title }] })
    expect(await readdir(out)).toEqual(['book.pdf'])
    expectTwoOfThree(destination)
    const last = events.filter((e) => e.type === 'export-progress').at(-1)
    expect(last).toMatchObject({ done: true, printed: 2, skipped: 1, total: 3 })
  })

  it('leaves out an article the library no longer lists', async () => {
    await start(true, async (n) => {
      if (n !== 1) return
      await rm(path.join(archive, LAST.id))
      await removedEvent(LAST.id)
    })
    const destination = path.join(out, 'book.pdf')
    const result = await core.exportPdf({ ids: IDS, destination })
    expect(result.skipped).toEqual([{ id: LAST.id, title: LAST.title }])
    expectTwoOfThree(destination)
  })

  it('follows an article moved while exporting', async () => {
    const moved = `${FOLDER}/第三篇（改名）.md`
    await start(true, async (n) => {
      if (n !== 1) return
      await rename(path.join(archive, LAST.id), path.join(archive, moved))
      await removedEvent(LAST.id)
    })
    const destination = path.join(out, 'book.pdf')
    const result = await core.exportPdf({ ids: IDS, destination })
    expect(result).toMatchObject({ articles: 3, skipped: [] })
    expect(pdfOutline(destination).map((o) => o.title)).toEqual(ARTICLES.map((a) => a.title))
    expect(pdfText(destination)).toContain('第三篇文章的正文')
  })

  it('writes the other files of a per-article export, and fails clearly when all are gone', async () => {
    await start(false, async (n) => {
      if (n === 1) await rm(path.join(archive, LAST.id))
    })
    const folder = path.join(out, 'each')
    const result = await core.exportPdf({ ids: IDS, destination: folder, perArticle: true })
    expect(result.skipped).toEqual([{ id: LAST.id, title: LAST.title }])
    expect((await readdir(folder)).sort()).toEqual(['001-第一篇文章.pdf', '002-第二篇文章.pdf'])

    await rm(path.join(archive, (ARTICLES[1] as (typeof ARTICLES)[number]).id))
    await expect(
      core.exportPdf({ ids: IDS.slice(1), destination: path.join(out, 'none.pdf') }),
    ).rejects.toMatchObject({
      code: 'ARTICLE_NOT_FOUND',
      message: 'export: all 2 articles were deleted or moved while exporting; nothing was written.',
    })
    await expect(
      core.exportPdf({ ids: [LAST.id], destination: path.join(out, 'one.pdf') }),
    ).rejects.toMatchObject({
      message: 'export: “第三篇文章” was deleted or moved while exporting; nothing was written.',
    })
    expect((await readdir(out)).sort()).toEqual(['each'])
  })
})
