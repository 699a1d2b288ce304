/**
 * The library in small windows, in Chromium through serve mode over the fake ArchiveApi. At
 * 800×600 (a small laptop window) the reader had 109 px of height and the page scrolled sideways
 * to 894 px with "Close archive" off-screen. Now:
 * - 800×600: list and reader side by side, the reader most of the height; the filters are a
 *   strip above the list that opens a drawer (Escape or a click outside closes it);
 * - 600×700: list band above the reader;
 * - both: no horizontal scroll, every top-bar control inside the window;
 * - 1280×800: the three columns exactly as before.
 * Screenshots go to test-results/screenshots/ and the report.
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page, type TestInfo } from '@playwright/test'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { createServeServer, type ServeServer } from '../../src/main/serve'
import { createFakeApi } from '../support/fakeApi'

const root = path.resolve(__dirname, '..', '..')
const rendererDir = path.join(root, 'out', 'renderer')
const built = existsSync(path.join(rendererDir, 'index.html'))
const screenshotDir = path.join(root, 'test-results', 'screenshots')

let server: ServeServer

async function openArticle(page: Page): Promise<void> {
  await page.goto(server.pageUrl)
  await page.getByLabel('Folder path').fill('/home/reader/rss-archive')
  await page.locator('.open-form button[type=submit]').click()
  await page.locator('.row:not(.row-loading)').nth(1).click()
  await expect(page.locator('.article-title')).toBeVisible()
}

async function shoot(page: Page, info: TestInfo, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true })
  const file = path.join(screenshotDir, `${name}.png`)
  await page.screenshot({ path: file })
  await info.attach(name, { path: file, contentType: 'image/png' })
}

/** Boxes, in CSS pixels, of what the layout is judged by. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const box = (selector: string) => {
      const r = document.querySelector(selector)?.getBoundingClientRect()
      return r ? { x: r.x, y: r.y, width: r.width, height: r.height } : null
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      reader: box('.reader'),
      list: box('.article-list'),
      listPane: box('.list-pane'),
      sidebar: box('nav.sidebar'),
    }
  })
}

/** Every control of the top bar lies wholly inside the window. */
async function topBarReachable(page: Page): Promise<void> {
  const controls = page.locator('.topbar').locator('button, input, select')
  const count = await controls.count()
  expect(count).toBeGreaterThanOrEqual(8)
  for (let i = 0; i < count; i++) await expect(controls.nth(i)).toBeInViewport({ ratio: 1 })
  await expect(page.getByRole('button', { name: 'Close archive' })).toBeInViewport({ ratio: 1 })
}

test.describe('small windows', () => {
  test.skip(!built, 'out/renderer is not built: run `npx electron-vite build` first')

  test.beforeEach(async () => {
    const fake = createFakeApi({ articleCount: 300 })
    server = await createServeServer({ api: fake, events: fake.subscribe, rendererDir })
  })
  test.afterEach(async () => {
    await server.close()
  })

  test('800×600: the reader gets the height, the filters a drawer', async ({ page }, info) => {
    await page.setViewportSize({ width: 800, height: 600 })
    await openArticle(page)
    await shoot(page, info, 'small-window-800x600')
    const box = await layout(page)
    expect(box.scrollWidth).toBe(800)
    expect(box.scrollHeight).toBe(600)
    expect(box.reader?.height).toBeGreaterThan(600 * 0.75)
    expect(box.reader?.width).toBeGreaterThan(480)
    expect(box.list?.height).toBeGreaterThan(4 * 68)
    await topBarReachable(page)

    const toggle = page.getByRole('button', { name: /^Filters/ })
    await expect(page.getByRole('navigation', { name: 'Filters' })).toBeHidden()
    await expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await toggle.click()
    await expect(toggle).toHaveAttribute('aria-expanded', 'true')
    const tree = page.getByRole('tree')
    await expect(tree).toBeInViewport()
    await shoot(page, info, 'small-window-800x600-filters')
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.length} nodes`)).toEqual([])
    await tree.getByRole('button', { name: /^游戏/ }).click()
    await expect(toggle).toContainText('1 in use')
    await page.keyboard.press('Escape')
    await expect(tree).toBeHidden()
    await expect(toggle).toBeFocused()
    await expect(page.getByRole('status').filter({ hasText: /^60 articles$/ })).toBeVisible()

    // A click outside closes it too.
    await toggle.click()
    await expect(tree).toBeVisible()
    await page.locator('.article-title').click()
    await expect(tree).toBeHidden()
  })

  test('600×700: list above reader, nothing sideways', async ({ page }, info) => {
    await page.setViewportSize({ width: 600, height: 700 })
    await openArticle(page)
    await shoot(page, info, 'small-window-600x700')
    const box = await layout(page)
    expect(box.scrollWidth).toBe(600)
    expect(box.scrollHeight).toBe(700)
    expect(box.reader?.width).toBe(600)
    expect(box.reader?.height).toBeGreaterThan(700 * 0.45)
    expect(box.list?.height).toBeGreaterThan(2 * 68)
    await topBarReachable(page)
    await page.getByRole('button', { name: /^Filters/ }).click()
    await expect(page.getByRole('tree')).toBeInViewport()
  })

  test('1280×800: the three columns as they were', async ({ page }, info) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    await openArticle(page)
    await shoot(page, info, 'small-window-1280x800')
    const box = await layout(page)
    expect(box.scrollWidth).toBe(1280)
    expect(box.sidebar).toMatchObject({ x: 0, width: 256 })
    expect(box.listPane).toMatchObject({ x: 256, width: 480 })
    expect(box.reader).toMatchObject({ x: 736, width: 544 })
    await expect(page.getByRole('button', { name: /^Filters/ })).toBeHidden()
    await expect(page.getByRole('navigation', { name: 'Filters' })).toBeVisible()
  })
})
