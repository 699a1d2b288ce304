/**
 * Keys of images stored inside the archive, through the contract, on an archive with more rows
 * than the engine remembers listed keys (10,000): paging through every row, as select all did,
 * must not evict the keys of an article that was read (its images load lazily as the reader
 * scrolls), and select all's ids-only listing must key and register no thumbnail at all.
 */
import { mkdir, realpath, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArticlePage } from '../../src/shared/contract/api'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import { localImageKey } from '../../src/main/core/images/localImages'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

/** More than the 10,000 listed keys the engine remembers. */
const ROWS = 12_000
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

const withThumbnail = (i: number): string =>
  `\n---\ntitle: 行${i}\ncategories: \n    - 测试\nauthor: 测试\ndate: Mon, 28 Jun 2021 18:03:38 GMT\nthumbnail: 'images/t${i}.png'\n---\n\n<div><p>${i}</p></div>\n`

describe('local image keys on a large archive', () => {
  let archive: string
  let root: string
  let dataDir: string
  let core: Core

  beforeAll(async () => {
    archive = await makeTempDir('archive-browser-keys-')
    dataDir = await makeTempDir('archive-browser-keys-data-')
    // Thumbnails need not exist to be keyed; one does, to show a listed key resolves.
    await mkdir(path.join(archive, 'rows'))
    for (let start = 0; start < ROWS; start += 500)
      await Promise.all(
        Array.from({ length: Math.min(500, ROWS - start) }, (_, j) =>
          writeFile(path.join(archive, 'rows', `r${start + j}.md`), withThumbnail(start + j)),
        ),
      )
    await writeTree(archive, {
      'rows/images/t0.png': PNG,
      'read/正文.md': articleText({
        title: '正文',
        body: '<p>一</p><img src="images/a.png"><p>二</p><img src="images/b.png">',
      }),
      'read/images/a.png': PNG,
      'read/images/b.png': PNG,
    })
    root = await realpath(archive)
    core = await createCore({ dataDir })
    await core.openArchive({ path: archive })
    await waitFor(
      async () => (await core.getArchiveInfo())?.status === 'ready',
      'the scan of the archive',
      { timeoutMs: 120_000 },
    )
  }, 180_000)

  afterAll(async () => {
    await core?.dispose()
    await removeDir(archive)
    await removeDir(dataDir)
  })

  async function everyPage(idsOnly: boolean): Promise<ArticlePage[]> {
    const pages: ArticlePage[] = []
    for (let offset = 0; ; offset += 1000) {
      const page = await core.listArticles({ offset, limit: 1000, sort: 'title', idsOnly })
      pages.push(page)
      if (offset + 1000 >= page.total) return pages
    }
  }

  it('lists ids only: the same ids as full pages, and no thumbnail keyed', async () => {
    const thumbnail = localImageKey(root, 'rows/images/t0.png')
    const idPages = await everyPage(true)
    expect(idPages.every((page) => page.items.length === 0)).toBe(true)
    const ids = idPages.flatMap((page) => page.ids ?? [])
    expect(ids).toHaveLength(ROWS + 1)
    // Nothing was registered: the thumbnail's key resolves to no file yet.
    expect(await core.imageFile(thumbnail)).toBeNull()

    // Select all asks once: every id of the archive in one ids-only call.
    const whole = await core.listArticles({ limit: 200_000, sort: 'title', idsOnly: true })
    expect(whole.ids).toEqual(ids)
    // Rows stay at a thousand a page, whatever is asked.
    expect((await core.listArticles({ limit: 5000, sort: 'title' })).items).toHaveLength(1000)

    const full = await everyPage(false)
    expect(full.every((page) => page.ids === undefined)).toBe(true)
    expect(full.flatMap((page) => page.items.map((item) => item.id))).toEqual(ids)
    const row0 = full.flatMap((page) => page.items).find((item) => item.title === '行0')
    expect(row0?.thumbnailKey).toBe(thumbnail)
  }, 60_000)

  it('keeps the keys of a read article however many rows are listed after it', async () => {
    const { items } = await core.listArticles({ filter: { categoryPath: ['新媒体'] } })
    const id = items.find((item) => item.title === '正文')?.id
    const article = await core.getArticle({ id: id! })
    const keys = article.images.map((image) => image.key)
    expect(keys).toHaveLength(2)
    for (const key of keys) expect(await core.imageFile(key)).not.toBeNull()

    // Every row, twice over: 24,000 listed keys against 10,000 remembered.
    await everyPage(false)
    const last = await everyPage(false)

    for (const key of keys) expect(await core.imageFile(key)).not.toBeNull()
    expect(await core.getImageStates({ keys })).toEqual(
      keys.map((key) => ({ key, status: 'cached' })),
    )
    // The listed keys are bounded, not emptied: the last rows' thumbnails are known (their
    // files are missing), the first page's were forgotten (the image cache does not know them).
    const listed = last.flatMap((page) => page.items.flatMap((item) => item.thumbnailKey ?? []))
    const newest = listed.at(-1) as string
    const oldest = listed[0] as string
    expect(await core.getImageStates({ keys: [newest, oldest] })).toEqual([
      { key: newest, status: 'failed', reason: 'missing' },
      { key: oldest, status: 'not-cached' },
    ])
  }, 60_000)
})
