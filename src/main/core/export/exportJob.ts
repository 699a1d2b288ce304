/**
 * One export, start to end: compose print documents (a book in chunks of articles, or one
 * document per article), print them with the PdfPrinter, merge, and only then rename the
 * finished files into place. Everything in between lives in a temp folder and in hidden
 * `.part` files beside the destination, removed on failure or cancel, so a stopped export
 * leaves nothing behind and a file it was to replace stays whole. Where it may write is
 * checked before and again just before the rename (exportDestination.ts). Memory stays bounded
 * by the chunk size: each chunk's HTML and PDF are deleted as soon as they are merged.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { ArticleView } from '../../../shared/contract/api'
import { sourceOfCategories } from '../../../shared/articleSource'
import type { ArticleSummary } from '../../../shared/types/article'
import { ApiError } from '../../../shared/errors'
import type { ImageFile } from '../coreTypes'
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
import {
  articleHtml,
  contentsHtml,
  coverHtml,
  dayOf,
  headerFooter,
  noHeaderFooter,
  printDocumentHtml,
  type PrintArticle,
} from './printDocument'
import { PrintImages } from './printImages'
import type { PdfPrinter } from './printer'
import { escapeAttr, escapeText, sanitizeForPrint } from './sanitizeForPrint'

export interface ExportSource {
  /** The archive's folder name: the default title. */
  archiveName(): string
  /** The archive's folder: exports never write inside it. */
  archiveRoot(): string
  summary(id: string): ArticleSummary | undefined
  /** The article with its body (never marks it read). */
  article(id: string): Promise<ArticleView>
  imageFile(key: string): Promise<ImageFile | null>
}

export interface ExportProgress {
  composed: number
  printed: number
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
  pages: number
  bytes: number
}

const LABELS = {
  imageMissing: '图片未缓存 · image not cached',
  externalVideo: (host: string) => `外部视频 · external video: ${host}`,
}

const articleDir = (id: string): string => {
  const slash = id.lastIndexOf('/')
  return slash < 0 ? '' : id.slice(0, slash)
}

export async function runExportJob(options: ExportJobOptions): Promise<ExportJobResult> {
  const { plan, source, signal } = options
  const total = plan.ids.length
  const progress: ExportProgress = { composed: 0, printed: 0, pages: 0, total }
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
  const work = await mkdtemp(path.join(os.tmpdir(), 'archive-browser-export-'))
  const images = new PrintImages(work, (key) => source.imageFile(key))
  let printCount = 0
  // The assembler writing a .part file right now (closed before the file is removed on failure).
  let open: PdfAssembler | null = null

  const compose = async (id: string, index: number): Promise<PrintArticle> => {
    checkCancelled()
    const view = await source.article(id)
    const urls = plan.includeImages ? await images.stage(view.images) : new Map<string, string>()
    const body = sanitizeForPrint(view.bodyHtml, {
      articleDir: articleDir(id),
      resolveImage: plan.includeImages ? (url) => urls.get(url) ?? null : null,
      labels: LABELS,
    })
    let headerHtml = ''
    if (plan.includeImages && view.headimg && !body.imageUrls.includes(view.headimg)) {
      const src = urls.get(view.headimg)
      headerHtml = src
        ? `<img src="${escapeAttr(src)}" alt="">`
        : `<span class="img-missing" role="img" aria-label="${escapeAttr(LABELS.imageMissing)}">${escapeText(LABELS.imageMissing)}</span>`
    }
    progress.composed++
    options.onProgress({ ...progress })
    return {
      index,
      // Never empty: an empty h1 gets no bookmark, which would shift every later bookmark.
      title: view.title.trim() || id,
      source: view.source,
      author: view.author,
      date: view.date,
      headerHtml,
      bodyHtml: body.html,
    }
  }

  /** `header` null: no running header (the cover). */
  const print = async (
    title: string,
    parts: string[],
    header: { left: string; right: string } | null,
  ): Promise<string> => {
    checkCancelled()
    const name = `print-${printCount++}`
    const htmlFile = path.join(work, `${name}.html`)
    const pdfFile = path.join(work, `${name}.pdf`)
    await writeFile(htmlFile, printDocumentHtml(title, parts), 'utf8')
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

  try {
    if (plan.perArticle) {
      for (const [i, id] of plan.ids.entries()) {
        const article = await compose(id, i)
        const right = [article.source, dayOf(article.date)].filter(Boolean).join(' · ')
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
      }
    } else {
      const title = options.title?.trim() || source.archiveName()
      const dateRange = dateRangeOf(summaries)
      const assembler = await PdfAssembler.create(parts[0] as string)
      open = assembler
      if (plan.includeCover) {
        // A print job of its own: Chromium draws a job's header on every page, and a cover
        // carries no running header (nor, from the assembler, a page number).
        const cover = coverHtml({
          title,
          articles: total,
          dateRange,
          exportDate: new Date().toISOString().slice(0, 10),
        })
        const pdfFile = await print(title, [cover], null)
        await merge(assembler, { pdfFile, articles: [], unnumbered: true })
      }
      for (let start = 0; start < total; start += options.articlesPerChunk) {
        const front: string[] = []
        if (start === 0 && plan.includeToc)
          front.push(
            contentsHtml(
              summaries.map((s, index) => ({
                index,
                title: s.title,
                source: sourceOf(s),
                date: s.date,
              })),
            ),
          )
        const ids = plan.ids.slice(start, start + options.articlesPerChunk)
        const articles: PrintArticle[] = []
        for (const [offset, id] of ids.entries()) articles.push(await compose(id, start + offset))
        const pdfFile = await print(title, [...front, ...articles.map(articleHtml)], {
          left: title,
          right: dateRange,
        })
        await merge(assembler, {
          pdfFile,
          articles: articles.map((a) => ({ index: a.index, title: a.title })),
        })
      }
      checkCancelled()
      await assembler.finish({
        title,
        bottomMarginMm: plan.marginsMm.bottom,
      })
    }
    checkCancelled()
    // Checked again at the end: a file (or link) that appeared meanwhile is not replaced
    // without consent, nor a folder swapped for a link into the archive followed.
    await recheckDestination(destination)
    let bytes = 0
    for (const [i, part] of parts.entries()) {
      bytes += (await stat(part)).size
      await rename(part, outputs[i] as string)
    }
    return { files: outputs, pages: progress.pages, bytes }
  } catch (error) {
    await open?.abandon()
    await Promise.all(parts.map((part) => rm(part, { force: true })))
    if (createdFolder !== undefined) await removeCreatedFolders(destination.folder, createdFolder)
    throw error
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

const sourceOf = (summary: ArticleSummary): string | null => sourceOfCategories(summary.categories)

function dateRangeOf(summaries: readonly ArticleSummary[]): string {
  const days = summaries
    .map((s) => dayOf(s.date))
    .filter((d) => d !== '')
    .sort()
  if (days.length === 0) return ''
  const first = days[0] as string
  const last = days[days.length - 1] as string
  return first === last ? first : `${first} – ${last}`
}
