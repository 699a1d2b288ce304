/**
 * Images of the archive folder in the reader: the real engine behind serve mode, Chromium.
 * A missing image, a path that names no image and symlinks leading out of the archive show the
 * app's placeholder with a sentence saying why, and the page asks for none of them (each used
 * to be a broken-image icon and a 404 in the console, twice). An image present is shown, and
 * one put in place later shows when the article is read again.
 */
import { expect, test, type Page } from '@playwright/test'
import { existsSync } from 'node:fs'
import { symlink } from 'node:fs/promises'
import path from 'node:path'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { openArchive, row } from '../support/livePage'
import { startServedEngine, type ServedEngine } from '../support/servedEngine'

const root = path.resolve(__dirname, '..', '..')
const rendererDir = path.join(root, 'out', 'renderer')
const built = existsSync(path.join(rendererDir, 'index.html'))

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)
const FOLDER = 'source/_posts/新媒体/测试源/频道'

let archive: string
let outside: string
let engine: ServedEngine

/** Paths of the image requests the page makes, and its console errors. */
function watch(page: Page): { images: string[]; errors: string[] } {
  const seen = { images: [] as string[], errors: [] as string[] }
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.pathname.startsWith('/img/')) seen.images.push(url.pathname)
  })
  page.on('console', (message) => {
    if (message.type() === 'error') seen.errors.push(message.text())
  })
  return seen
}

test.describe('archive images in the reader (real engine)', () => {
  test.skip(!built, 'out/renderer is not built: run `npx electron-vite build` first')

  test.beforeEach(async () => {
    archive = await makeTempDir('archive-browser-local-images-')
    outside = await makeTempDir('archive-browser-outside-')
    await writeTree(outside, { 'secret.png': PNG })
    await writeTree(archive, {
      [`${FOLDER}/图文.md`]: articleText({
        title: '图文',
        body:
          '<p>在此：<img src="pic.png" alt="在此"></p>' +
          '<p><img src="missing-local.png" alt="缺失"></p><p><img src="x"></p>' +
          '<p><img src="/etc/hostname"></p><p><img src="link-out.png"></p>' +
          '<p><img src="pw.png"></p>',
      }),
      [`${FOLDER}/pic.png`]: PNG,
      [`${FOLDER}/其他.md`]: articleText({ title: '其他' }),
    })
    await symlink(path.join(outside, 'secret.png'), path.join(archive, FOLDER, 'link-out.png'))
    await symlink('/etc/passwd', path.join(archive, FOLDER, 'pw.png'))
    engine = await startServedEngine(rendererDir)
  })
  test.afterEach(async () => {
    await engine.close()
    await removeDir(archive)
    await removeDir(outside)
  })

  test('missing and refused images are placeholders saying why, never requested', async ({
    page,
  }) => {
    const seen = watch(page)
    await openArchive(page, engine, archive, 2)
    await row(page, '图文').click()
    await expect(page.locator('.article-title')).toHaveText('图文')
    const body = page.locator('.article-body')
    await expect(body.locator('img')).toHaveCount(1)
    await expect
      .poll(() => body.locator('img').evaluate((img) => (img as HTMLImageElement).naturalWidth))
      .toBe(1)
    await expect(body.locator('.img-placeholder')).toHaveText([
      'Image not in the archive',
      'Image not in the archive',
      'Image not in the archive',
      'Image outside the archive, not shown',
      'Image outside the archive, not shown',
    ])
    await expect(body.getByRole('img', { name: '缺失: Image not in the archive' })).toBeVisible()
    // Nothing to download: no Retry button.
    await expect(body.locator('button.img-retry')).toHaveCount(0)
    await page.waitForTimeout(300)
    expect(seen.images).toHaveLength(1)
    expect(seen.errors).toEqual([])

    // The missing image put in place: shown when the article is read again.
    await writeTree(archive, { [`${FOLDER}/missing-local.png`]: PNG })
    await row(page, '其他').click()
    await expect(page.locator('.article-title')).toHaveText('其他')
    await row(page, '图文').click()
    await expect(body.locator('img')).toHaveCount(2)
    await expect(body.getByRole('img', { name: '缺失' })).toBeVisible()
    await expect(body.locator('.img-placeholder')).toHaveCount(4)
    expect(seen.errors).toEqual([])
  })
})
