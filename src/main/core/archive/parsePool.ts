/**
 * A few worker threads that read and parse batches of article files
 * (scanWorker.ts). The scanner uses one for the length of a scan: parsing is the
 * costly part of opening an archive, and this puts it on the other core and off
 * the thread that answers the UI.
 */
import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import type { ScannedArticle } from '../../../shared/types/article'
import { createLogger } from '../log'
import { startWorker } from '../workers/workerEntry'
import type { ReadOptions } from './options'
import { readArticle } from './readArticle'
import { toScanned } from './parseArticle'
import type { ScanJob, ScanJobResult } from './scanWorker'

const log = createLogger('archive')

/** Workers for a scan: one per core, at most 4 (beyond that the disk, not the CPU, is the limit). */
export function defaultParseWorkers(): number {
  return Math.min(4, Math.max(1, availableParallelism()))
}

interface Pending {
  resolve: (articles: ScannedArticle[]) => void
  ids: string[]
  worker: Worker
}

export class ParsePool {
  private readonly workers: Worker[] = []
  private readonly load = new Map<Worker, number>()
  private readonly pending = new Map<number, Pending>()
  private nextBatch = 0
  private closed = false

  constructor(
    size: number,
    private readonly root: string,
    private readonly options: ReadOptions,
    /** Asked per batch: whether its articles keep their text. */
    private readonly withText: () => boolean = () => true,
  ) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker('scanWorker', 'archive/scanWorker.ts', {
        resourceLimits: { maxYoungGenerationSizeMb: 8 },
      })
      worker.on('message', (result: ScanJobResult) => this.onResult(worker, result))
      worker.on('error', (error) => this.onWorkerFailure(worker, error))
      this.workers.push(worker)
      this.load.set(worker, 0)
    }
  }

  /** Reads and parses `ids` on the least busy worker; never rejects (file problems are issues). */
  read(ids: string[]): Promise<ScannedArticle[]> {
    if (this.closed || this.workers.length === 0) return this.readHere(ids)
    const worker = this.workers.reduce((a, b) =>
      (this.load.get(a) ?? 0) <= (this.load.get(b) ?? 0) ? a : b,
    )
    const batch = this.nextBatch++
    this.load.set(worker, (this.load.get(worker) ?? 0) + 1)
    return new Promise((resolve) => {
      this.pending.set(batch, { resolve, ids, worker })
      const job: ScanJob = {
        batch,
        root: this.root,
        options: this.options,
        ids,
        withText: this.withText(),
      }
      worker.postMessage(job)
    })
  }

  async close(): Promise<void> {
    this.closed = true
    const workers = this.workers.splice(0)
    await Promise.all(workers.map((worker) => worker.terminate()))
    // Anything still pending is read here, so no caller waits forever.
    for (const [batch, job] of this.pending) {
      this.pending.delete(batch)
      void this.readHere(job.ids).then(job.resolve)
    }
  }

  private onResult(worker: Worker, result: ScanJobResult): void {
    this.load.set(worker, Math.max(0, (this.load.get(worker) ?? 1) - 1))
    const job = this.pending.get(result.batch)
    if (!job) return
    this.pending.delete(result.batch)
    if ('error' in result) {
      log.error('a parse worker failed on a batch; reading it on the main thread', result.error)
      void this.readHere(job.ids).then(job.resolve)
    } else {
      job.resolve(result.articles)
    }
  }

  private onWorkerFailure(worker: Worker, error: Error): void {
    log.error('a parse worker crashed; its batches are read on the main thread', error)
    const index = this.workers.indexOf(worker)
    if (index >= 0) this.workers.splice(index, 1)
    for (const [batch, job] of this.pending) {
      if (job.worker !== worker) continue
      this.pending.delete(batch)
      void this.readHere(job.ids).then(job.resolve)
    }
  }

  private async readHere(ids: string[]): Promise<ScannedArticle[]> {
    const articles = await Promise.all(ids.map((id) => readArticle(this.root, id, this.options)))
    const withText = this.withText()
    return articles.map((article) => toScanned(article, withText))
  }
}
