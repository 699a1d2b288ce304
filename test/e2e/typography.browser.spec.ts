/**
 * Which glyphs English and Chinese text get, in the reader (serve mode over the fake ArchiveApi)
 * and in the print document, in Debian's Chromium with its fonts. With a CJK font first in a
 * stack, English punctuation was drawn full-width: "Dongarra’ s", " “it would" with wide gaps
 * (a CJK font draws ’ “ ” one em wide). Latin fonts come first now: ’ and “ are narrow, and
 * Chinese characters still come from a CJK font, one em wide.
 */
import { expect, test, type Locator, type Page } from '@playwright/test'
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { ArchiveApi } from '../../src/shared/contract/api'
import { articleHtml, printDocumentHtml } from '../../src/main/core/export/printDocument'
import { createServeServer, type ServeServer } from '../../src/main/serve'
import { createFakeApi, type FakeApi } from '../support/fakeApi'

const root = path.resolve(__dirname, '..', '..')
const rendererDir = path.join(root, 'out', 'renderer')
const built = existsSync(path.join(rendererDir, 'index.html'))

/** English first, Chinese second (the reader's sanitizer drops ids and classes). */
const BODY =
  '<p>Dongarra’s view: “it would” work, said ACM’s jury.</p>' +
  '<p>白宫说：“拜登随时准备采取额外的行动。”</p>'
const EN = 'p:nth-of-type(1)'
const ZH = 'p:nth-of-type(2)'

/** Width of the first `ch` in the element's text, in ems of its font size. */
async function emWidth(element: Locator, ch: string): Promise<number> {
  return element.evaluate((el, wanted) => {
    const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1
      if (at < 0) continue
      const range = el.ownerDocument.createRange()
      range.setStart(node, at)
      range.setEnd(node, at + wanted.length)
      const size = parseFloat(getComputedStyle(node.parentElement as Element).fontSize)
      return range.getBoundingClientRect().width / size
    }
    throw new Error(`no "${wanted}" in the element`)
  }, ch)
}

/** The fonts Chromium drew an element's text with (DevTools' "Rendered Fonts"). */
async function renderedFonts(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('DOM.enable')
  await cdp.send('CSS.enable')
  const { root: doc } = await cdp.send('DOM.getDocument')
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: doc.nodeId, selector })
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId })
  await cdp.detach()
  return fonts.map((font) => font.familyName)
}

const CJK_FONT = /CJK|PingFang|Hiragino|Source Han|YaHei|WenQuanYi|Song|SimSun/i

async function expectLatinAndCjk(page: Page, container: Locator, prefix: string): Promise<void> {
  const en = container.locator(EN)
  const zh = container.locator(ZH)
  // A CJK font's ’ and “ are one em wide; a Latin font's about a third.
  for (const ch of ['’', '“', '”']) expect(await emWidth(en, ch), ch).toBeLessThan(0.6)
  // Chinese characters and full-width punctuation stay one em wide: a CJK font draws them.
  // (Not 。 before ”: Chromium's text-spacing-trim may halve it.)
  for (const ch of ['拜', '宫', '：']) expect(await emWidth(zh, ch), ch).toBeCloseTo(1, 1)
  const enFonts = await renderedFonts(page, `${prefix} ${EN}`)
  expect(enFonts.filter((name) => CJK_FONT.test(name))).toEqual([])
  const zhFonts = await renderedFonts(page, `${prefix} ${ZH}`)
  expect(
    zhFonts.some((name) => CJK_FONT.test(name)),
    zhFonts.join(', '),
  ).toBe(true)
}

test.describe('Latin and Chinese glyphs', () => {
  test.skip(!built, 'out/renderer is not built: run `npx electron-vite build` first')

  let server: ServeServer
  let fake: FakeApi

  test.beforeEach(async () => {
    fake = createFakeApi({ articleCount: 5 })
    const api: ArchiveApi = {
      ...fake,
      async getArticle(arg) {
        const view = await fake.getArticle(arg)
        return { ...view, author: 'Dongarra’s “desk”', bodyHtml: BODY, images: [] }
      },
    }
    server = await createServeServer({ api, events: fake.subscribe, rendererDir })
  })
  test.afterEach(async () => {
    await server.close()
  })

  test('the reader: narrow English punctuation, Chinese from a CJK font', async ({ page }) => {
    await page.goto(server.pageUrl)
    await page.getByLabel('Folder path').fill('/home/reader/rss-archive')
    await page.locator('.open-form button[type=submit]').click()
    await page.locator('.row:not(.row-loading)').first().click()
    const body = page.locator('.article-body')
    await expect(body.locator(ZH)).toBeVisible()
    await expectLatinAndCjk(page, body, '.article-body')
    // The interface's stack too (the byline is in --font-ui).
    const meta = page.locator('.article-meta')
    await expect(meta).toContainText('Dongarra’s')
    expect(await emWidth(meta, '’')).toBeLessThan(0.6)
    expect(await emWidth(meta, '“')).toBeLessThan(0.6)
  })

  test('the print document: the same', async ({ page }) => {
    const html = printDocumentHtml('Typography', [
      articleHtml({
        index: 0,
        title: 'ACM’s “award”',
        source: null,
        author: null,
        date: null,
        dateSource: 'front-matter',
        headerHtml: '',
        bodyHtml: BODY,
      }),
    ])
    await page.setContent(html)
    await expectLatinAndCjk(page, page.locator('.body'), '.body')
    expect(await emWidth(page.locator('h1'), '’')).toBeLessThan(0.6)
  })
})
