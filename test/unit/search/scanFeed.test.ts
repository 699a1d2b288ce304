/**
 * ScanFeed: a cold index takes the first scan's articles while it keeps up, one batch in the
 * worker at a time; what comes while it is full, articles without text, and everything for a
 * restored index are left for the sync; finish() sends what waits and waits for the worker.
 */
import { describe, expect, it } from 'vitest'
import type { ScannedArticle } from '../../../src/shared/types/article'
import { ScanFeed } from '../../../src/main/core/search/scanFeed'
import type { FiledArticle } from '../../../src/main/core/search/workerProtocol'

const scanned = (i: number, text = `正文 ${i}`): ScannedArticle =>
  ({ id: `a${i}.md`, title: `t${i}`, text }) as unknown as ScannedArticle

/** A worker whose batches resolve only when the test says so. */
function slowWorker() {
  const batches: FiledArticle[][] = []
  const release: (() => void)[] = []
  let size = 0
  const send = (articles: FiledArticle[]): Promise<{ size: number }> =>
    new Promise((resolve) => {
      batches.push(articles)
      release.push(() => resolve({ size: (size += articles.length) }))
    })
  return { batches, release, send }
}

const toFiled = (a: ScannedArticle): FiledArticle => ({ ...a, file: [1, 2, 'h'] })
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('ScanFeed', () => {
  it('sends one batch at a time, leaves out what passes the cap, and finishes with the rest', async () => {
    const worker = slowWorker()
    const indexed: number[] = []
    const feed = new ScanFeed({ send: worker.send, toFiled, onIndexed: (n) => indexed.push(n) })
    expect(feed.wantsText()).toBe(true)
    for (let i = 0; i < 100; i++) feed.scanned(scanned(i))
    // Nothing leaves before the open says the index is new.
    expect(worker.batches.length).toBe(0)
    feed.opened(false)
    expect(worker.batches.map((b) => b.length)).toEqual([100])
    // While that batch is in the worker, 1,000 more are kept and the rest left out.
    for (let i = 100; i < 1300; i++) feed.scanned(scanned(i))
    expect(feed.wantsText()).toBe(false)
    expect(worker.batches.length).toBe(1)
    expect(feed.skipped).toBe(200)
    // An article read without its text is left to the sync too.
    worker.release.shift()?.()
    await tick()
    expect(worker.batches.map((b) => b.length)).toEqual([100, 1000])
    feed.scanned(scanned(2000, ''))
    expect(feed.skipped).toBe(201)
    feed.scanned(scanned(2001))
    const finished = feed.finish()
    await tick()
    worker.release.shift()?.()
    await tick()
    expect(worker.batches.map((b) => b.length)).toEqual([100, 1000, 1])
    worker.release.shift()?.()
    await finished
    expect(feed.fed).toBe(1101)
    expect(indexed).toEqual([100, 1100, 1101])
    // Finished: later articles are not taken.
    feed.scanned(scanned(3000))
    expect(worker.batches.length).toBe(3)
    expect(feed.wantsText()).toBe(false)
  })

  it('takes a head start of 2,000 articles and leaves the rest of the scan to the sync', async () => {
    const worker = slowWorker()
    const feed = new ScanFeed({ send: worker.send, toFiled, onIndexed: () => undefined })
    feed.opened(false)
    for (let i = 0; i < 5000; i++) {
      feed.scanned(scanned(i))
      // The worker keeps up: each batch is indexed before the next article.
      while (worker.release.length > 0) {
        worker.release.shift()?.()
        await tick()
      }
    }
    expect(feed.wantsText()).toBe(false)
    await feed.finish()
    expect(feed.fed).toBe(2000)
    expect(feed.skipped).toBe(3000)
    expect(worker.batches.flat().map((a) => a.id)).toEqual(
      Array.from({ length: 2000 }, (_, i) => `a${i}.md`),
    )
  })

  it('feeds nothing to a restored index', async () => {
    const worker = slowWorker()
    const feed = new ScanFeed({ send: worker.send, toFiled, onIndexed: () => undefined })
    for (let i = 0; i < 300; i++) feed.scanned(scanned(i))
    feed.opened(true)
    feed.scanned(scanned(301))
    await feed.finish()
    expect(worker.batches.length).toBe(0)
    expect(feed.fed).toBe(0)
    expect(feed.wantsText()).toBe(false)
  })
})
