/**
 * A head start for a cold index: the articles the library's first scan has just parsed go
 * to the search worker while the list fills, so a search answers from the first second of a
 * cold open instead of after the whole list (≈ 11 s at 100k articles on 2 cores), and those
 * files are not read and parsed a second time by the index's own build.
 *
 * It is a head start, not the whole build: the first HEAD_START articles only. Measured at 10k
 * and 100k articles on 2 cores, feeding the whole scan made the list take twice as long (the
 * index's thread took a core from the two parse workers) and the index complete no sooner
 * (indexing, not parsing, is most of a build). The head start costs the list ~1-2 s of one
 * core and gives searches their first results within ~2 s of opening. The worker indexes
 * slower than the scan parses, so the feed never queues: one batch is in the worker at a time,
 * the next gathers meanwhile up to a cap, and what passes the cap is left out. The catalog the worker keeps (fileCatalog.ts)
 * records exactly what it indexed, so the sync after the list reads just the files left out.
 * The feed is only for an index that was not restored: a restored one is brought up to date
 * by that sync from its catalog (re-adding scanned articles would redo its work).
 */
import type { ScannedArticle } from '../../../shared/types/article'
import { createLogger } from '../log'
import type { FiledArticle } from './workerProtocol'

const log = createLogger('search')

/** Articles sent in one message to the worker. */
const BATCH = 250
/** Articles kept while a batch is in the worker; more are left for the sync. */
const MAX_WAITING = 1000
/** Articles taken in all; the rest of the scan is left for the sync. */
const HEAD_START = 2000

export interface ScanFeedOptions {
  /** Indexes a batch in the worker; resolves with the index's size. */
  send(articles: FiledArticle[]): Promise<{ size: number }>
  toFiled(article: ScannedArticle): FiledArticle
  /** After each batch: the index's size (for the progress bar). */
  onIndexed(size: number): void
}

export class ScanFeed {
  /** Pending until the open says whether the index was restored. */
  private state: 'pending' | 'feeding' | 'off' = 'pending'
  private waiting: FiledArticle[] = []
  private inFlight: Promise<void> | null = null
  /** Articles the worker indexed through the feed. */
  fed = 0
  /** Articles left out (the worker was busy, or after the head start): the sync reads them. */
  skipped = 0
  /** Articles taken so far (fed, in the worker or waiting). */
  private taken = 0

  constructor(private readonly options: ScanFeedOptions) {}

  /** The open is known: feed a new or refused index, not a restored one. */
  opened(restored: boolean): void {
    if (this.state !== 'pending') return
    if (restored) return this.stop()
    this.state = 'feeding'
    this.pump()
  }

  /** Whether the next articles of the scan would be taken (so the scan keeps their text). */
  wantsText(): boolean {
    return this.state !== 'off' && this.waiting.length < MAX_WAITING && this.taken < HEAD_START
  }

  /** One article of the first scan, already in the library's catalog. */
  scanned(article: ScannedArticle): void {
    if (this.state === 'off') return
    // Read while the feed was full (no text carried), or really empty: the sync reads it.
    if (article.text === '' || this.waiting.length >= MAX_WAITING || this.taken >= HEAD_START) {
      this.skipped++
      return
    }
    this.taken++
    this.waiting.push(this.options.toFiled(article))
    if (this.waiting.length >= BATCH || this.taken >= HEAD_START) this.pump()
  }

  /**
   * The scan is complete (or the archive closes): send what waits and stop taking articles.
   * Resolves when the worker has indexed everything fed, so a sync started after it sees them
   * in its catalog.
   */
  async finish(): Promise<void> {
    if (this.state === 'pending') this.waiting = []
    const wasFeeding = this.state === 'feeding'
    this.state = 'off'
    await this.inFlight
    if (wasFeeding && this.waiting.length > 0) await this.sendWaiting()
    this.waiting = []
    if (this.fed + this.skipped > 0)
      log.info(`fed ${this.fed} scanned articles to the index, ${this.skipped} left for its sync`)
  }

  stop(): void {
    this.state = 'off'
    this.waiting = []
  }

  private pump(): void {
    if (this.state !== 'feeding' || this.inFlight || this.waiting.length === 0) return
    this.inFlight = this.sendWaiting().finally(() => {
      this.inFlight = null
      // What gathered meanwhile goes now if a batch is full (or the head start is complete);
      // the rest at the next article.
      if (this.waiting.length >= BATCH || this.taken >= HEAD_START) this.pump()
    })
  }

  private async sendWaiting(): Promise<void> {
    const batch = this.waiting
    this.waiting = []
    try {
      const { size } = await this.options.send(batch)
      this.fed += batch.length
      this.options.onIndexed(size)
    } catch (error) {
      // The sync after the scan reads whatever did not arrive.
      this.skipped += batch.length
      log.warn('feeding scanned articles to the index failed', error)
    }
  }
}
