/**
 * The PDF shows days as the list does, in the archive's time zone: an article published at 23:30
 * UTC on 30 June is on 1 July in Shanghai, in its meta line, the contents, the running header's
 * range and a per-article file's header.
 */
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir, removeDir } from '../../support/tempDir'
import { fakePrinter, fakeService, fakeSource } from './exportHarness'

describe("export dates in the archive's time zone", () => {
  let archive = ''
  let out = ''
  beforeEach(async () => {
    archive = await makeTempDir('archive-browser-export-zone-archive-')
    out = await makeTempDir('archive-browser-export-zone-out-')
  })
  afterEach(async () => {
    await Promise.all([removeDir(archive), removeDir(out)])
  })

  const articles = [
    { id: 'a/late.md', title: 'Late', date: '2021-06-30T23:30:00.000Z' },
    { id: 'a/early.md', title: 'Early', date: '2021-06-28T02:00:00.000Z' },
  ]

  async function printed(timeZone: string | undefined, perArticle = false): Promise<string> {
    const source = fakeSource(archive, articles)
    if (timeZone !== undefined) source.timeZone = () => timeZone
    const printer = fakePrinter()
    await fakeService(source, { printer }).exportPdf({
      ids: articles.map((a) => a.id),
      destination: perArticle ? path.join(out, 'each') : path.join(out, 'book.pdf'),
      perArticle,
    })
    return [...printer.html, ...printer.jobs.map((job) => job.headerTemplate ?? '')].join('\n')
  }

  it('prints Shanghai days for an archive read in Shanghai', async () => {
    const book = await printed('Asia/Shanghai')
    expect(book).toContain('2021-07-01')
    expect(book).toContain('2021-06-28 – 2021-07-01')
    expect(book).not.toContain('2021-06-30')
    expect(await printed('Asia/Shanghai', true)).toContain('2021-07-01')
  })

  it('and UTC days without a zone', async () => {
    const book = await printed(undefined)
    expect(book).toContain('2021-06-30')
    expect(book).not.toContain('2021-07-01')
  })
})
