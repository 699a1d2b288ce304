/**
 * The reader's body in Chromium, through serve mode (real CSP header) over the fake ArchiveApi:
 * - an image inside a link whose download failed: its Retry button sits outside the link, and
 *   pressing it asks the engine again without following the link (no new tab);
 * - the placeholder keeps its own neutral look inside a link and inside a heading;
 * - no network: the placeholder says so in words a reader knows, the detail in its tooltip;
 * - a body full of `style="…"` and `<style>` opens without a single console error (DOMPurify's
 *   own parse used to apply them under the page's CSP, logging one violation each);
 * - a body with <base href>, <meta>, <link>, javascript: links and players opens without a
 *   console error too (the base URI its parse set broke the CSP's base-uri 'none'); the dead
 *   links are plain text, and each player's link says what it was.
 */
import { expect, test, type ConsoleMessage, type Page } from '@playwright/test'
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { ArchiveApi, ArticleImage } from '../../src/shared/contract/api'
import { createServeServer, type ServeServer } from '../../src/main/serve'
import { createFakeApi, type FakeApi } from '../support/fakeApi'

const root = path.resolve(__dirname, '..', '..')
const rendererDir = path.join(root, 'out', 'renderer')
const built = existsSync(path.join(rendererDir, 'index.html'))

const LINKED_KEY = '1'.repeat(64)
const HEADING_KEY = '2'.repeat(64)
const IMAGES: ArticleImage[] = [
  {
    url: 'https://img.example.com/linked.jpg',
    source: 'img',
    key: LINKED_KEY,
    status: 'failed',
    reason: 'dns',
  },
  {
    url: 'https://img.example.com/heading.jpg',
    source: 'img',
    key: HEADING_KEY,
    status: 'failed',
    reason: 'network',
  },
]

const LINKED_BODY = `<div>
<h2 id="heading">A heading <img src="https://img.example.com/heading.jpg"></h2>
<p><a id="outer" href="https://example.com/full-size.jpg"><strong><img src="https://img.example.com/linked.jpg" alt="linked"></strong></a></p>
</div>`

// Eight inline styles (attributes and elements, HTML and SVG), as in the article QA opened, and
// event-handler attributes, empty as in a real ZAKER article (\`<div onclick>\`) or not.
const STYLED_BODY = `<div style="margin: 0">
<div class="img_box" onclick>handler box</div><p onmouseover="x()" ONCLICK='y()'>handlers</p>
<p style="color: red">red <span style="font-weight: bold">bold</span></p>
<p style='text-align:center'>centred</p><p STYLE=color:blue>unquoted</p>
<style>p { color: green }</style><table style="width: 100%"><tr><td style="padding: 0">cell</td></tr></table>
<svg><rect style="fill: red"></rect></svg>
<p title='style="not an attribute"'>style="text, not an attribute"</p>
</div>`

// A <base> first, as QA's article had it, with the rest of a page's head and dead links.
const HEAD_BODY = `<base href="https://evil.example/base/"><meta http-equiv="refresh" content="0;url=https://evil.example/">
<link rel="stylesheet" href="https://evil.example/sheet.css">
<p>Read <a href="javascript:alert(1)">this</a> and <a href="  JAVASCRIPT:void(0)"><b>that</b></a>, or <a href="https://example.com/ok">the source</a>.</p>
<audio src="https://sound.example/a.mp3"></audio><object data="https://flash.example/x.swf"></object>
<embed src="https://flash.example/y.swf"><video src="https://video.example/v.mp4"></video>`

let server: ServeServer
let fake: FakeApi
let ids: string[]

test.describe('the reader body', () => {
  test.skip(!built, 'out/renderer is not built: run `npx electron-vite build` first')

  test.beforeEach(async () => {
    fake = createFakeApi({ articleCount: 20 })
    await fake.openArchive({ path: '/probe' })
    ids = (await fake.listArticles({ limit: 3 })).items.map((item) => item.id)
    await fake.closeArchive()
    const api: ArchiveApi = {
      ...fake,
      async getArticle(arg) {
        const view = await fake.getArticle(arg)
        if (arg.id === ids[0]) return { ...view, bodyHtml: LINKED_BODY, images: IMAGES }
        if (arg.id === ids[1]) return { ...view, bodyHtml: STYLED_BODY, images: [] }
        if (arg.id === ids[2]) return { ...view, bodyHtml: HEAD_BODY, images: [] }
        return view
      },
    }
    server = await createServeServer({ api, events: fake.subscribe, rendererDir })
  })
  test.afterEach(async () => {
    await server.close()
  })

  async function openRow(page: Page, index: number): Promise<void> {
    await page.goto(server.pageUrl)
    await page.getByLabel('Folder path').fill('/home/reader/rss-archive')
    await page.locator('.open-form button[type=submit]').click()
    await page.locator('.row:not(.row-loading)').nth(index).click()
    await expect(page.locator('.article-title')).toBeVisible()
  }

  test('Retry of an image inside a link asks again and opens nothing', async ({ page }) => {
    await openRow(page, 0)
    const retry = page.getByRole('button', { name: 'Retry: linked' })
    await expect(retry).toBeVisible()
    expect(await retry.evaluate((button) => button.closest('a') === null)).toBe(true)
    const opened: string[] = []
    page.context().on('page', (popup) => opened.push(popup.url()))
    await retry.click()
    await expect
      .poll(() => fake.calls.filter((c) => c.method === 'retryImage').map((c) => c.arg))
      .toEqual([{ key: LINKED_KEY }])
    await page.waitForTimeout(300)
    expect(opened).toEqual([])
    expect(page.url()).toBe(server.pageUrl)
  })

  test('placeholders look the same inside a link, a heading and a paragraph', async ({ page }) => {
    await openRow(page, 0)
    const looks = await page.locator('.article-body .img-placeholder').evaluateAll((nodes) =>
      nodes.map((node) => {
        const style = getComputedStyle(node)
        return {
          in: node.parentElement?.closest('a, h2')?.localName ?? null,
          fontSize: style.fontSize,
          fontWeight: style.fontWeight,
          // An underline propagates from a link into its in-flow boxes whatever their own
          // text-decoration says; an atomic inline (inline-block) box does not inherit it.
          display: style.display,
          textDecoration: style.textDecorationLine,
          color: style.color,
        }
      }),
    )
    expect(looks.map((look) => look.in)).toEqual(['h2', 'a'])
    const [heading, linked] = looks
    expect(heading).toEqual({ ...linked, in: 'h2' })
    expect(linked).toMatchObject({
      fontSize: '13px',
      fontWeight: '400',
      display: 'inline-block',
      textDecoration: 'none',
    })
    const buttons = await page
      .locator('.article-body .img-retry')
      .evaluateAll((nodes) =>
        nodes.map(
          (node) => `${getComputedStyle(node).fontSize} ${getComputedStyle(node).fontWeight}`,
        ),
      )
    expect(buttons).toEqual(['13px 400', '13px 400'])
  })

  test('no network: the placeholder says so in plain words, the detail in its tooltip', async ({
    page,
  }) => {
    await openRow(page, 0)
    const linked = page.locator('a .img-placeholder')
    await expect(linked).toHaveText('Image not available offline — its server could not be reached')
    await expect(linked).toHaveAttribute('title', /DNS lookup failed/)
    await expect(page.locator('h2 .img-placeholder')).toHaveAttribute('title', /network error/)
  })

  test('inline styles and handlers: no console error, none applied', async ({ page }) => {
    const errors: string[] = []
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`)
    })
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`)
    })
    await openRow(page, 1)
    await expect(page.locator('.article-body')).toContainText('unquoted')
    await expect(page.locator('.article-body')).toContainText('style="text, not an attribute"')
    await expect(page.locator('.article-body p[title]')).toHaveAttribute(
      'title',
      'style="not an attribute"',
    )
    await expect(page.locator('.article-body')).toContainText('handler box')
    expect(await page.locator('.article-body [style], .article-body style').count()).toBe(0)
    expect(await page.locator('.article-body [onclick], .article-body [onmouseover]').count()).toBe(
      0,
    )
    await page.waitForTimeout(300)
    expect(errors).toEqual([])
  })

  test('base, meta, link, dead links and players: no console error, plain text, named links', async ({
    page,
  }) => {
    const errors: string[] = []
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`)
    })
    page.on('pageerror', (error) => errors.push(error.message))
    await openRow(page, 2)
    const body = page.locator('.article-body')
    await expect(body).toContainText('Read this and that, or the source.')
    expect(await body.locator('base, meta, link').count()).toBe(0)
    // The javascript: links are text in the paragraph's colour; the real one is a link.
    await expect(body.locator('p a')).toHaveCount(1)
    await expect(body.locator('p a')).toHaveText('the source')
    const colours = await body.locator('p').evaluate((p) => ({
      text: getComputedStyle(p).color,
      that: getComputedStyle(p.querySelector('b') as Element).color,
    }))
    expect(colours.that).toBe(colours.text)
    const media = body.locator('a.external-media')
    expect(
      await media.evaluateAll((links) => links.map((a) => a.textContent?.replace(/\s*↗$/, ''))),
    ).toEqual([
      'External audio on sound.example',
      'Embedded object on flash.example',
      'Embedded object on flash.example',
      'External video on video.example',
    ])
    await page.waitForTimeout(300)
    expect(errors).toEqual([])
  })
})
