/**
 * List thumbnails in Chromium through serve mode over the fake ArchiveApi, every row with a
 * remote thumbnail and only a few of them in the image cache: the cached ones show, the others
 * are a neutral box, and no image that is not cached is requested (each such request was a 404
 * and a console error, about 20 per screen of rows).
 */
import { expect, test } from '@playwright/test'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ArchiveApi } from '../../src/shared/contract/api'
import { imageKey } from '../../src/main/core/images/imageKey'
import { createServeServer, type ServeServer } from '../../src/main/serve'
import { createFakeApi, type FakeApi } from '../support/fakeApi'

const root = path.resolve(__dirname, '..', '..')
const rendererDir = path.join(root, 'out', 'renderer')
const built = existsSync(path.join(rendererDir, 'index.html'))

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

const thumbnailOf = (id: string) => `https://img.example.com/thumbs/${encodeURIComponent(id)}.jpg`

let server: ServeServer
let fake: FakeApi
let dir: string
let cachedKeys: Set<string>

test.describe('list thumbnails', () => {
  test.skip(!built, 'out/renderer is not built: run `npx electron-vite build` first')

  test.beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'archive-browser-thumbs-'))
    const file = path.join(dir, 'thumb.png')
    writeFileSync(file, PNG)
    fake = createFakeApi({ articleCount: 200 })
    await fake.openArchive({ path: '/probe' })
    const first = (await fake.listArticles({ limit: 3 })).items
    await fake.closeArchive()
    // The first row and the third are cached.
    cachedKeys = new Set([first[0], first[2]].map((item) => imageKey(thumbnailOf(item!.id))))
    const api: ArchiveApi = {
      ...fake,
      async listArticles(arg) {
        const page = await fake.listArticles(arg)
        return {
          ...page,
          items: page.items.map((item) => ({
            ...item,
            thumbnail: thumbnailOf(item.id),
            thumbnailKey: imageKey(thumbnailOf(item.id)),
          })),
        }
      },
      async getImageStates(arg) {
        await fake.getImageStates(arg)
        return arg.keys.map((key) => ({
          key,
          status: cachedKeys.has(key) ? ('cached' as const) : ('not-cached' as const),
        }))
      },
    }
    server = await createServeServer({
      api,
      events: fake.subscribe,
      rendererDir,
      imageFile: async (key) => (cachedKeys.has(key) ? { path: file } : null),
    })
  })
  test.afterEach(async () => {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('cached thumbnails show, the others are a neutral box, nothing fails', async ({ page }) => {
    const errors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`)
    })
    const imageRequests: string[] = []
    page.on('request', (request) => {
      const url = new URL(request.url())
      if (url.pathname.startsWith('/img/')) imageRequests.push(url.pathname.slice(5))
    })
    await page.goto(server.pageUrl)
    await page.getByLabel('Folder path').fill('/home/reader/rss-archive')
    await page.locator('.open-form button[type=submit]').click()
    const rows = page.locator('.row:not(.row-loading)')
    await expect(rows.first().locator('img.thumb')).toBeVisible()
    await expect(rows.nth(2).locator('img.thumb')).toBeVisible()
    await expect(rows.nth(1).locator('.thumb-empty')).toBeVisible()
    expect(
      await rows
        .nth(0)
        .locator('img.thumb')
        .evaluate((img) => (img as HTMLImageElement).naturalWidth),
    ).toBe(1)
    // Scroll on: more rows, still only cached images asked for.
    await page.getByRole('listbox').evaluate((list) => list.scrollTo({ top: 3000 }))
    await expect(rows.first()).toBeVisible()
    await page.waitForTimeout(500)
    const shownRows = await page.locator('.row .thumb').count()
    expect(shownRows).toBeGreaterThan(10)
    expect(imageRequests.length).toBeGreaterThan(0)
    expect(imageRequests.filter((key) => !cachedKeys.has(key))).toEqual([])
    expect(errors).toEqual([])
    // The states were asked in batches, not one call per row.
    const calls = fake.calls.filter((call) => call.method === 'getImageStates')
    expect(calls.length).toBeLessThan(shownRows)
  })
})
