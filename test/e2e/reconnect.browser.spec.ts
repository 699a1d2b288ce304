/**
 * Serve mode's event stream drops and comes back (the server restarts, the network goes, the
 * laptop sleeps): the real engine with its watcher, Chromium, and the HTTP server stopped while
 * files change on disk, then started again on the same port. The events of the gap are lost;
 * the page must catch up by itself once the stream is back (the list, the search results, the
 * open article, read again without marking it read) and say while it is down that it may be
 * out of date.
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { existsSync } from 'node:fs'
import { rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { openArchive, row, status } from '../support/livePage'
import { startServedEngine, type ServedEngine } from '../support/servedEngine'

const root = path.resolve(__dirname, '..', '..')
const rendererDir = path.join(root, 'out', 'renderer')
const built = existsSync(path.join(rendererDir, 'index.html'))

const FOLDER = 'source/_posts/新媒体/测试源/频道'
const file = (name: string) => `${FOLDER}/${name}.md`
const DATES = {
  甲篇: 'Wed, 07 Jul 2021 08:00:00 GMT',
  乙篇: 'Tue, 06 Jul 2021 08:00:00 GMT',
  丙篇: 'Mon, 05 Jul 2021 08:00:00 GMT',
  丁篇: 'Sun, 04 Jul 2021 08:00:00 GMT',
  戊篇: 'Sat, 03 Jul 2021 08:00:00 GMT',
}
type Title = keyof typeof DATES
/** A word only some articles have, for a search. */
const WORD = '断线重连'
const article = (title: Title, body: string, shownTitle: string = title) =>
  articleText({ title: shownTitle, date: DATES[title], body: `<p>${body}</p>` })

const NOTICE = 'Connection to the server lost — reconnecting… What you see may be out of date.'

let archive: string
let engine: ServedEngine

/** Waits until the engine (not the page) knows the files' new state. */
async function engineSees(titles: string[]): Promise<void> {
  await expect
    .poll(async () => {
      const page = await engine.core.listArticles({ offset: 0, limit: 50, sort: 'title' })
      return page.items.map((item) => item.title).sort()
    })
    .toEqual([...titles].sort())
}

/** Stops the server and waits for the page to say so (after a few seconds: blips say nothing). */
async function disconnect(page: Page): Promise<void> {
  await engine.stopServer()
  await expect(page.getByText(NOTICE)).toBeVisible({ timeout: 10_000 })
}

test.describe('the page catches up after its event stream comes back', () => {
  test.skip(!built, 'out/renderer is not built: run `npm run build` first')

  test.beforeEach(async () => {
    archive = await makeTempDir('archive-browser-reconnect-')
    await writeTree(archive, {
      [file('甲篇')]: article('甲篇', `${WORD}的第一篇。`),
      [file('乙篇')]: article('乙篇', `${WORD}的第二篇。`),
      [file('丙篇')]: article('丙篇', '没有那个词。'),
    })
    engine = await startServedEngine(rendererDir, { watch: true })
  })
  test.afterEach(async () => {
    await engine.close()
    await removeDir(archive)
  })

  test('the list and the open article catch up, and its marks stay as they were', async ({
    page,
  }) => {
    await openArchive(page, engine, archive, 3)
    await row(page, '甲篇').click()
    await expect(page.locator('.article-title')).toHaveText('甲篇')
    // Marked read on open; the user wants it unread, and catching up must not undo that.
    await page.getByRole('button', { name: 'Mark unread' }).click()
    await expect(page.getByRole('button', { name: 'Mark read' })).toBeVisible()

    await disconnect(page)
    const axe = new AxeBuilder({ page })
      .include('.connection-status')
      .withTags(['wcag2a', 'wcag2aa'])
    expect((await axe.analyze()).violations.map((v) => v.id)).toEqual([])
    await writeFile(
      path.join(archive, file('甲篇')),
      article('甲篇', '修订后的正文。', '甲篇（修订）'),
    )
    await rm(path.join(archive, file('丙篇')))
    await writeFile(path.join(archive, file('丁篇')), article('丁篇', '新来的。'))
    await writeFile(path.join(archive, file('戊篇')), article('戊篇', '也是新来的。'))
    await engineSees(['甲篇（修订）', '乙篇', '丁篇', '戊篇'])
    // Nothing reached the page meanwhile.
    await expect(status(page, /^3 articles$/)).toBeVisible()
    await expect(page.locator('.article-title')).toHaveText('甲篇')

    await engine.startServer()
    await expect(status(page, /^4 articles$/)).toBeVisible()
    await expect(row(page, '丁篇')).toBeVisible()
    await expect(row(page, '戊篇')).toBeVisible()
    await expect(row(page, '丙篇')).toHaveCount(0)
    await expect(page.locator('.article-title')).toHaveText('甲篇（修订）')
    await expect(page.locator('.article-body')).toContainText('修订后的正文')
    await expect(page.getByRole('button', { name: 'Mark read' })).toBeVisible()
    await expect(row(page, '甲篇（修订）')).toHaveClass(/row-unread/)
    await expect(page.getByText(NOTICE)).toHaveCount(0)

    // And the stream is live again: a change now shows as usual.
    await rm(path.join(archive, file('戊篇')))
    await expect(status(page, /^3 articles$/)).toBeVisible()
  })

  test('the search results catch up, and an open article deleted meanwhile says so', async ({
    page,
  }) => {
    await openArchive(page, engine, archive, 3)
    await page.getByLabel('Search articles').fill(WORD)
    await expect(status(page, /^2 results$/)).toBeVisible()
    await row(page, '乙篇').click()
    await expect(page.locator('.article-title')).toHaveText('乙篇')

    await disconnect(page)
    await rm(path.join(archive, file('乙篇')))
    await writeFile(path.join(archive, file('丁篇')), article('丁篇', `${WORD}的新一篇。`))
    await writeFile(path.join(archive, file('戊篇')), article('戊篇', `又一篇${WORD}。`))
    await engineSees(['甲篇', '丙篇', '丁篇', '戊篇'])
    await expect(status(page, /^2 results$/)).toBeVisible()

    await engine.startServer()
    await expect(status(page, /^3 results$/)).toBeVisible()
    await expect(row(page, '丁篇')).toBeVisible()
    await expect(row(page, '戊篇')).toBeVisible()
    await expect(row(page, '乙篇')).toHaveCount(0)
    await expect(page.locator('.reader-notice')).toContainText(
      'This article was deleted from the archive.',
    )
    await expect(page.getByText(NOTICE)).toHaveCount(0)
  })

  test('an open article whose file was renamed meanwhile is followed, not called deleted', async ({
    page,
  }) => {
    await openArchive(page, engine, archive, 3)
    await row(page, '乙篇').click()
    await expect(page.locator('.article-title')).toHaveText('乙篇')

    await disconnect(page)
    const moved = `${FOLDER}/乙篇（改名）.md`
    await rename(path.join(archive, file('乙篇')), path.join(archive, moved))
    await expect
      .poll(async () => (await engine.core.listArticles({})).items.map((item) => item.id))
      .toContain(moved)

    await engine.startServer()
    await expect(page.getByText(NOTICE)).toHaveCount(0)
    await expect(page.locator('.article-title')).toHaveText('乙篇')
    await expect(page.locator('.article-body')).toContainText('的第二篇')
    await expect(page.locator('.reader-notice')).toHaveCount(0)
    // The reader now stands for the file under its new name: marking it reaches that file.
    await page.getByRole('button', { name: 'Favourite' }).click()
    await expect
      .poll(async () => {
        const page = await engine.core.listArticles({ filter: { marks: 'favourite' } })
        return page.items.map((item) => item.id)
      })
      .toEqual([moved])
    await expect(row(page, '乙篇')).toHaveAttribute('aria-selected', 'true')
  })

  test('what the user asked for while the server was down comes once it is back, unhurried', async ({
    page,
  }) => {
    await openArchive(page, engine, archive, 3)
    await disconnect(page)
    const asked: number[] = []
    page.on('request', (request) => {
      if (request.url().includes('/api/listArticles')) asked.push(Date.now())
    })
    await page.getByLabel('Sort by').selectOption('title')
    await expect(page.getByText(/^The list could not be loaded/)).toBeVisible()
    // A failed page is not asked for again and again while the server is away: it is asked
    // again after a pause (about 1 s, then longer). Timed by the requests themselves, not by
    // when the error showed, so a slow machine does not change what is counted.
    await expect.poll(() => asked.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2)
    await page.waitForTimeout(500)
    const pauses = asked.slice(1).map((time, i) => time - asked[i]!)
    expect(pauses.length).toBeGreaterThanOrEqual(1)
    for (const pause of pauses) expect(pause).toBeGreaterThanOrEqual(900)

    await engine.startServer()
    await expect(page.getByText(/^The list could not be loaded/)).toHaveCount(0)
    await expect(status(page, /^3 articles$/)).toBeVisible()
    const byTitle = await engine.core.listArticles({ offset: 0, limit: 10, sort: 'title' })
    await expect(page.locator('.row-title-text')).toHaveText(byTitle.items.map((i) => i.title))
  })
})
