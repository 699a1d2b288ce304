/**
 * The renderer end to end in Chromium, through serve mode (real HTTP routes, SSE, static files,
 * the built renderer in out/renderer) over the in-memory fake ArchiveApi. Covers the welcome view,
 * the virtual list, the reader and its sanitizer in a real browser, search, keyboard, selection
 * and export, settings, and an axe accessibility scan (landmarks, labels, contrast) in both themes.
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Locator, type Page } from '@playwright/test'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import {
  MAX_ID_PAGE,
  MAX_QUERY_LENGTH,
  type ArchiveApi,
  type FacetCount,
  type ListArticlesRequest,
} from '../../src/shared/contract/api'
import { createServeServer, type ServeServer } from '../../src/main/serve'
import { createFakeApi, type FakeApi } from '../support/fakeApi'

const root = path.resolve(__dirname, '..', '..')
const rendererDir = path.join(root, 'out', 'renderer')
const built = existsSync(path.join(rendererDir, 'index.html'))

const HOSTILE_ID_INDEX = 0
const HOSTILE_BODY = `<div>
<p id="first" onclick="window.__pwned = 'onclick'" style="color: red">hostile paragraph</p>
<script>window.__pwned = 'script'</script>
<img src="x" onerror="window.__pwned = 'onerror'">
<svg onload="window.__pwned = 'svg'"><circle r="4"></circle></svg>
<a id="js" href="javascript:window.__pwned='link'">js link</a>
<meta http-equiv="refresh" content="0;url=https://example.com/">
<form action="https://example.com"><input name="q"></form>
<style>body { display: none }</style>
<iframe src="https://www.youtube.com/embed/xyz"></iframe>
<img data-original-src="//img.example.com/lazy.jpg">
</div>`

let server: ServeServer
let fake: FakeApi

async function startServer(articleCount: number): Promise<void> {
  fake = createFakeApi({ articleCount })
  const hostileId = (await fakeIds(fake))[HOSTILE_ID_INDEX]
  // The fake's articles are harmless; one of them gets a hostile body for the sanitizer checks.
  const api: ArchiveApi = {
    ...fake,
    async getArticle(arg) {
      const view = await fake.getArticle(arg)
      return arg.id === hostileId ? { ...view, bodyHtml: HOSTILE_BODY } : view
    },
  }
  server = await createServeServer({ api, events: fake.subscribe, rendererDir })
}

async function fakeIds(api: FakeApi): Promise<string[]> {
  await api.openArchive({ path: '/probe' })
  const page = await api.listArticles({ limit: 5 })
  await api.closeArchive()
  return page.items.map((item) => item.id)
}

async function openArchive(page: Page): Promise<void> {
  await page.goto(server.pageUrl)
  await page.getByLabel(/Folder path|文件夹路径/).fill('/home/reader/rss-archive')
  await page.locator('.open-form button[type=submit]').click()
  await expect(page.locator('.row:not(.row-loading)').first()).toBeVisible()
}

/** `inner` shows all its text inside its own box, and that box inside `outer`, sideways. */
async function fitsIn(inner: Locator, outer: Locator): Promise<void> {
  const [box, container] = [await inner.boundingBox(), await outer.boundingBox()]
  if (!box || !container) throw new Error('not laid out')
  // Soft: one run says which of the boxes spill.
  expect.soft(box.x, 'left edge').toBeGreaterThanOrEqual(container.x - 0.5)
  expect
    .soft(box.x + box.width, 'right edge')
    .toBeLessThanOrEqual(container.x + container.width + 0.5)
  expect
    .soft(await inner.evaluate((el) => el.scrollWidth - el.clientWidth), 'text beyond the box')
    .toBeLessThanOrEqual(0)
}

test.describe('renderer through serve mode', () => {
  test.skip(!built, 'out/renderer is not built: run `npx electron-vite build` first')

  test.beforeEach(async () => {
    await startServer(300)
  })
  test.afterEach(async () => {
    await server.close()
  })

  test('welcome view, then the list fills and the reader opens', async ({ page }) => {
    await page.goto(server.pageUrl)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expect(
      page.getByRole('button', { name: /Open the demo archive|打开演示存档/ }),
    ).toBeVisible()
    await expect(page.getByRole('heading', { name: /Recent archives|最近打开/ })).toBeVisible()
    await openArchive(page)
    await expect(page.getByRole('status').filter({ hasText: /300/ }).first()).toBeVisible()
    await page.locator('.row').nth(1).click()
    const title = await page.locator('.row').nth(1).locator('.row-title-text').innerText()
    await expect(page.locator('.article-title')).toHaveText(title)
    // Marked read on open (the default setting): the button offers "mark unread".
    await expect(page.getByRole('button', { name: /Mark unread|标为未读/ })).toBeVisible()
  })

  test('the sanitizer holds in a real browser', async ({ page }) => {
    await openArchive(page)
    await page.locator('.row').first().click()
    await expect(page.locator('.article-body')).toContainText('hostile paragraph')
    await page.locator('#first, .article-body p').first().click()
    // The javascript: link is plain text now: clicking it does nothing either.
    await expect(page.locator('.article-body a', { hasText: 'js link' })).toHaveCount(0)
    await page.locator('.article-body').getByText('js link').click()
    const report = await page.evaluate(() => {
      const body = document.querySelector('.article-body')
      const attributes = Array.from(body?.querySelectorAll('*') ?? []).flatMap((el) =>
        Array.from(el.attributes, (a) => a.name),
      )
      return {
        pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
        handlers: attributes.filter((name) => name.startsWith('on')),
        styles: attributes.filter((name) => name === 'style' || name === 'id'),
        dangerous:
          body?.querySelectorAll('script, style, svg, iframe, form, input, meta, object, embed')
            .length ?? -1,
        externalLink: body?.querySelector('a.external-media')?.getAttribute('href') ?? null,
        placeholders: body?.querySelectorAll('.img-placeholder').length ?? 0,
        remoteImages: Array.from(body?.querySelectorAll('img') ?? []).filter((img) =>
          /^https?:|^\/\//.test(img.getAttribute('src') ?? ''),
        ).length,
      }
    })
    expect(report).toEqual({
      pwned: null,
      handlers: [],
      styles: [],
      dangerous: 0,
      externalLink: 'https://www.youtube.com/embed/xyz',
      placeholders: 2,
      remoteImages: 0,
    })
    await expect(page.locator('.article-body a.external-media')).toHaveAttribute(
      'rel',
      'noopener noreferrer',
    )
  })

  test('search as you type: highlights, syntax errors and no results', async ({ page }) => {
    await openArchive(page)
    await page.keyboard.press('/')
    await expect(page.locator('#search-input')).toBeFocused()
    await page.keyboard.type('芯片')
    await expect(page.locator('.row-snippet mark').first()).toHaveText('芯片')
    await page.locator('#search-input').fill('foo:bar')
    await expect(page.getByRole('alert')).toContainText('unknown field')
    await page.locator('#search-input').fill('没有这个词')
    await expect(page.locator('.empty')).toBeVisible()
    await page.getByRole('button', { name: /Search syntax|搜索语法/ }).click()
    await expect(page.locator('.search-help')).toContainText('date:2021-06-01..2021-07-15')
  })

  test('result titles are marked where the engine says, never by searching them', async ({
    page,
  }) => {
    // The engine's marks may differ from the query's letters (word prefixes, Traditional ⇄
    // Simplified, width): here they mark a range the query does not even spell.
    await server.close()
    server = await createServeServer({
      api: {
        ...fake,
        async search(arg) {
          const response = await fake.search(arg)
          const titleMarks: [number, number][] = [[2, 4]]
          return { ...response, hits: response.hits.map((hit) => ({ ...hit, titleMarks })) }
        },
      },
      events: fake.subscribe,
      rendererDir,
    })
    await openArchive(page)
    await page.locator('#search-input').fill('芯片')
    const title = page.locator('.row-title-text').first()
    await expect(title).toHaveText(/^芯片新闻 第\d+号$/)
    await expect(title.locator('mark')).toHaveText(['新闻'])
  })

  test('a query over the contract’s length: cut to it when pasted, a sentence when sent', async ({
    page,
    context,
  }) => {
    await openArchive(page)
    const box = page.locator('#search-input')
    const long = '英特尔'.repeat(700)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.evaluate((text) => navigator.clipboard.writeText(text), long)
    await box.focus()
    await page.keyboard.press('Control+V')
    // By length: a failure would print the 2,000 characters twice.
    await expect.poll(async () => (await box.inputValue()).length).toBe(MAX_QUERY_LENGTH)
    await expect(page.getByRole('status').filter({ hasText: /^0 results$/ })).toBeVisible()
    await expect(page.getByRole('alert')).toHaveCount(0)

    // A longer query that reaches the engine anyway (set by code: maxLength holds typing only)
    // is refused by the transport; the user reads why, not the argument check's text.
    await box.evaluate((input) => input.removeAttribute('maxlength'))
    await box.fill(long)
    await expect(page.getByRole('alert')).toHaveText(
      'This search is too long: a query holds at most 2,000 characters. Shorten it and search again.',
    )
  })

  test('a long unbroken word wraps inside its box: query error, chips, title, export path', async ({
    page,
  }, info) => {
    const word = 'x'.repeat(300)
    // A source, a title and a category no space breaks, as an archive can hold them.
    await page.route('**/api/getFacets', async (route) => {
      const response = await route.fetch()
      const body = (await response.json()) as { value: { sources: FacetCount[] } }
      body.value.sources.unshift({ value: `source-${word}`, count: 1 })
      await route.fulfill({ response, json: body })
    })
    await page.route('**/api/getArticle', async (route) => {
      const response = await route.fetch()
      const body = (await response.json()) as { value: { title: string; categories: string[][] } }
      body.value.title = `title-${word}`
      body.value.categories = [['新媒体', `category-${word}`]]
      await route.fulfill({ response, json: body })
    })
    await openArchive(page)
    const listPane = page.locator('.list-pane')
    await page.locator('.row').first().click()
    await expect(page.locator('.article-title')).toBeVisible()
    await fitsIn(page.locator('.article-title'), page.locator('.reader'))
    await fitsIn(page.locator('.article-categories .chip'), page.locator('.reader'))

    await page.locator('#search-input').fill(`foo:${word}`)
    const error = page.getByRole('alert')
    await expect(error).toContainText('unknown field')
    await fitsIn(error, listPane)
    const screenshots = path.join(root, 'test-results', 'screenshots')
    mkdirSync(screenshots, { recursive: true })
    const shot = path.join(screenshots, 'long-word-query-error.png')
    await page.screenshot({ path: shot })
    await info.attach('long-word-query-error', { path: shot, contentType: 'image/png' })

    await page.locator('#search-input').fill('')
    await page.getByRole('button', { name: new RegExp(`^source-${word}`) }).click()
    const chip = page.getByRole('button', { name: `Remove filter Source: source-${word}` })
    await expect(chip).toBeVisible()
    await fitsIn(chip, listPane)

    await page.locator('body').press('Control+p')
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('textbox').first().fill(`/tmp/${word}.pdf`)
    await dialog.getByRole('button', { name: /^(Export|导出)$/ }).click()
    await expect(dialog.getByRole('status')).toContainText(word)
    await fitsIn(dialog.getByRole('status'), dialog)
  })

  test('search results show the unread dot and the favourite star', async ({ page }) => {
    await openArchive(page)
    // Marks made earlier (another session): the rows must learn them from the search itself.
    const [first, second] = (await fake.search({ query: '芯片', limit: 2 })).hits
    if (!first || !second) throw new Error('the fake has no 芯片 articles')
    await fake.setMark({ id: first.id, read: true, favourite: true })
    await page.locator('#search-input').fill('芯片')
    const row = (title: string) =>
      page.locator('.row', { has: page.locator('.row-title-text', { hasText: title }) })
    await expect(row(first.title).locator('.fav-star')).toBeVisible()
    await expect(row(first.title)).not.toHaveClass(/row-unread/)
    await expect(row(first.title).locator('.unread-dot')).toHaveCount(0)
    await expect(row(second.title)).toHaveClass(/row-unread/)
    await expect(row(second.title).locator('.unread-dot')).toBeVisible()
    await expect(row(second.title).locator('.fav-star')).toHaveCount(0)
  })

  test('keyboard: j/k, Enter, f, m and ?', async ({ page }) => {
    await openArchive(page)
    const list = page.getByRole('listbox')
    await list.focus()
    await page.keyboard.press('j')
    await expect(list).toHaveAttribute('aria-activedescendant', 'article-row-1')
    await page.keyboard.press('k')
    await expect(list).toHaveAttribute('aria-activedescendant', 'article-row-0')
    await page.keyboard.press('Enter')
    await expect(page.locator('.article-title')).toBeVisible()
    const favourite = page.locator('.article-actions button[aria-pressed]')
    await expect(favourite).toHaveAttribute('aria-pressed', 'false')
    await page.locator('body').press('f')
    await expect(favourite).toHaveAttribute('aria-pressed', 'true')
    await page.locator('body').press('m')
    await expect(page.getByRole('button', { name: /Mark read|标为已读/ })).toBeVisible()
    await page.locator('body').press('?')
    await expect(page.getByRole('dialog')).toContainText('Ctrl/⌘ + P')
  })

  test('keyboard: from the search box to the results, arrows in the list, back up', async ({
    page,
  }) => {
    await openArchive(page)
    const box = page.locator('#search-input')
    const list = page.getByRole('listbox')
    const title = page.locator('.article-title')
    const rowTitle = (index: number) =>
      page.locator(`#article-row-${index} .row-title-text`).innerText()
    await page.keyboard.press('/')
    await page.keyboard.type('芯片')
    const results = page.getByRole('status').filter({ hasText: /^\d+ results$/ })
    await expect(results).toBeVisible()
    const total = Number.parseInt(await results.innerText(), 10)
    expect(total).toBeGreaterThan(3)

    // ArrowDown: into the list, its first row the cursor, nothing opened.
    await page.keyboard.press('ArrowDown')
    await expect(list).toBeFocused()
    await expect(list).toHaveAttribute('aria-activedescendant', 'article-row-0')
    await expect(title).toHaveCount(0)

    // The arrows step as j/k do; Home, End and the page keys jump.
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await expect(list).toHaveAttribute('aria-activedescendant', 'article-row-2')
    await page.keyboard.press('ArrowUp')
    await expect(list).toHaveAttribute('aria-activedescendant', 'article-row-1')
    await page.keyboard.press('End')
    await expect(list).toHaveAttribute('aria-activedescendant', `article-row-${total - 1}`)
    await expect(page.locator(`#article-row-${total - 1}`)).toBeInViewport()
    await page.keyboard.press('Home')
    await expect(list).toHaveAttribute('aria-activedescendant', 'article-row-0')
    await page.keyboard.press('PageDown')
    await expect(list).not.toHaveAttribute('aria-activedescendant', /article-row-[01]$/)
    await page.keyboard.press('PageUp')
    await expect(list).toHaveAttribute('aria-activedescendant', 'article-row-0')
    await expect(title).toHaveCount(0)

    // ArrowUp on the first row goes back to the box, where j and k are letters.
    await page.keyboard.press('ArrowUp')
    await expect(box).toBeFocused()
    await page.keyboard.type('jk')
    await expect(box).toHaveValue('芯片jk')
    await expect(box).toBeFocused()
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Backspace')

    // Enter: into the list, and the first row opens, as Enter on the list opens its cursor.
    await page.keyboard.press('Enter')
    await expect(list).toBeFocused()
    await expect(list).toHaveAttribute('aria-activedescendant', 'article-row-0')
    await expect(title).toHaveText(await rowTitle(0))
    // With an article open the reader follows the arrows, as it follows j/k.
    await page.keyboard.press('ArrowDown')
    await expect(title).toHaveText(await rowTitle(1))

    // Enter before the results: what was typed is searched, and its first row opens when it
    // answers (held back here), not the row the list showed when Enter was pressed.
    await page.route('**/api/search', async (route) => {
      if ((route.request().postData() ?? '').includes('游戏'))
        await new Promise((resolve) => setTimeout(resolve, 400))
      await route.continue()
    })
    await page.keyboard.press('/')
    await box.fill('')
    await page.keyboard.type('游戏')
    await page.keyboard.press('Enter')
    await expect(list).toBeFocused()
    await expect(title).toContainText('游戏')
    await expect(title).toHaveText(await rowTitle(0))
  })

  test('j/k carry a clicked selection along; a multi-selection stays', async ({ page }) => {
    await openArchive(page)
    const rows = page.locator('.row')
    const selectedRows = page.locator('.row[aria-selected=true]')
    await rows.nth(0).click()
    await expect(page.getByText('1 selected')).toBeVisible()
    await page.locator('body').press('j')
    await page.locator('body').press('j')
    const title = await rows.nth(2).locator('.row-title-text').innerText()
    await expect(page.locator('.article-title')).toHaveText(title)
    await expect(selectedRows).toHaveCount(1)
    await expect(rows.nth(2)).toHaveAttribute('aria-selected', 'true')

    // Ctrl+P exports the article being read, not the one clicked first.
    await page.locator('body').press('Control+p')
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('textbox').first().fill('/tmp/archive-browser-e2e-jk.pdf')
    await dialog.getByRole('button', { name: /^(Export|导出)$/ }).click()
    await expect(dialog.getByRole('status')).toContainText('/tmp/archive-browser-e2e-jk.pdf')
    const call = fake.calls.filter((c) => c.method === 'exportPdf').at(-1)
    const ids = (call?.arg as { ids: string[] }).ids
    expect(ids).toHaveLength(1)
    expect((await fake.getArticle({ id: ids[0] ?? '' })).title).toBe(title)
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()

    // A selection made with Shift (from where j left off) is kept while j reads on.
    await rows.nth(3).click({ modifiers: ['Shift'] })
    await expect(selectedRows).toHaveCount(2)
    await page.locator('body').press('j')
    await expect(page.locator('.article-title')).toHaveText(
      await rows.nth(4).locator('.row-title-text').innerText(),
    )
    await expect(selectedRows).toHaveCount(2)
    await expect(rows.nth(2)).toHaveAttribute('aria-selected', 'true')
    await expect(rows.nth(3)).toHaveAttribute('aria-selected', 'true')
  })

  test('multi-select feeds the export dialog, which shows the engine error', async ({ page }) => {
    await openArchive(page)
    const rows = page.locator('.row')
    await rows.nth(0).click()
    await rows.nth(3).click({ modifiers: ['Shift'] })
    await expect(page.locator('.row[aria-selected=true]')).toHaveCount(4)
    await rows.nth(5).click({ modifiers: ['Control'] })
    await expect(page.locator('.row[aria-selected=true]')).toHaveCount(5)
    await page.locator('body').press('Control+p')
    const dialog = page.getByRole('dialog')
    await expect(dialog.getByRole('heading')).toContainText('5')
    await dialog.getByRole('textbox').first().fill('/tmp/archive-browser-e2e.pdf')
    await dialog.getByRole('button', { name: /^(Export|导出)$/ }).click()
    await expect(dialog.getByRole('status')).toContainText('/tmp/archive-browser-e2e.pdf')
    await dialog.getByRole('button', { name: /^(Export|导出)$/ }).click()
    await expect(dialog.getByRole('alert')).toContainText('already exists')
    const call = fake.calls.filter((c) => c.method === 'exportPdf').at(0)
    expect((call?.arg as { ids: string[] }).ids).toHaveLength(5)
  })

  test('sidebar: category tree, timeline click and drag, select all results', async ({ page }) => {
    await openArchive(page)
    await page.getByRole('tree').getByRole('button', { name: /^游戏/ }).click()
    await expect(page.getByRole('button', { name: 'Remove filter 游戏' })).toBeVisible()
    await expect(page.getByRole('status').filter({ hasText: /^60 articles$/ })).toBeVisible()
    await page.getByRole('button', { name: 'Remove filter 游戏' }).click()

    const bars = page.getByRole('group', { name: 'Articles per month' }).getByRole('button')
    await bars.nth(0).click()
    await expect(page.getByRole('button', { name: 'Remove filter 2021-01' })).toBeVisible()
    const first = await bars.nth(0).boundingBox()
    const fourth = await bars.nth(3).boundingBox()
    if (!first || !fourth) throw new Error('timeline bars are not laid out')
    await page.mouse.move(first.x + first.width / 2, first.y + first.height - 2)
    await page.mouse.down()
    await page.mouse.move(fourth.x + fourth.width / 2, fourth.y + fourth.height - 2, { steps: 6 })
    await page.mouse.up()
    await expect(
      page.getByRole('button', { name: 'Remove filter 2021-01 – 2021-04' }),
    ).toBeVisible()
    const lastList = fake.calls.filter((c) => c.method === 'listArticles').at(-1)
    expect((lastList?.arg as { filter?: unknown }).filter).toEqual({
      monthFrom: '2021-01',
      monthTo: '2021-04',
    })

    await page.getByRole('button', { name: 'Select all' }).click()
    const total = await page
      .getByRole('status')
      .filter({ hasText: /articles$/ })
      .first()
      .innerText()
    await expect(page.getByText(`${Number.parseInt(total, 10)} selected`)).toBeVisible()
    // Select all asks once, for ids only: the engine builds no row and keys no thumbnail for
    // them (the list's own pages are 200 rows).
    const selectAll = fake.calls
      .filter((c) => c.method === 'listArticles')
      .map((c) => c.arg as ListArticlesRequest)
      .filter((arg) => (arg.limit ?? 0) > 200)
    expect(selectAll).toEqual([expect.objectContaining({ limit: MAX_ID_PAGE, idsOnly: true })])
  })

  test('a new search clears the selection; the sort and the archive changing do not', async ({
    page,
  }) => {
    await openArchive(page)
    const box = page.locator('#search-input')
    const results = page.getByRole('status').filter({ hasText: /^\d+ results?$/ })
    const selected = (count: number | string) => page.getByText(new RegExp(`^${count} selected$`))
    const anySelection = page.getByText(/^\d+ selected$/)
    /** Selects every result, and says how many that is. */
    const selectAll = async (): Promise<number> => {
      await expect(results).toBeVisible()
      const count = Number.parseInt(await results.innerText(), 10)
      await page.getByRole('button', { name: 'Select all results' }).click()
      await expect(selected(count)).toBeVisible()
      return count
    }

    await box.fill('芯片')
    await page
      .getByRole('list', { name: 'Sources' })
      .getByRole('button', { name: /^cnBeta/ })
      .click()
    const sourceChip = page.getByRole('button', { name: 'Remove filter Source: cnBeta' })
    await expect(sourceChip).toBeVisible()
    const count = await selectAll()

    // Files change while the query stays: the same search, the selection stays.
    const [changed] = (await fake.search({ query: '芯片', limit: 1 })).hits
    const searches = () => fake.calls.filter((c) => c.method === 'search').length
    const before = searches()
    fake.emit({ type: 'articles-changed', upserted: [changed?.id ?? ''], removed: [], renamed: [] })
    // The list asks again: the page has seen the change.
    await expect.poll(searches).toBeGreaterThan(before)
    await expect(selected(count)).toBeVisible()
    // Sorting shows the same articles in another order: the selection stays too.
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('date')
    await expect(selected(count)).toBeVisible()

    // Another word: none of its results are selected, and there is nothing to export.
    await box.fill('游戏')
    await expect(page.getByRole('status').filter({ hasText: /^0 results$/ })).toBeVisible()
    await expect(anySelection).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Export PDF…' })).toBeDisabled()

    // A filter chip removed, a month chosen on the timeline: new searches as well.
    await box.fill('芯片')
    await selectAll()
    await sourceChip.click()
    await expect(anySelection).toHaveCount(0)
    await selectAll()
    await page
      .getByRole('group', { name: 'Articles per month' })
      .getByRole('button')
      .first()
      .click()
    await expect(page.getByRole('button', { name: /^Remove filter 2021-/ })).toBeVisible()
    await expect(anySelection).toHaveCount(0)

    // A selection that is just the open article stays with it; the article stays open.
    await page.locator('.row').first().click()
    const title = await page.locator('.article-title').innerText()
    await expect(selected(1)).toBeVisible()
    await box.fill('经济')
    await expect(results).toBeVisible()
    await expect(selected(1)).toBeVisible()
    await expect(page.locator('.article-title')).toHaveText(title)
  })

  test('settings switch the language and the theme', async ({ page }) => {
    await openArchive(page)
    await page.getByRole('button', { name: /^(Settings|设置)$/ }).click()
    await page.getByRole('combobox', { name: /Language|语言/ }).selectOption('en')
    await expect(page.getByRole('button', { name: 'Settings' })).toBeVisible()
    await page.getByRole('radio', { name: 'Dark' }).check()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
    await page.getByRole('radio', { name: 'Light' }).check()
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')
  })

  for (const scheme of ['light', 'dark'] as const) {
    test(`no axe violations (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto(server.pageUrl)
      await expect(page.locator('.welcome')).toBeVisible()
      const welcome = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
      expect(
        welcome.violations.map(
          (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        ),
      ).toEqual([])
      await openArchive(page)
      await page.locator('.row').first().click()
      await expect(page.locator('.article-title')).toBeVisible()
      const library = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
      expect(
        library.violations.map(
          (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
        ),
      ).toEqual([])
      for (const name of ['Health', 'Settings']) {
        await page.getByRole('button', { name, exact: true }).click()
        await expect(page.getByRole('dialog')).toBeVisible()
        const dialog = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze()
        expect(dialog.violations.map((v) => `${name} ${v.id}: ${v.nodes.length} nodes`)).toEqual([])
        await page.keyboard.press('Escape')
        await expect(page.getByRole('dialog')).toBeHidden()
      }
    })
  }
})

test.describe('a large archive', () => {
  test.skip(!built, 'out/renderer is not built: run `npx electron-vite build` first')

  test.beforeAll(async () => {
    await startServer(100_000)
  })
  test.afterAll(async () => {
    await server.close()
  })

  test('100k rows: only the visible rows exist, and the end is reachable', async ({ page }) => {
    await openArchive(page)
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /100[,.\s]?000/ })
        .first(),
    ).toBeVisible()
    expect(await page.locator('.row').count()).toBeLessThan(80)
    await page.getByRole('listbox').evaluate((el) => el.scrollTo({ top: el.scrollHeight }))
    await expect(page.locator('#article-row-99999:not(.row-loading)')).toBeVisible()
    expect(await page.locator('.row').count()).toBeLessThan(80)
  })
})
