/**
 * The page shows dates in the zone the engine counts the archive's days in, not the browser's:
 * in serve mode they differ when the page is read from another machine. The browser is in
 * UTC+14; the archive is read in Asia/Shanghai (the setting) or in the engine's machine's zone
 * (no setting). An article published at 23:30 UTC on 30 June is on 1 July in Shanghai: in the
 * list, in the reader, and for `date:2021-07-01`.
 */
import { expect, test } from '@playwright/test'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { openArchive, row, status } from '../support/livePage'
import { startServedEngine, type ServedEngine } from '../support/servedEngine'

const root = path.resolve(__dirname, '..', '..')
const rendererDir = path.join(root, 'out', 'renderer')
const built = existsSync(path.join(rendererDir, 'index.html'))

const FOLDER = 'source/_posts/新媒体/测试源/频道'

let archive: string
let engine: ServedEngine

// The browser far from the engine's machine (UTC+14): its own days are not the archive's.
const BROWSER_ZONE = 'Pacific/Kiritimati'
test.use({ timezoneId: BROWSER_ZONE, locale: 'en-GB' })

/** The day of `iso` as the list shows it, in `timeZone`. */
const dayIn = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso))

test.describe("dates in the archive's time zone", () => {
  test.skip(!built, 'out/renderer is not built: run `npm run build` first')

  test.beforeEach(async () => {
    archive = await makeTempDir('archive-browser-zone-page-')
    await writeTree(archive, {
      [`${FOLDER}/深夜.md`]: articleText({
        title: '深夜',
        date: 'Wed, 30 Jun 2021 23:30:00 GMT',
        body: '<p>时区的文章</p>',
      }),
      [`${FOLDER}/早些.md`]: articleText({
        title: '早些',
        date: 'Tue, 29 Jun 2021 08:00:00 GMT',
        body: '<p>时区的文章</p>',
      }),
    })
    engine = await startServedEngine(rendererDir)
  })
  test.afterEach(async () => {
    await engine.close()
    await removeDir(archive)
  })

  test('list, reader and date: agree on the day, whatever zone the browser is in', async ({
    page,
  }) => {
    await engine.core.updateSettings({ timeZone: 'Asia/Shanghai' })
    await openArchive(page, engine, archive, 2)
    await expect(row(page, '深夜').locator('.row-date')).toHaveText('01/07/2021')
    await row(page, '深夜').click()
    await expect(page.locator('.article-meta')).toContainText('01/07/2021, 07:30')

    await page.getByLabel('Search articles').fill('时区 date:2021-07-01')
    await expect(status(page, /^1 result$/)).toBeVisible()
    await expect(row(page, '深夜')).toBeVisible()
    await page.getByLabel('Search articles').fill('时区 date:2021-06-30')
    await expect(status(page, /^0 results$/)).toBeVisible()
  })

  test("without a setting, the engine's machine's zone, not the browser's", async ({ page }) => {
    await engine.core.updateSettings({ timeZone: null })
    await openArchive(page, engine, archive, 2)
    const zone = (await engine.core.getArchiveInfo())?.timeZone ?? ''
    test.skip(dayIn('2021-06-30T23:30:00Z', zone) === dayIn('2021-06-30T23:30:00Z', BROWSER_ZONE))
    await expect(row(page, '深夜').locator('.row-date')).toHaveText(
      dayIn('2021-06-30T23:30:00Z', zone),
    )
  })
})
