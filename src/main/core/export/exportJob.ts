/**
 * One export, start to end: compose print documents (a book in chunks of articles, or one
 * document per article), print them with the PdfPrinter, merge, and only then rename the
 * finished files into place. Everything in between lives in a temp folder and in hidden
 * `.part` files beside the destination, removed on failure or cancel, so a stopped export
 * leaves nothing behind and a file it was to replace stays whole. Where it may write is
 * checked before and again just before the rename (exportDestination.ts). Memory stays bounded
 * by the chunk size: each chunk's HTML and PDF are deleted as soon as they are merged.
 *
 * An article whose file is deleted or moved while the export runs is left out and reported in
 * the result (`skipped`), never printed as an empty page: an archive being synced loses posts
 * all the time, and failing an hour-long export for one of them would make large exports of a
 * live archive impossible. So that the cover and contents agree with what was printed, a
 * book's cover and contents are printed after its articles and placed before them.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { ArticleView, ExportSkipped } from '../../../shared/contract/api'
import type { ArticleSummary } from '../../../shared/types/article'
import { wallClockIso } from '../archive/parse/zonedTime'
import { ApiError } from '../../../shared/errors'
import type { ImageFile } from '../coreTypes'
import { composeArticle, readIfPresent } from './composeArticle'
import {
  checkDestination,
  recheckDestination,
  removeCreatedFolders,
  type DestinationCheck,
  type ExportPlaces,
} from './exportDestination'
import type { ExportPlan } from './exportPlan'
import { articleFileName, partFileName } from './fileNames'
import { PdfAssembler, type PrintedChunk } from './pdfAssemble'
import { PdfWriteError } from './pdfWrite'
import {
  articleHtml,
  contentsHtml,
  coverHtml,
  dateRangeOf,
  dayText,
  headerFooter,
  noHeaderFooter,
  printDocumentHtml,
  rangeText,
  type ContentsEntry,
  type PrintArticle,
} from './printDocument'
import { PrintImages } from './printImages'
import type { PdfPrinter } from './printer'
import { destinationFailure, isSystemError, temporaryFailure } from './writeFailures'

export interface ExportSource {
  /** The archive's folder name: the default title. */
  archiveName(): string
  /** The archive's folder: exports never write inside it. */
  archiveRoot(): string
  /** The zone the archive's days are counted in (ArchiveInfo.timeZone); default UTC. */
  timeZone?(): string
  summary(id: string): ArticleSummary | undefined
  /** The article with its body (never marks it read). */
  article(id: string): Promise<ArticleView>
  imageFile(key: string): Promise<ImageFile | null>
}

export interface ExportProgress {
  composed: number
  printed: number
  /** Articles left out: deleted or moved while the export ran. */
  skipped: number
  pages: number
  total: number
}

export interface ExportJobOptions {
  plan: ExportPlan
  title: string | undefined
  source: ExportSource
  printer: PdfPrinter
  /** Which folders the export may write to. */
  places: ExportPlaces
  signal: AbortSignal
  onProgress(progress: ExportProgress): void
  /** Articles per print job of a book (bounds Chromium's memory). */
  articlesPerChunk: number
}

export interface ExportJobResult {
  files: string[]
  /** Articles printed. */
  articles: number
  pages: number
  bytes: number
  skipped: ExportSkipped[]
}

export async function runExportJob(options: ExportJobOptions): Promise<ExportJobResult> {
  const { plan, source, signal } = options
  const total = plan.ids.length
  const progress: ExportProgress = { composed: 0, printed: 0, skipped: 0, pages: 0, total }
  const checkCancelled = (): void => {
    if (signal.aborted) throw new ApiError('CANCELLED', 'export: cancelled; nothing was written.')
  }
  const summaries = plan.ids.map((id) => {
    const summary = source.summary(id)
    if (!summary) throw new ApiError('ARTICLE_NOT_FOUND', `export: no article "${id}".`)
    return summary
  })
  const outputs = plan.perArticle
    ? summaries.map((s, i) => path.join(plan.destination, articleFileName(i, total, s.title)))
    : [plan.destination]
  const destination: DestinationCheck = {
    folder: plan.perArticle ? plan.destination : path.dirname(plan.destination),
    create: plan.perArticle,
    outputs,
    overwrite: plan.overwrite,
    archiveRoot: source.archiveRoot(),
    places: options.places,
  }
  const createdFolder = await checkDestination(destination)

  const nonce = randomBytes(4).toString('hex')
  const parts = outputs.map((file, i) => path.join(path.dirname(file), partFileName(nonce, i)))
  const work = await mkdtemp(path.join(os.tmpdir(), 'archive-browser-export-')).catch(
    (error: unknown) => {
      throw isSystemError(error) ? temporaryFailure(error) : error
    },
  )
  const images = new PrintImages(work, (key) => source.imageFile(key))
  let printCount = 0
  // The assembler writing a .part file right now (closed before the file is removed on failure).
  let open: PdfAssembler | null = null

  const skipped: ExportSkipped[] = []
  /** Article `index` of the plan ready to print, or null when its file is gone (skipped). */
  // Pages show days as the list does, in the archive's zone: dates handed to the print
  // document are moved to that wall clock (it reads a day off an ISO string).
  const zone = source.timeZone?.() ?? 'UTC'
  const onWallClock = (s: { date: string | null; dateSource: ArticleSummary['dateSource'] }) => ({
    date: wallClockIso(s.date, zone),
    dateSource: s.dateSource,
  })
  const compose = async (index: number): Promise<PrintArticle | null> => {
    checkCancelled()
    const summary = summaries[index] as ArticleSummary
    const view = await readIfPresent((id) => source.article(id), summary.id)
    if (!view) {
      skipped.push({ id: summary.id, title: summary.title })
      progress.skipped++
      options.onProgress({ ...progress })
      return null
    }
    const article = await composeArticle(
      { ...view, date: wallClockIso(view.date, zone) },
      index,
      plan.includeImages ? images : null,
    )
    progress.composed++
    options.onProgress({ ...progress })
    return article
  }

  /** `header` null: no running header (the cover). */
  const print = async (
    title: string,
    html: string[],
    header: { left: string; right: string } | null,
  ): Promise<string> => {
    checkCancelled()
    const name = `print-${printCount++}`
    const htmlFile = path.join(work, `${name}.html`)
    const pdfFile = path.join(work, `${name}.pdf`)
    await writeFile(htmlFile, printDocumentHtml(title, html), 'utf8').catch((error: unknown) => {
      throw isSystemError(error) ? temporaryFailure(error) : error
    })
    await options.printer.print(
      {
        htmlFile,
        pdfFile,
        paper: plan.paper,
        marginsMm: plan.marginsMm,
        ...(header ? headerFooter(header.left, header.right, plan.marginsMm) : noHeaderFooter()),
      },
      signal,
    )
    checkCancelled()
    await rm(htmlFile, { force: true })
    return pdfFile
  }

  const merge = async (assembler: PdfAssembler, chunk: PrintedChunk): Promise<void> => {
    progress.pages += await assembler.add(chunk)
    await rm(chunk.pdfFile, { force: true })
    progress.printed += chunk.articles.length
    options.onProgress({ ...progress })
  }

  /** Which outputs were written (a per-article export skips the articles that are gone). */
  const written: number[] = []
  try {
    if (plan.perArticle) {
      for (let i = 0; i < total; i++) {
        const article = await compose(i)
        if (!article) continue
        const right = [article.source, dayText(article.date, article.dateSource)]
          .filter(Boolean)
          .join(' · ')
        const pdfFile = await print(article.title, [articleHtml(article)], {
          left: article.title,
          right,
        })
        const assembler = await PdfAssembler.create(parts[i] as string)
        open = assembler
        await merge(assembler, { pdfFile, articles: [{ index: i, title: article.title }] })
        checkCancelled()
        await assembler.finish({
          title: article.title,
          bottomMarginMm: plan.marginsMm.bottom,
        })
        open = null
        written.push(i)
      }
      if (written.length === 0) throw allGone(skipped)
    } else {
      const title = options.title?.trim() || source.archiveName()
      const header = { left: title, right: rangeText(dateRangeOf(summaries.map(onWallClock))) }
      const assembler = await PdfAssembler.create(parts[0] as string)
      open = assembler
      const contents: ContentsEntry[] = []
      for (let start = 0; start < total; start += options.articlesPerChunk) {
        const articles: PrintArticle[] = []
        for (let i = start; i < Math.min(total, start + options.articlesPerChunk); i++) {
          const article = await compose(i)
          if (article) articles.push(article)
        }
        if (articles.length === 0) continue
        const pdfFile = await print(title, articles.map(articleHtml), header)
        await merge(assembler, {
          pdfFile,
          articles: articles.map((a) => ({ index: a.index, title: a.title })),
        })
        contents.push(
          ...articles.map(({ index, title, source, date, dateSource }) => ({
            index,
            title,
            source,
            date,
            dateSource,
          })),
        )
      }
      if (contents.length === 0) throw allGone(skipped)
      // Printed now that the articles are, placed before them (`front`), in this order.
      if (plan.includeCover) {
        // A print job of its own: Chromium draws a job's header on every page, and a cover
        // carries no running header (nor, from the assembler, a page number).
        const cover = coverHtml({
          title,
          articles: contents.length,
          dateRange: dateRangeOf(contents),
          exportDate: (wallClockIso(new Date().toISOString(), zone) ?? '').slice(0, 10),
        })
        const pdfFile = await print(title, [cover], null)
        await merge(assembler, { pdfFile, articles: [], unnumbered: true, front: true })
      }
      if (plan.includeToc) {
        const pdfFile = await print(title, [contentsHtml(contents)], header)
        await merge(assembler, { pdfFile, articles: [], front: true })
      }
      checkCancelled()
      await assembler.finish({
        title,
        bottomMarginMm: plan.marginsMm.bottom,
      })
      written.push(0)
    }
    checkCancelled()
    // Checked again at the end: a file (or link) that appeared meanwhile is not replaced
    // without consent, nor a folder swapped for a link into the archive followed.
    const files = written.map((i) => outputs[i] as string)
    await recheckDestination({ ...destination, outputs: files })
    let bytes = 0
    for (const [done, i] of written.entries()) {
      try {
        bytes += (await stat(parts[i] as string)).size
        await rename(parts[i] as string, outputs[i] as string)
      } catch (error) {
        throw isSystemError(error)
          ? destinationFailure(error, plan.destination, destination.folder, done)
          : error
      }
    }
    return { files, articles: total - skipped.length, pages: progress.pages, bytes, skipped }
  } catch (error) {
    await open?.abandon()
    await Promise.all(parts.map((part) => rm(part, { force: true })))
    if (createdFolder !== undefined) await removeCreatedFolders(destination.folder, createdFolder)
    throw error instanceof PdfWriteError
      ? destinationFailure(error.cause, plan.destination, destination.folder)
      : error
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** Nothing left to print: said, rather than writing an empty PDF. */
function allGone(skipped: readonly ExportSkipped[]): ApiError {
  const only = skipped.length === 1 ? skipped[0] : undefined
  return new ApiError(
    'ARTICLE_NOT_FOUND',
    only
      ? `export: “${only.title}” was deleted or moved while exporting; nothing was written.`
      : `export: all ${skipped.length} articles were deleted or moved while exporting; nothing was written.`,
  )
}
