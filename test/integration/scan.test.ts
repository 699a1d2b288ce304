/** The scanner end to end: worker threads give exactly what the in-thread reader gives. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ScannedArticle } from '../../src/shared/types/article'
import { scanArchive } from '../../src/main/core/archive/scan'
import { writeArchive } from '../support/generator'
import { makeTempDir, removeDir } from '../support/tempDir'

async function scanAll(
  root: string,
  workers: number,
  withText = true,
): Promise<{ articles: ScannedArticle[]; listed: number }> {
  const articles: ScannedArticle[] = []
  let listed = -1
  for await (const article of scanArchive(root, {
    workers,
    withText,
    timeZone: 'UTC',
    onListed: (n) => (listed = n),
  })) {
    articles.push(article)
  }
  articles.sort((a, b) => (a.id < b.id ? -1 : 1))
  return { articles, listed }
}

describe('scanArchive', () => {
  let root: string
  beforeAll(async () => {
    root = await makeTempDir()
    // Above the pool threshold, so the worker path really runs.
    await writeArchive(root, 2500, 7)
  })
  afterAll(async () => {
    await removeDir(root)
  })

  it('parses the same articles on worker threads as on the main thread', async () => {
    const inline = await scanAll(root, 0)
    const pooled = await scanAll(root, 2)
    expect(inline.articles).toHaveLength(2500)
    expect(pooled.listed).toBe(2500)
    expect(pooled.articles).toEqual(inline.articles)
    expect(inline.articles.every((a) => a.text.length > 0 && a.hash.length === 40)).toBe(true)
  })

  it('gives summaries only, on either path, when asked for no text', async () => {
    const full = await scanAll(root, 0)
    for (const workers of [0, 2]) {
      const bare = await scanAll(root, workers, false)
      expect(bare.articles.every((a) => a.text === '')).toBe(true)
      expect(bare.articles).toEqual(full.articles.map((a) => ({ ...a, text: '' })))
    }
  })

  it('stops early without error when the consumer leaves the loop', async () => {
    let seen = 0
    for await (const _article of scanArchive(root, { workers: 2 })) {
      if (++seen === 10) break
    }
    expect(seen).toBe(10)
  })

  it('stops when the signal aborts', async () => {
    const controller = new AbortController()
    let seen = 0
    for await (const _article of scanArchive(root, { signal: controller.signal, workers: 2 })) {
      if (++seen === 50) controller.abort()
    }
    expect(seen).toBeLessThan(2500)
  })
})
