/**
 * The engine through its contract, on a real folder: what every front end sees.
 */
import { rename, rm, symlink } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveEvent } from '../../src/shared/contract/events'
import { IMAGE_KEY_PATTERN } from '../../src/shared/contract/api'
import { imageKey } from '../../src/main/core/images/imageKey'
import { ApiError } from '../../src/shared/errors'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(ApiError)
  await expect(promise).rejects.toMatchObject({ code })
}

describe('createCore', () => {
  let archive: string
  let dataDir: string
  let core: Core
  const events: ArchiveEvent[] = []

  beforeEach(async () => {
    archive = await makeTempDir('archive-browser-core-')
    dataDir = await makeTempDir('archive-browser-data-')
    await writeTree(archive, {
      'source/_posts/新媒体/观察者网/头条/英特尔发布芯片.md': articleText({
        title: '英特尔发布芯片',
        categories: ['新媒体', '观察者网', '头条'],
        body: '<p>英特尔今天发布了新一代人工智能芯片，性能提升明显。</p>',
      }),
      'source/_posts/新媒体/IT 之家/分类资讯/手机上新.md': articleText({
        title: '手机上新',
        date: 'Tue, 06 Jul 2021 08:00:00 GMT',
        categories: ['新媒体', 'IT 之家', '分类资讯'],
        body: '<p>新款手机今天开卖。<img src="//img.example.com/phone.jpg"></p>',
      }),
      'source/_posts/游戏/3DMGame/新闻中心/坏文件.md':
        '\n---\ntitle: 坏: 标题: 有冒号\n---\n<p>正文</p>',
    })
    events.length = 0
    // These tests change files right after opening while polling the core every 50 ms: the
    // watcher starts once the load is done, not at the user's first pause as by default
    // (which core-watch-start.test.ts covers).
    core = await createCore({ dataDir, watchStart: 'load' })
    core.subscribe((event) => events.push(event))
  })

  afterEach(async () => {
    await core.dispose()
    await removeDir(archive)
    await removeDir(dataDir)
  })

  async function openAndWait(): Promise<void> {
    await core.openArchive({ path: archive })
    await waitFor(async () => (await core.getArchiveInfo())?.status === 'ready', 'the first scan')
    await waitFor(() => events.some((e) => e.type === 'index-progress' && e.done), 'the index')
  }

  it('refuses calls that need an archive before one is open, and bad folders', async () => {
    await expectCode(core.listArticles({}), 'NO_ARCHIVE_OPEN')
    await expectCode(core.search({ query: '芯片' }), 'NO_ARCHIVE_OPEN')
    await expectCode(core.openArchive({ path: path.join(archive, 'nope') }), 'ARCHIVE_NOT_FOUND')
    expect(await core.getArchiveInfo()).toBeNull()
  })

  it('opens, lists, pages, sorts and filters, with facets and progress events', async () => {
    await openAndWait()
    const info = await core.getArchiveInfo()
    expect(info).toMatchObject({
      articleCount: 3,
      status: 'ready',
      issueCounts: { FRONT_MATTER_INVALID: 1 },
    })
    expect(events.some((e) => e.type === 'index-progress' && e.done)).toBe(true)

    const page = await core.listArticles({ sort: 'title', limit: 2 })
    expect(page.total).toBe(3)
    expect(page.items).toHaveLength(2)
    const filtered = await core.listArticles({ filter: { source: '观察者网' } })
    expect(filtered.items.map((i) => i.title)).toEqual(['英特尔发布芯片'])
    expect(filtered.items[0]?.source).toBe('观察者网')

    const facets = await core.getFacets({})
    expect(facets.categories.find((c) => c.name === '新媒体')?.count).toBe(2)
    // The broken file's front matter gives no categories, so it has no source.
    expect(facets.sources.map((s) => s.value).sort()).toEqual(['IT 之家', '观察者网'].sort())
    expect(await core.getRecentArchives()).toEqual([
      expect.objectContaining({ name: path.basename(archive) }),
    ])
  })

  it('reads an article with image keys and marks it read on open; favourites survive a rename', async () => {
    await openAndWait()
    const id = 'source/_posts/新媒体/IT 之家/分类资讯/手机上新.md'
    const view = await core.getArticle({ id })
    expect(view.bodyHtml).toContain('<img')
    expect(view.images.map((image) => image.url)).toEqual(['https://img.example.com/phone.jpg'])
    expect(view.images[0]?.key).toMatch(/^[0-9a-f]{64}$/)
    expect(view.mark.read).toBe(true)
    await core.setMark({ id, favourite: true })
    expect((await core.listArticles({ filter: { marks: 'favourite' } })).total).toBe(1)

    const moved = 'source/_posts/新媒体/IT 之家/分类资讯/手机上新了.md'
    await rename(path.join(archive, id), path.join(archive, moved))
    await waitFor(
      async () => (await core.listArticles({})).items.some((i) => i.id === moved),
      'the rename',
    )
    const favourites = await core.listArticles({ filter: { marks: 'favourite' } })
    expect(favourites.items.map((i) => i.id)).toEqual([moved])
    // The event says which file moved where, so that a reader showing it can follow it.
    const renames = events.flatMap((e) => (e.type === 'articles-changed' ? e.renamed : []))
    expect(renames).toEqual([{ from: id, to: moved }])
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'articles-changed', upserted: [moved], removed: [id] }),
    )
    // A front end that missed the event learns where the file went when it asks for it.
    await expect(core.getArticle({ id })).rejects.toMatchObject({
      code: 'ARTICLE_NOT_FOUND',
      detail: { reason: 'renamed', values: { id: moved } },
    })
    // Once the file is deleted, its old id is simply gone.
    await rm(path.join(archive, moved))
    await waitFor(
      async () => !(await core.listArticles({})).items.some((i) => i.id === moved),
      'the deletion',
    )
    const gone = core.getArticle({ id })
    await expectCode(gone, 'ARTICLE_NOT_FOUND')
    expect(((await gone.catch((error: unknown) => error)) as ApiError).detail).toBeUndefined()
  })

  it('re-reads an open article without marking it read again', async () => {
    await openAndWait()
    const id = 'source/_posts/新媒体/IT 之家/分类资讯/手机上新.md'
    expect((await core.getArticle({ id })).mark.read).toBe(true)
    await core.setMark({ id, read: false })
    // The reader re-reads it because its file changed: the user's "mark unread" stays.
    expect((await core.getArticle({ id, reread: true })).mark.read).toBe(false)
    expect(
      (await core.listArticles({ filter: { marks: 'unread' } })).items.map((i) => i.id),
    ).toContain(id)
    expect((await core.getArticle({ id })).mark.read).toBe(true)
  })

  it('reports health: issues with their files, date sources', async () => {
    await openAndWait()
    const health = await core.getHealth()
    expect(health.issues).toEqual([
      expect.objectContaining({
        id: 'source/_posts/游戏/3DMGame/新闻中心/坏文件.md',
        code: 'FRONT_MATTER_INVALID',
      }),
    ])
    expect(health.dateSources['front-matter']).toBe(2)
    expect(health.images.total).toBe(1)
  })

  it('keeps settings, validating patches', async () => {
    const updated = await core.updateSettings({ theme: 'dark', fontSize: 20 })
    expect(updated).toMatchObject({ theme: 'dark', fontSize: 20 })
    await expectCode(core.updateSettings({ fontSize: 2 }), 'INVALID_ARGUMENT')
    expect((await core.getSettings()).theme).toBe('dark')
  })

  it('closes the archive', async () => {
    await openAndWait()
    await core.closeArchive()
    expect(await core.getArchiveInfo()).toBeNull()
    expect(events.some((e) => e.type === 'archive-status' && e.status === 'idle')).toBe(true)
  })
})

describe('createCore search', () => {
  it('finds Chinese substrings exactly, applies list filters, and follows changes on disk', async () => {
    const archive = await makeTempDir('archive-browser-core-')
    const dataDir = await makeTempDir('archive-browser-data-')
    await writeTree(archive, {
      'a/一.md': articleText({
        title: '芯片新闻',
        categories: ['新媒体', '观察者网', '头条'],
        body: '<p>英特尔发布人工智能芯片。</p>',
      }),
      'a/二.md': articleText({
        title: '手机新闻',
        categories: ['新媒体', 'IT 之家', '资讯'],
        body: '<p>芯片短缺影响手机。</p>',
      }),
      'a/三.md': articleText({
        title: '游戏',
        categories: ['游戏', '3DMGame', '新闻'],
        body: '<p>能智人工，顺序打乱。</p>',
      }),
    })
    const core = await createCore({ dataDir })
    let indexed = false
    core.subscribe((event) => {
      if (event.type === 'index-progress' && event.done) indexed = true
    })
    try {
      await core.openArchive({ path: archive })
      await waitFor(() => indexed, 'the index to be built')
      const info = await core.getArchiveInfo()
      expect(info?.progress).toEqual({ read: 3, indexed: 3, total: 3 })
      const chips = await core.search({ query: '芯片' })
      expect(chips.total).toBe(2)
      expect(chips.hits[0]?.title).toBe('芯片新闻')
      expect(chips.hits[0]?.source).toBe('观察者网')
      expect(chips.hits[0]?.snippet.marks.length).toBeGreaterThan(0)
      expect(chips.facets.sources.map((s) => s.value).sort()).toEqual(
        ['IT 之家', '观察者网'].sort(),
      )
      // Exact substrings: 人工智能 occurs in one article; its characters also occur, out of order, in another.
      expect((await core.search({ query: '人工智能' })).hits.map((h) => h.id)).toEqual(['a/一.md'])
      const filtered = await core.search({ query: '芯片', filter: { source: 'IT 之家' } })
      expect(filtered.hits.map((h) => h.id)).toEqual(['a/二.md'])
      await expectCode(core.search({ query: 'nofield:x' }), 'QUERY_INVALID')

      // Hits carry the marks, as list rows do: the result list shows the star and unread dot.
      const marksOf = async () =>
        Object.fromEntries(
          (await core.search({ query: '芯片' })).hits.map((h) => [
            h.id,
            { read: h.read, favourite: h.favourite },
          ]),
        )
      expect(await marksOf()).toEqual({
        'a/一.md': { read: false, favourite: false },
        'a/二.md': { read: false, favourite: false },
      })
      await core.setMark({ id: 'a/二.md', favourite: true })
      await core.setMark({ id: 'a/一.md', read: true })
      expect(await marksOf()).toEqual({
        'a/一.md': { read: true, favourite: false },
        'a/二.md': { read: false, favourite: true },
      })

      await writeTree(archive, {
        'a/四.md': articleText({ title: '新文章', body: '<p>量子芯片问世。</p>' }),
      })
      await waitFor(
        async () => (await core.search({ query: '量子芯片' })).total === 1,
        'the new file to be searchable',
      )
      expect((await core.search({ query: '芯片' })).total).toBe(3)
    } finally {
      await core.dispose()
      await removeDir(archive)
      await removeDir(dataDir)
    }
  })
})

describe('createCore local images', () => {
  it('serves images inside the archive by key, and nothing else', async () => {
    const archive = await makeTempDir('archive-browser-core-')
    const dataDir = await makeTempDir('archive-browser-data-')
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
    await writeTree(archive, {
      'posts/a.md': articleText({
        title: '本地图片',
        body: '<p><img src="images/pic.png"><img src="../../../etc/passwd.png"></p>',
      }),
      'posts/images/pic.png': png,
    })
    const core = await createCore({ dataDir })
    try {
      await core.openArchive({ path: archive })
      await waitFor(async () => (await core.getArchiveInfo())?.status === 'ready', 'the scan')
      const view = await core.getArticle({ id: 'posts/a.md' })
      const local = view.images.filter((image) => image.local)
      expect(local).toEqual([
        expect.objectContaining({ url: 'posts/images/pic.png', status: 'cached' }),
      ])
      const file = await core.imageFile(local[0]!.key)
      expect(file).toMatchObject({ contentType: 'image/png' })
      expect(file?.path.endsWith(path.join('posts', 'images', 'pic.png'))).toBe(true)
      expect(await core.imageFile('0'.repeat(64))).toBeNull()
    } finally {
      await core.dispose()
      await removeDir(archive)
      await removeDir(dataDir)
    }
  })
})

describe('createCore article images of the archive folder', () => {
  it('gives missing and refused ones a failed status and a reason, found again on a reread', async () => {
    const archive = await makeTempDir('archive-browser-core-')
    const outside = await makeTempDir('archive-browser-outside-')
    const dataDir = await makeTempDir('archive-browser-data-')
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
    await writeTree(outside, { 'secret.png': png })
    await writeTree(archive, {
      'posts/a.md': articleText({
        title: '本地图片',
        body:
          '<p><img src="pic.png"><img src="missing-local.png"><img src="x">' +
          '<img src="/etc/hostname"><img src="link-out.png"><img src="pw.png"></p>',
      }),
      'posts/pic.png': png,
    })
    await symlink(path.join(outside, 'secret.png'), path.join(archive, 'posts/link-out.png'))
    await symlink('/etc/passwd', path.join(archive, 'posts/pw.png'))
    const core = await createCore({ dataDir, images: { offline: true } })
    try {
      await core.openArchive({ path: archive })
      await waitFor(async () => (await core.getArchiveInfo())?.status === 'ready', 'the scan')
      const states = async () =>
        (await core.getArticle({ id: 'posts/a.md' })).images.map(({ url, status, reason }) => ({
          url,
          status,
          ...(reason ? { reason } : {}),
        }))
      expect(await states()).toEqual([
        { url: 'posts/pic.png', status: 'cached' },
        { url: 'posts/missing-local.png', status: 'failed', reason: 'missing' },
        { url: 'posts/x', status: 'failed', reason: 'missing' },
        { url: 'etc/hostname', status: 'failed', reason: 'missing' },
        { url: 'posts/link-out.png', status: 'failed', reason: 'outside' },
        { url: 'posts/pw.png', status: 'failed', reason: 'outside' },
      ])
      // The image put in place later shows when the article is read again.
      await writeTree(archive, { 'posts/missing-local.png': png })
      expect((await states())[1]).toEqual({ url: 'posts/missing-local.png', status: 'cached' })
    } finally {
      await core.dispose()
      await removeDir(archive)
      await removeDir(outside)
      await removeDir(dataDir)
    }
  })
})

describe('createCore list thumbnails', () => {
  const withThumbnail = (title: string, thumbnail: string, headimg = '') =>
    `\n---\ntitle: ${title}\ncategories: \n    - 测试\nauthor: 测试\ndate: Mon, 28 Jun 2021 18:03:38 GMT\nheadimg: '${headimg}'\nthumbnail: '${thumbnail}'\n---\n\n<div><p>${title}</p></div>\n`

  it('gives each row the key of its thumbnail, local ones served without reading the article', async () => {
    const archive = await makeTempDir('archive-browser-core-')
    const outside = await makeTempDir('archive-browser-outside-')
    const dataDir = await makeTempDir('archive-browser-data-')
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
    await writeTree(outside, { 'secret.png': png })
    await writeTree(archive, {
      'posts/local.md': withThumbnail('本地缩略图', 'images/pic.png'),
      'posts/head.md': withThumbnail('只有头图', '', 'images/pic.png'),
      'posts/remote.md': withThumbnail('远程缩略图', '//img.example.com/a.jpg'),
      'posts/missing.md': withThumbnail('缺失的缩略图', 'images/gone.png'),
      'posts/escape.md': withThumbnail('越界', `../../${path.basename(outside)}/secret.png`),
      'posts/absolute.md': withThumbnail('绝对路径', path.join(outside, 'secret.png')),
      'posts/none.md': withThumbnail('没有缩略图', ''),
      'posts/link.md': withThumbnail('链接出去', 'images/link.png'),
      'posts/images/pic.png': png,
    })
    await symlink(path.join(outside, 'secret.png'), path.join(archive, 'posts/images/link.png'))
    const core = await createCore({ dataDir })
    try {
      await core.openArchive({ path: archive })
      await waitFor(async () => (await core.getArchiveInfo())?.status === 'ready', 'the scan')
      const { items } = await core.listArticles({ sort: 'title' })
      const keyOf = (title: string) => items.find((item) => item.title === title)?.thumbnailKey

      const local = keyOf('本地缩略图')
      expect(local).toMatch(IMAGE_KEY_PATTERN)
      expect(keyOf('只有头图')).toBe(local)
      const file = await core.imageFile(local!)
      expect(file).toMatchObject({ contentType: 'image/png' })
      expect(file?.path.endsWith(path.join('posts', 'images', 'pic.png'))).toBe(true)

      expect(keyOf('远程缩略图')).toBe(imageKey('https://img.example.com/a.jpg'))
      expect(keyOf('没有缩略图')).toBeNull()
      // The parser drops a path leaving the archive: no key, and nothing registered for it.
      expect(keyOf('越界')).toBeNull()
      const missing = keyOf('缺失的缩略图')
      expect(missing).toMatch(IMAGE_KEY_PATTERN)

      // The list's one batched question: the local image is there, the missing one is not.
      // A link leaving the archive is refused, and says so.
      const link = keyOf('链接出去')
      const states = await core.getImageStates({ keys: [local!, missing!, link!] })
      expect(states).toEqual([
        { key: local, status: 'cached' },
        { key: missing, status: 'failed', reason: 'missing' },
        { key: link, status: 'failed', reason: 'outside' },
      ])
      expect(await core.imageFile(link!)).toBeNull()
      // An absolute path names a file in the archive ('/x' is the archive's root), never the disk.
      const absolute = keyOf('绝对路径')
      expect(absolute).toMatch(IMAGE_KEY_PATTERN)
      expect(await core.imageFile(absolute!)).toBeNull()
      for (const relPath of [
        `../${path.basename(outside)}/secret.png`,
        path.join(outside, 'secret.png'),
      ]) {
        const key = imageKey(`archive-local:${archive}\0${relPath}`)
        expect(await core.imageFile(key)).toBeNull()
      }
    } finally {
      await core.dispose()
      await removeDir(archive)
      await removeDir(outside)
      await removeDir(dataDir)
    }
  })
})
