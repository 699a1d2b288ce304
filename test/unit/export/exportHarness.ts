/**
 * The export service without Chromium, for unit tests: a fake printer (pdf-lib writes a one-page
 * PDF per print job and remembers the job) and a source of made-up articles, which tests can
 * delete while an export runs.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { PDFDocument } from 'pdf-lib'
import type { ArticleView } from '../../../src/shared/contract/api'
import type { ArticleSummary, DateSource } from '../../../src/shared/types/article'
import { ApiError } from '../../../src/shared/errors'
import type { ExportPlaces } from '../../../src/main/core/export/exportDestination'
import type { ExportSource } from '../../../src/main/core/export/exportJob'
import type { SelectionSource } from '../../../src/main/core/export/exportPlan'
import { ExportService } from '../../../src/main/core/export/exportService'
import type { PdfPrinter, PrintJob } from '../../../src/main/core/export/printer'

export type FakePrinter = PdfPrinter & { jobs: PrintJob[]; html: string[] }

/**
 * Writes a one-page PDF per job; fails on job number `failOn` (1-based) when set; `before`
 * runs before job `n` (1-based) is printed.
 */
export function fakePrinter(
  options: { failOn?: number; before?: (n: number) => Promise<void> | void } = {},
): FakePrinter {
  const jobs: PrintJob[] = []
  const html: string[] = []
  return {
    jobs,
    html,
    async print(job) {
      jobs.push(job)
      html.push(await readFile(job.htmlFile, 'utf8'))
      await options.before?.(jobs.length)
      if (jobs.length === options.failOn) throw new Error('the printer broke')
      const doc = await PDFDocument.create()
      doc.addPage([595, 842])
      await writeFile(job.pdfFile, await doc.save())
    },
    async close() {},
  }
}

export interface FakeArticle {
  id: string
  title: string
  date?: string | null
  dateSource?: DateSource
  source?: string | null
  author?: string | null
  body?: string
}

export type FakeSource = ExportSource & SelectionSource & { articles: Map<string, FakeArticle> }

export function fakeSource(archiveRoot: string, list: readonly FakeArticle[]): FakeSource {
  const articles = new Map(list.map((a) => [a.id, a]))
  const summaryOf = (a: FakeArticle): ArticleSummary =>
    ({
      id: a.id,
      title: a.title,
      date: a.date === undefined ? '2022-05-11T00:00:00.000Z' : a.date,
      dateSource: a.dateSource ?? 'front-matter',
      categories: [],
    }) as Partial<ArticleSummary> as ArticleSummary
  return {
    articles,
    archiveName: () => 'archive',
    archiveRoot: () => archiveRoot,
    summary: (id) => {
      const article = articles.get(id)
      return article ? summaryOf(article) : undefined
    },
    has: (id) => articles.has(id),
    article: async (id) => {
      const article = articles.get(id)
      if (!article) throw new ApiError('ARTICLE_NOT_FOUND', `library: no article "${id}".`)
      return {
        ...summaryOf(article),
        source: article.source === undefined ? '3DMGame' : article.source,
        author: article.author === undefined ? '3DMGame' : article.author,
        headimg: null,
        bodyHtml: article.body ?? '<p>body</p>',
        images: [],
        issues: [],
      } as Partial<ArticleView> as ArticleView
    },
    imageFile: async () => null,
    searchIds: async () => [...articles.keys()],
  }
}

export function fakeService(
  source: ExportSource & SelectionSource,
  options: { places?: ExportPlaces; printer?: PdfPrinter; articlesPerChunk?: number } = {},
): ExportService {
  return new ExportService({
    printer: options.printer ?? fakePrinter(),
    ...(options.places ? { places: options.places } : {}),
    emit: () => undefined,
    articlesPerChunk: options.articlesPerChunk ?? 1,
    source: () => source,
  })
}
