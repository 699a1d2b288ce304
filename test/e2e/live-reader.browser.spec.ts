/**
 * The open article follows its file while the archive is live: the real engine with its
 * watcher, serve mode, Chromium, files changed on disk while the page is open. An edit
 * re-renders the article in place (same scroll position, marks left alone); a rename keeps it
 * open under its new id; a deletion leaves its last version under a notice, with the mark
 * buttons off, and the deleted id leaves the selection.
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { existsSync } from 'node:fs'
import { rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { openArchive, row } from '../support/livePage'
import { startServedEngine, type ServedEngine } from '../support/servedEngine'

const root = path.resolve(__dirname, '..', '..')
const rendererDir = path.join(root, 'out', 'renderer')
const built = existsSync(path.join(rendererDir, 'index.html'))

const FOLDER = 'source/_posts/新媒体/测试源/频道'
const LONG = `${FOLDER}/长文.md`
const SHORT = `${FOLDER}/短文.md`
const OTHER = `${FOLDER}/其他.md`

/** Enough paragraphs for the reader to scroll. */
function longBody(word: string): string {
  return Array.from(
    { length: 80 },
    (_, i) => `<p>${word}第${i}段：这一段只是为了让文章足够长，阅读区可以滚动。</p>`,
  ).join('\n')
}

let archive: string
let engine: ServedEngine

test.describe('the open article follows its file (real engine, watcher on)', () => {
  test.skip(!built, 'out/renderer is not built: run `npm run build` first')

  test.beforeEach(async () => {
    archive = await makeTempDir('archive-browser-live-reader-')
    await writeTree(archive, {
      [LONG]: articleText({
        title: '长文',
        date: 'Tue, 06 Jul 2021 08:00:00 GMT',
        body: longBody('原文'),
      }),
      [SHORT]: articleText({ title: '短文', date: 'Mon, 05 Jul 2021 08:00:00 GMT' }),
      [OTHER]: articleText({ title: '其他', date: 'Sun, 04 Jul 2021 08:00:00 GMT' }),
    })
    engine = await startServedEngine(rendererDir, { watch: true })
  })
  test.afterEach(async () => {
    await engine.close()
    await removeDir(archive)
  })

  test('an edited article re-renders in place, keeping its scroll position and marks', async ({
    page,
  }) => {
    await openArchive(page, engine, archive, 3)
    await row(page, '长文').click()
    await expect(page.locator('.article-title')).toHaveText('长文')
    // Marked read on open; the user wants it kept unread, and an edit must not undo that.
    await page.getByRole('button', { name: 'Mark unread' }).click()
    await expect(page.getByRole('button', { name: 'Mark read' })).toBeVisible()
    const reader = page.locator('.reader')
    await reader.evaluate((el) => el.scrollTo({ top: 600 }))
    await expect.poll(() => reader.evaluate((el) => el.scrollTop)).toBe(600)

    await writeFile(
      path.join(archive, LONG),
      articleText({
        title: '长文（修订）',
        date: 'Tue, 06 Jul 2021 08:00:00 GMT',
        body: longBody('修订'),
      }),
    )
    await expect(page.locator('.article-title')).toHaveText('长文（修订）')
    await expect(page.locator('.article-body')).toContainText('修订第0段')
    await expect(page.locator('.article-body')).not.toContainText('原文')
    expect(await reader.evaluate((el) => el.scrollTop)).toBe(600)
    await expect(page.getByRole('button', { name: 'Mark read' })).toBeVisible()
    await expect(row(page, '长文（修订）')).toHaveClass(/row-unread/)

    // Another file's change is none of the reader's business: no reload.
    let reloads = 0
    page.on('request', (request) => {
      if (request.url().includes('/api/getArticle')) reloads++
    })
    await writeFile(
      path.join(archive, OTHER),
      articleText({ title: '其他（修订）', date: 'Sun, 04 Jul 2021 08:00:00 GMT' }),
    )
    await expect(row(page, '其他（修订）')).toBeVisible()
    expect(reloads).toBe(0)
  })

  test('a reload that fails keeps the last version under the error, and the marks stay', async ({
    page,
  }) => {
    await openArchive(page, engine, archive, 3)
    await row(page, '短文').click()
    await expect(page.locator('.article-title')).toHaveText('短文')
    // Marked read on open; the user wants it unread.
    await page.getByRole('button', { name: 'Mark unread' }).click()
    await expect(page.getByRole('button', { name: 'Mark read' })).toBeVisible()

    // The next reload (after an edit) fails, as a dropped connection does.
    let failNext = true
    await page.route('**/api/getArticle', (route) => {
      if (!failNext) return route.continue()
      failNext = false
      return route.abort('connectionrefused')
    })
    await writeFile(
      path.join(archive, SHORT),
      articleText({ title: '短文（一改）', date: 'Mon, 05 Jul 2021 08:00:00 GMT' }),
    )
    await expect(page.getByRole('alert')).toContainText('could not be loaded')
    await expect(page.locator('.article-title')).toHaveText('短文')
    await expect(page.getByRole('button', { name: 'Mark read' })).toBeVisible()

    // The next edit reloads fine: the new version, still unread.
    await writeFile(
      path.join(archive, SHORT),
      articleText({ title: '短文（二改）', date: 'Mon, 05 Jul 2021 08:00:00 GMT' }),
    )
    await expect(page.locator('.article-title')).toHaveText('短文（二改）')
    await expect(page.getByRole('alert')).toHaveCount(0)
    await expect(row(page, '短文（二改）')).toHaveClass(/row-unread/)
    // Marking it read again would come as a setMark: give it the time to.
    await page.waitForTimeout(500)
    await expect(page.getByRole('button', { name: 'Mark read' })).toBeVisible()
    await expect(row(page, '短文（二改）')).toHaveClass(/row-unread/)
    const listed = await engine.core.listArticles({ offset: 0, limit: 10, sort: 'title' })
    expect(listed.items.find((item) => item.title === '短文（二改）')?.read).toBe(false)
  })

  test('a renamed article stays open under its new name', async ({ page }) => {
    await openArchive(page, engine, archive, 3)
    await row(page, '短文').click()
    await expect(page.locator('.article-title')).toHaveText('短文')

    // The renamed file looks the same in the list (same title): wait for the list page that
    // lists it under its new id, so that what follows happens after the rename is known.
    const renamed = `${FOLDER}/短文（改名）.md`
    const listed = page.waitForResponse(
      async (response) =>
        response.url().includes('/api/listArticles') && (await response.text()).includes(renamed),
    )
    await rename(path.join(archive, SHORT), path.join(archive, renamed))
    await listed
    // The open row is the new file: the reader followed its id.
    await expect(row(page, '短文')).toHaveAttribute('aria-current', 'true')
    await expect(page.locator('.reader-notice')).toHaveCount(0)
    await expect(page.locator('.article-title')).toHaveText('短文')
    // Its marks are the new id's: favouriting works, and the row shows it.
    await page.locator('.article-actions button[aria-pressed]').click()
    await expect(page.locator('.article-actions button[aria-pressed]')).toHaveAttribute(
      'aria-pressed',
      'true',
    )
    await expect(row(page, '短文').locator('.fav-star')).toBeVisible()
    await page.reload()
    await expect(page.locator('.row-title-text').first()).toBeVisible()
    await expect(row(page, '短文').locator('.fav-star')).toBeVisible()
  })

  test('a deleted article says so, its marks are off and it leaves the selection', async ({
    page,
  }) => {
    await openArchive(page, engine, archive, 3)
    await row(page, '短文').click()
    await expect(page.locator('.article-title')).toHaveText('短文')
    await expect(page.getByText('1 selected')).toBeVisible()

    await rm(path.join(archive, SHORT))
    await expect(page.getByRole('status').filter({ hasText: /^2 articles$/ })).toBeVisible()
    await expect(page.locator('.reader-notice')).toHaveText(
      'This article was deleted from the archive. Below is the version you were reading.',
    )
    // Its last version stays readable; nothing offers to change or export what is gone.
    await expect(page.locator('.article-title')).toHaveText('短文')
    await expect(page.getByRole('button', { name: /Favourite/ })).toBeDisabled()
    await expect(page.getByRole('button', { name: /Mark (un)?read/ })).toBeDisabled()
    await expect(page.getByText('1 selected')).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Export PDF…' })).toBeDisabled()
    const axe = new AxeBuilder({ page }).include('.reader').withTags(['wcag2a', 'wcag2aa'])
    expect((await axe.analyze()).violations.map((v) => v.id)).toEqual([])

    // Opening another article is business as usual.
    await row(page, '其他').click()
    await expect(page.locator('.article-title')).toHaveText('其他')
    await expect(page.locator('.reader-notice')).toHaveCount(0)
    await expect(page.getByRole('button', { name: /Favourite/ })).toBeEnabled()
  })
})
