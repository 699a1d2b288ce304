/**
 * Worker thread that reads and parses article files for the scanner, so that
 * parsing uses the second core and never blocks the thread answering the UI.
 * Protocol (see parsePool.ts): the pool sends { root, options, ids, batch };
 * the worker answers { batch, articles } with ScannedArticles in the same order.
 */
import { parentPort } from 'node:worker_threads'
import type { ScannedArticle } from '../../../shared/types/article'
import type { ReadOptions } from './options'
import { readArticleSync } from './readArticle'
import { toScanned } from './parseArticle'

export interface ScanJob {
  batch: number
  root: string
  options: ReadOptions
  /** False: send summaries only (text ''), when the receiver keeps no text. */
  withText: boolean
  ids: string[]
}

export type ScanJobResult =
  | { batch: number; articles: ScannedArticle[] }
  /** A bug in the parser (it never fails for a file problem): the pool reads the batch itself. */
  | { batch: number; error: string }

const port = parentPort
if (port) {
  port.on('message', (job: ScanJob) => {
    // Synchronous reads: this thread exists to block on them, and they cost far less than
    // four thread-pool round trips per file.
    let result: ScanJobResult
    try {
      result = {
        batch: job.batch,
        articles: job.ids.map((id) =>
          toScanned(readArticleSync(job.root, id, job.options), job.withText),
        ),
      }
    } catch (error) {
      result = { batch: job.batch, error: String(error) }
    }
    port.postMessage(result)
  })
}
