/**
 * The export half of the contract: exportPdf runs one job (plan → compose → print → merge →
 * rename), cancelExport stops it. Progress goes out as export-progress events; the last event
 * of a job has done: true, with the error when it failed or was cancelled.
 */
import type { ExportRequest, ExportResult, JobRequest } from '../../../shared/contract/api'
import type { ArchiveEvent } from '../../../shared/contract/events'
import { toErrorShape } from '../../../shared/contract/result'
import { ApiError, type ApiErrorShape } from '../../../shared/errors'
import { createLogger } from '../log'
import type { ExportPlaces } from './exportDestination'
import { runExportJob, type ExportProgress, type ExportSource } from './exportJob'
import { planExport, type SelectionSource } from './exportPlan'
import type { PdfPrinter } from './printer'

const log = createLogger('export')

/** Measured with the export bench: Chromium's memory grows with the document it prints. */
export const DEFAULT_ARTICLES_PER_CHUNK = 50
const EARLY_CANCELS_KEPT = 100

export interface ExportServiceOptions {
  /** The open archive's articles; throws NO_ARCHIVE_OPEN when none is open. */
  source(): ExportSource & SelectionSource
  printer: PdfPrinter
  /** Which folders exports may write to (default 'anywhere'; never inside the archive). */
  places?: ExportPlaces
  emit(event: ArchiveEvent): void
  articlesPerChunk?: number
}

export class ExportService {
  private readonly jobs = new Map<string, AbortController>()
  /** Cancels that arrived before their job started (the caller chose the id). */
  private readonly earlyCancels = new Set<string>()
  private nextId = 1

  constructor(private readonly options: ExportServiceOptions) {}

  async exportPdf(request: ExportRequest): Promise<ExportResult> {
    const jobId = request.jobId ?? `export-${Date.now().toString(36)}-${this.nextId++}`
    if (this.jobs.has(jobId))
      throw new ApiError('INVALID_ARGUMENT', `export: a job "${jobId}" is already running.`)
    const controller = new AbortController()
    this.jobs.set(jobId, controller)
    if (this.earlyCancels.delete(jobId)) controller.abort()
    let last: ExportProgress = { composed: 0, printed: 0, skipped: 0, pages: 0, total: 0 }
    const emit = (progress: ExportProgress, done: boolean, error?: ApiErrorShape): void =>
      this.options.emit({
        type: 'export-progress',
        jobId,
        ...progress,
        done,
        ...(error ? { error } : {}),
      })
    try {
      const source = this.options.source()
      const plan = await planExport(request, source)
      last = { ...last, total: plan.ids.length }
      emit(last, false)
      const result = await runExportJob({
        plan,
        title: request.title,
        source,
        printer: this.options.printer,
        places: this.options.places ?? 'anywhere',
        signal: controller.signal,
        articlesPerChunk: this.options.articlesPerChunk ?? DEFAULT_ARTICLES_PER_CHUNK,
        onProgress: (progress) => {
          last = progress
          emit(progress, false)
        },
      })
      emit(last, true)
      log.info(
        `${jobId}: ${result.articles} articles, ${result.pages} pages, ${result.bytes} bytes` +
          (result.skipped.length > 0
            ? `; ${result.skipped.length} deleted or moved meanwhile, left out`
            : ''),
      )
      return { jobId, ...result }
    } catch (error) {
      const failure = controller.signal.aborted
        ? new ApiError('CANCELLED', 'export: cancelled; nothing was written.')
        : error instanceof ApiError
          ? error
          : new ApiError('INTERNAL', toErrorShape(error, 'export').message)
      if (failure.code === 'INTERNAL') log.error(`${jobId} failed`, error)
      emit(last, true, failure.toJSON())
      throw failure
    } finally {
      this.jobs.delete(jobId)
      if (this.jobs.size === 0)
        await this.options.printer
          .close()
          .catch((error: unknown) => log.warn('closing the printer failed', error))
    }
  }

  async cancelExport({ jobId }: JobRequest): Promise<void> {
    const job = this.jobs.get(jobId)
    if (job) {
      job.abort()
      return
    }
    this.earlyCancels.add(jobId)
    if (this.earlyCancels.size > EARLY_CANCELS_KEPT)
      this.earlyCancels.delete(this.earlyCancels.values().next().value as string)
  }

  async dispose(): Promise<void> {
    for (const job of this.jobs.values()) job.abort()
    await this.options.printer.close().catch(() => undefined)
  }
}
