/**
 * A list page whose fetch failed is asked again by itself, after a pause that grows (1 s, 2 s,
 * 4 s…): the Electron app has no reconnect event that would bring a new version, so without it
 * a transient failure left the rows loading for good. Serve mode with the real engine; the
 * failures are made by the browser (Playwright's routing), so no event of any kind is sent.
 */
import { expect, test, type Page } from '@playwright/test'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { startServedEngine, type ServedEngine } from '../support/servedEngine'

const root = path.resolve(__dirname, '..', '..')
const rendererDir = path.join(root, 'out', 'renderer')
const built = existsSync(path.join(rendererDir, 'index.html'))

const FOLDER = 'source/_posts/新媒体/测试源/频道'
const ERROR = /^The list could not be loaded/

let archive: string
let engine: ServedEngine

async function openArchive(page: Page): Promise<void> {
  // The load's last events (the search index's progress) refetch the list: the spec waits until
  // indexing is done, and for the page's throttled refetch after it, so that no event mends what
  // the spec breaks.
  let off = () => {}
  const indexed = new Promise<void>((resolve) => {
    off = engine.core.subscribe((event) => {
      if (event.type === 'index-progress' && event.done && event.indexed === 3) resolve()
    })
  })
  await page.goto(engine.server.pageUrl)
  await page.getByLabel('Folder path').fill(archive)
  await page.locator('.open-form button[type=submit]').click()
  await expect(page.getByRole('status').filter({ hasText: /^3 articles$/ })).toBeVisible()
  await indexed
  off()
  await page.waitForTimeout(1000)
}

test.describe('a list page that failed is fetched again after a pause', () => {
  test.skip(!built, 'out/renderer is not built: run `npm run build` first')

  test.beforeEach(async () => {
    archive = await makeTempDir('archive-browser-list-retry-')
    await writeTree(archive, {
      [`${FOLDER}/甲.md`]: articleText({ title: '甲', date: 'Wed, 07 Jul 2021 08:00:00 GMT' }),
      [`${FOLDER}/乙.md`]: articleText({ title: '乙', date: 'Tue, 06 Jul 2021 08:00:00 GMT' }),
      [`${FOLDER}/丙.md`]: articleText({ title: '丙', date: 'Mon, 05 Jul 2021 08:00:00 GMT' }),
    })
    engine = await startServedEngine(rendererDir)
  })
  test.afterEach(async () => {
    await engine.close()
    await removeDir(archive)
  })

  test('two failures in a row, then the list loads, unhurried', async ({ page }) => {
    await openArchive(page)
    // The list sorted by title fails twice (as a dropped connection does), then answers.
    const times: number[] = []
    await page.route('**/api/listArticles', async (route) => {
      const arg = route.request().postDataJSON() as { sort?: string } | null
      if (arg?.sort !== 'title') return route.continue()
      times.push(Date.now())
      return times.length <= 2 ? route.abort('connectionrefused') : route.continue()
    })
    await page.getByLabel('Sort by').selectOption('title')
    await expect(page.getByText(ERROR)).toBeVisible()

    const byTitle = await engine.core.listArticles({ offset: 0, limit: 10, sort: 'title' })
    await expect(page.locator('.row-title-text')).toHaveText(
      byTitle.items.map((item) => item.title),
      { timeout: 10_000 },
    )
    await expect(page.getByText(ERROR)).toHaveCount(0)
    // Asked three times in all, the pauses growing: about 1 s, then about 2 s.
    expect(times).toHaveLength(3)
    const pauses = [times[1]! - times[0]!, times[2]! - times[1]!]
    expect(pauses[0]).toBeGreaterThanOrEqual(900)
    expect(pauses[1]).toBeGreaterThanOrEqual(1800)
  })
})
