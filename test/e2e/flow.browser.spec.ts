/**
 * The reader's main flow on a GENERATED archive (test/support/generator), through the real engine
 * and serve mode, in Chromium: welcome → open → list count → search a Chinese substring →
 * highlighted hits → open an article → favourite → filter by category and by timeline → dark
 * mode → keyboard navigation → selection; then the same views in Chinese. A screenshot of each
 * main view is saved to test-results/screenshots/ (kept between runs, unlike Playwright's output
 * folder) and attached to the report; axe-core checks each view for serious or critical problems.
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page, type TestInfo } from '@playwright/test'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Core } from '../../src/main/core/coreTypes'
import type { ServeServer } from '../../src/main/serve'
import { generateArticles, writeArchive } from '../support/generator/index'
import { startServedEngine, type ServedEngine } from '../support/servedEngine'

const root = path.resolve(__dirname, '..', '..')
const rendererDir = path.join(root, 'out', 'renderer')
const built = existsSync(path.join(rendererDir, 'index.html'))
const screenshotDir = path.join(root, 'test-results', 'screenshots')

const COUNT = 400
const SEED = 7

let archiveDir: string
let engine: ServedEngine
let core: Core
let server: ServeServer

/** A Chinese substring of a generated title: the search must find it highlighted. */
function chineseQuery(): string {
  for (const article of generateArticles(40, SEED)) {
    const run = /[\u4e00-\u9fff]{3,}/.exec(article.title)?.[0]
    if (run) return run.slice(0, 2)
  }
  throw new Error('no Chinese title in the generated archive')
}

async function shoot(page: Page, info: TestInfo, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true })
  const file = path.join(screenshotDir, `${name}.png`)
  await page.screenshot({ path: file })
  await info.attach(name, { path: file, contentType: 'image/png' })
}

async function noSeriousAxe(page: Page, view: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
  expect(
    result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${view} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([])
}

async function waitIndexed(): Promise<void> {
  await expect
    .poll(async () => {
      const info = await core.getArchiveInfo()
      return info !== null && info.status === 'ready' && info.progress.indexed >= info.articleCount
    })
    .toBe(true)
}

test.describe('main flow on a generated archive, real engine', () => {
  test.skip(!built, 'out/renderer is not built: run `npm run build` first')
  test.setTimeout(120_000)

  test.beforeAll(async () => {
    archiveDir = mkdtempSync(path.join(tmpdir(), 'archive-browser-flow-'))
    await writeArchive(archiveDir, COUNT, SEED)
    // The generated archive names real image hosts: the engine's image cache stays offline here.
    engine = await startServedEngine(rendererDir)
    ;({ core, server } = engine)
  })
  test.beforeEach(async () => {
    await core.closeArchive()
  })
  test.afterAll(async () => {
    await engine?.close()
    rmSync(archiveDir, { recursive: true, force: true })
  })

  test('welcome → open → search → read → filter → dark → keyboard → selection', async ({
    page,
  }, info) => {
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize({ width: 1366, height: 860 })
    await page.goto(server.pageUrl)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await shoot(page, info, 'en-light-1-welcome')
    await noSeriousAxe(page, 'welcome')

    // Open by path; the list count is the engine's own count.
    await page.getByLabel('Folder path').fill(archiveDir)
    await page.locator('.open-form button[type=submit]').click()
    await expect(page.locator('.row:not(.row-loading)').first()).toBeVisible()
    await waitIndexed()
    const engineCount = (await core.getArchiveInfo())?.articleCount ?? -1
    expect(engineCount).toBeGreaterThan(COUNT * 0.9)
    await expect(
      page.getByRole('status').filter({ hasText: new RegExp(`^${engineCount} articles$`) }),
    ).toBeVisible()
    await shoot(page, info, 'en-light-2-library')
    await noSeriousAxe(page, 'library')

    // Search a Chinese substring: highlighted hits, count from the engine.
    const query = chineseQuery()
    await page.locator('#search-input').fill(query)
    const expected = await core.search({ query, limit: 1 })
    expect(expected.total).toBeGreaterThan(0)
    await expect(
      page.getByRole('status').filter({ hasText: new RegExp(`^${expected.total} results?$`) }),
    ).toBeVisible()
    await expect(page.locator('.row-snippet mark, .row-title mark').first()).toHaveText(query)
    await page.getByRole('button', { name: 'Search syntax' }).click()
    await expect(page.locator('.search-help')).toBeVisible()
    await shoot(page, info, 'en-light-3-search-help')
    await page.getByRole('button', { name: 'Search syntax' }).click()
    await shoot(page, info, 'en-light-4-search')
    await noSeriousAxe(page, 'search')

    // Open the first hit, favourite it.
    await page.locator('.row').first().click()
    await expect(page.locator('.article-title')).toHaveText(expected.hits[0]?.title ?? '')
    const favourite = page.locator('.article-actions button[aria-pressed]')
    await favourite.click()
    await expect(favourite).toHaveAttribute('aria-pressed', 'true')
    await expect(page.locator('.row').first().locator('.fav-star')).toBeVisible()
    await shoot(page, info, 'en-light-5-reader')
    await noSeriousAxe(page, 'reader')

    // Back to the list; filter by the favourites, then by a category, then by the timeline.
    await page.locator('#search-input').fill('')
    await page.getByRole('radio', { name: /^Favourites/ }).click()
    await expect(page.getByRole('status').filter({ hasText: /^1 articles?$/ })).toBeVisible()
    await page.getByRole('radio', { name: /^All/ }).click()
    const category = page.getByRole('tree').getByRole('treeitem').first()
    const categoryName = (await category.locator('button[aria-pressed]').first().innerText())
      .replace(/\s*\d[\d,]*$/, '')
      .trim()
    await category.locator('button[aria-pressed]').first().click()
    await expect(page.getByRole('button', { name: `Remove filter ${categoryName}` })).toBeVisible()
    const bars = page.getByRole('group', { name: 'Articles per month' }).getByRole('button')
    const bar = bars.nth(Math.floor((await bars.count()) / 2))
    const barMonth = /^(\d{4}-\d{2})/.exec((await bar.getAttribute('aria-label')) ?? '')?.[1]
    await bar.click()
    await expect(page.getByRole('button', { name: `Remove filter ${barMonth}` })).toBeVisible()
    const narrowed = await core.listArticles({
      filter: {
        categoryPath: [categoryName],
        ...(barMonth ? { monthFrom: barMonth, monthTo: barMonth } : {}),
      },
      limit: 1,
    })
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: new RegExp(`^${narrowed.total} articles?$`) })
        .first(),
    ).toBeVisible()
    await shoot(page, info, 'en-light-6-filtered')
    await page.getByRole('button', { name: `Remove filter ${barMonth}` }).click()
    await page.getByRole('button', { name: `Remove filter ${categoryName}` }).click()

    // Dark mode through the settings.
    await page.getByRole('button', { name: 'Settings', exact: true }).click()
    await page.getByRole('radio', { name: 'Dark' }).check()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await shoot(page, info, 'en-dark-7-settings')
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toBeHidden()
    await shoot(page, info, 'en-dark-8-library')
    await noSeriousAxe(page, 'dark library')

    // Keyboard: j/k move the cursor, Enter opens, f favourites, ? lists the shortcuts.
    const list = page.getByRole('listbox')
    await list.focus()
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    await expect(list).toHaveAttribute('aria-activedescendant', /article-row-\d+/)
    const cursorId = (await list.getAttribute('aria-activedescendant')) ?? ''
    await page.keyboard.press('k')
    await expect(list).not.toHaveAttribute('aria-activedescendant', cursorId)
    await page.keyboard.press('Enter')
    const cursorRow = page.locator(`#${(await list.getAttribute('aria-activedescendant')) ?? ''}`)
    await expect(page.locator('.article-title')).toHaveText(
      await cursorRow.locator('.row-title-text').innerText(),
    )
    await shoot(page, info, 'en-dark-9-reader')
    await noSeriousAxe(page, 'dark reader')
    await page.locator('body').press('?')
    await expect(page.getByRole('dialog')).toContainText('Ctrl/⌘ + P')
    await shoot(page, info, 'en-dark-10-shortcuts')
    await page.keyboard.press('Escape')

    // Selection: click, Shift-click, Ctrl-click, then select all.
    const rows = page.locator('.row')
    await rows.nth(0).click()
    await rows.nth(3).click({ modifiers: ['Shift'] })
    await rows.nth(5).click({ modifiers: ['Control'] })
    await expect(page.locator('.row[aria-selected=true]')).toHaveCount(5)
    await expect(page.getByText('5 selected')).toBeVisible()
    await shoot(page, info, 'en-dark-11-selection')
    await page.getByRole('button', { name: 'Select all' }).click()
    await expect(page.getByText(`${engineCount} selected`)).toBeVisible()

    // The health panel.
    await page.getByRole('button', { name: 'Health', exact: true }).click()
    await expect(page.getByRole('dialog')).toBeVisible()
    await shoot(page, info, 'en-dark-12-health')
    await noSeriousAxe(page, 'dark health')
    await page.keyboard.press('Escape')
  })

  test('the same views in Chinese, both themes', async ({ page }, info) => {
    await page.setViewportSize({ width: 1366, height: 860 })
    await page.goto(server.pageUrl)
    await page.getByLabel(/Folder path|文件夹路径/).fill(archiveDir)
    await page.locator('.open-form button[type=submit]').click()
    await expect(page.locator('.row:not(.row-loading)').first()).toBeVisible()
    await page.getByRole('button', { name: /^(Settings|设置)$/ }).click()
    await page.getByRole('combobox', { name: /Language|语言/ }).selectOption('zh-Hans')
    await page.getByRole('radio', { name: '浅色' }).check()
    await page.keyboard.press('Escape')
    await expect(page.getByRole('button', { name: '设置', exact: true })).toBeVisible()
    await page.locator('.row').nth(2).click()
    await expect(page.locator('.article-title')).toBeVisible()
    await shoot(page, info, 'zh-light-1-library')
    await noSeriousAxe(page, 'zh light')
    await page.locator('#search-input').fill(chineseQuery())
    await expect(page.locator('.row-snippet mark').first()).toBeVisible()
    await shoot(page, info, 'zh-light-2-search')
    await page.getByRole('button', { name: '设置', exact: true }).click()
    await page.getByRole('radio', { name: '深色' }).check()
    await page.keyboard.press('Escape')
    await shoot(page, info, 'zh-dark-3-search')
    await noSeriousAxe(page, 'zh dark')
    await page.locator('#search-input').fill('')
    await page.getByRole('button', { name: '关闭存档' }).click()
    await expect(page.locator('.welcome')).toBeVisible()
    await shoot(page, info, 'zh-dark-4-welcome')
    await noSeriousAxe(page, 'zh dark welcome')
  })
})
