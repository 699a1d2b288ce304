/**
 * The image cache through the engine's contract and the CLI: reading an article caches its images
 * first (img, lazy data-src, srcset, headimg), Core.imageFile serves them, "Cache all images"
 * runs over the archive, offline mode touches nothing, and `cache-images` prints its summary.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArchiveEvent } from '../../src/shared/contract/events'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import {
  jpegBytes,
  PNG_BYTES,
  sendImage,
  startImageServer,
  type ImageServer,
} from '../support/imageServer'
import { makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

const repo = path.resolve(import.meta.dirname, '../..')

let host: ImageServer
let root = ''
const dirs: string[] = []

function article(title: string, headimg: string, body: string): string {
  return `\n---\ntitle: ${title}\ndate: 2021-06-28 18:03:38\nheadimg: ${headimg}\n---\n\n<div>${body}</div>\n`
}

beforeAll(async () => {
  host = await startImageServer((req, res) => {
    if (req.url?.startsWith('/missing')) res.writeHead(404).end()
    else if (req.url?.endsWith('.png')) sendImage(res, PNG_BYTES, 'image/png')
    else sendImage(res, jpegBytes(3000, (req.url ?? '').length))
  })
  root = await makeTempDir('archive-browser-images-archive-')
  dirs.push(root)
  await writeTree(root, {
    'posts/one.md': article(
      '一',
      host.url('/head.jpg'),
      `<p><img src="${host.url('/a.jpg')}"><img data-src="${host.url('/lazy.jpg')}" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></p>` +
        `<img srcset="${host.url('/small.png')} 1x, ${host.url('/big.png')} 2x"><img src="local.png">`,
    ),
    'posts/two.md': article(
      '二',
      "''",
      `<img src="${host.url('/a.jpg')}"><img src="${host.url('/missing.jpg')}">`,
    ),
    'posts/local.png': PNG_BYTES,
  })
})

afterAll(async () => {
  await host.close()
  await Promise.all(dirs.map(removeDir))
})

async function openCore(
  background = false,
): Promise<{ core: Core; events: ArchiveEvent[]; dataDir: string }> {
  const dataDir = await makeTempDir('archive-browser-images-data-')
  dirs.push(dataDir)
  const core = await createCore({
    dataDir,
    watch: false,
    images: { background, retryBaseMs: 5, eventIntervalMs: 10 },
  })
  const events: ArchiveEvent[] = []
  core.subscribe((event) => events.push(event))
  await core.openArchive({ path: root })
  await waitFor(() => events.some((e) => e.type === 'index-progress' && e.done), 'the index')
  return { core, events, dataDir }
}

describe('image cache in the engine', () => {
  it('caches the article being read first, and serves its images by key', async () => {
    const { core, events, dataDir } = await openCore()
    try {
      const view = await core.getArticle({ id: 'posts/one.md' })
      const remote = view.images.filter((i) => !i.local)
      expect(remote.map((i) => new URL(i.url).pathname).sort()).toEqual([
        '/a.jpg',
        '/big.png',
        '/head.jpg',
        '/lazy.jpg',
        '/small.png',
      ])
      expect(new Set(remote.map((i) => i.status))).toEqual(new Set(['pending']))
      const keys = remote.map((i) => i.key)
      await waitFor(
        async () => (await core.getImageStates({ keys })).every((s) => s.status === 'cached'),
        'the article images',
      )
      expect(events.some((e) => e.type === 'images-changed')).toBe(true)
      const file = await core.imageFile(keys[0] as string)
      expect(file?.path.startsWith(path.join(dataDir, 'images') + path.sep)).toBe(true)
      expect(file?.contentType).toMatch(/^image\//)
      // The archive's own image is still served from the archive.
      const local = view.images.find((i) => i.local)
      expect(local?.status).toBe('cached')
      expect((await core.imageFile(local?.key ?? ''))?.contentType).toBe('image/png')
      // Read again: nothing is downloaded twice.
      const before = host.requests.length
      const again = await core.getArticle({ id: 'posts/one.md' })
      expect(again.images.filter((i) => !i.local).every((i) => i.status === 'cached')).toBe(true)
      expect(host.requests.length).toBe(before)
    } finally {
      await core.dispose()
    }
  })

  it('caches all images of the archive on demand, and reports failures by reason and host', async () => {
    const { core, events } = await openCore()
    try {
      const started = await core.cacheAllImages()
      expect(started.running).toBe(true)
      await waitFor(
        () => events.some((e) => e.type === 'cache-progress' && !e.running && e.cached > 0),
        'the run to end',
      )
      const report = await core.getImageCacheReport({})
      expect(report.scope).toBe('archive')
      expect(report.status).toMatchObject({ total: 6, cached: 5, failed: 1, running: false })
      expect(report.byStatus).toEqual({ ok: 5, 'http-404': 1 })
      expect(report.failures).toHaveLength(1)
      expect(report.failures[0]).toMatchObject({ reason: 'http-404', host: host.host })
      expect(report.lastRun).toMatchObject({ requested: 6, ok: 5, failed: 1 })
      const health = await core.getHealth()
      expect(health.images.cached).toBe(5)
      // The reader's placeholder gets the reason.
      const two = await core.getArticle({ id: 'posts/two.md' })
      expect(two.images.find((i) => i.url.endsWith('/missing.jpg'))).toMatchObject({
        status: 'failed',
        reason: 'http-404',
      })
    } finally {
      await core.dispose()
    }
  })

  it('caches the archive in the background once it is indexed', async () => {
    const { core } = await openCore(true)
    try {
      await waitFor(async () => {
        const status = await core.getImageCacheStatus()
        return !status.running && status.cached === 5 && status.failed === 1
      }, 'the background run')
      expect((await core.getImageCacheReport({})).lastRun).toMatchObject({ ok: 5, failed: 1 })
    } finally {
      await core.dispose()
    }
  })

  it("starts its background run at the first pause in the user's requests", async () => {
    const dataDir = await makeTempDir('archive-browser-images-data-')
    dirs.push(dataDir)
    const core = await createCore({
      dataDir,
      watch: false,
      images: {
        background: true,
        retryBaseMs: 5,
        eventIntervalMs: 10,
        startQuiet: { quietMs: 300, maxWaitMs: 60_000 },
      },
    })
    const before = host.requests.length
    let reading = true
    // The user keeps asking for list pages, a foreground request every ~20 ms.
    const user = (async () => {
      while (reading) {
        await core.listArticles({ offset: 0, limit: 10 }).catch(() => undefined)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    })()
    try {
      const events: ArchiveEvent[] = []
      core.subscribe((event) => events.push(event))
      await core.openArchive({ path: root })
      await waitFor(() => events.some((e) => e.type === 'index-progress' && e.done), 'the index')
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      expect(host.requests.length).toBe(before) // nothing fetched while the user was busy
      reading = false
      await user
      await waitFor(async () => {
        const status = await core.getImageCacheStatus()
        return !status.running && status.cached === 5
      }, 'the background run after the pause')
    } finally {
      reading = false
      await user
      await core.dispose()
    }
  })

  it('touches no network when offline', async () => {
    const { core } = await openCore()
    try {
      await core.updateSettings({ offlineOnly: true })
      const before = host.requests.length
      const view = await core.getArticle({ id: 'posts/one.md' })
      expect(view.images.filter((i) => !i.local).map((i) => i.reason)).toEqual(
        Array(5).fill('offline'),
      )
      await core.cacheAllImages()
      await waitFor(async () => !(await core.getImageCacheStatus()).running, 'the run to end')
      expect((await core.getImageCacheReport({})).lastRun).toMatchObject({ requested: 0 })
      expect(host.requests.length).toBe(before)
    } finally {
      await core.dispose()
    }
  })
})

describe('cache-images command', () => {
  it('prints a summary, and a second run downloads nothing new', async () => {
    const dataDir = await makeTempDir('archive-browser-images-cli-')
    dirs.push(dataDir)
    const tsx = path.join(repo, 'node_modules', '.bin', 'tsx')
    // Asynchronous: the image server answers from this very process.
    const run = (...args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(
          tsx,
          ['src/main/cli/index.ts', 'cache-images', root, '--data-dir', dataDir, ...args],
          { cwd: repo, encoding: 'utf8', timeout: 60_000 },
          (error, stdout, stderr) => {
            const status = error ? (typeof error.code === 'number' ? error.code : null) : 0
            resolve({ status, stdout, stderr })
          },
        )
      })
    const first = await run('--json', '--concurrency', '3')
    expect(first.status).toBe(0)
    const summary = JSON.parse(first.stdout) as Record<string, unknown>
    expect(first.stderr).toBe('')
    expect(summary).toMatchObject({ images: 6, ok: 5, failed: 1, downloaded: 6 - 1 })
    expect(summary.failedByReason).toEqual({ 'http-404': 1 })
    const requests = host.requests.length
    const second = await run('--json')
    expect(JSON.parse(second.stdout)).toMatchObject({ images: 6, ok: 5, downloaded: 0 })
    expect(host.requests.length).toBe(requests)
    const offline = await run('--offline')
    expect(offline.status).toBe(0)
    expect(offline.stdout).toMatch(/6 images: 5 ok, 1 failed/)
    expect((await run('--concurrency', 'x')).status).toBe(2)
  })
})

describe('image cache cap and the article being read', () => {
  it('keeps an article’s new image when favourites fill the cap, and downloads it once', async () => {
    const archive = await makeTempDir('archive-browser-images-cap-')
    const dataDir = await makeTempDir('archive-browser-images-data-')
    dirs.push(archive, dataDir)
    // Each JPEG of the test host is 3,000 bytes.
    await writeTree(archive, {
      'posts/fav.md': article('收藏', "''", `<img src="${host.url('/cap-fav.jpg')}">`),
      'posts/other.md': article('另一篇', "''", `<img src="${host.url('/cap-new.jpg')}">`),
    })
    const core = await createCore({
      dataDir,
      watch: false,
      images: { background: false, retryBaseMs: 5, eventIntervalMs: 10 },
    })
    try {
      const events: ArchiveEvent[] = []
      core.subscribe((event) => events.push(event))
      await core.openArchive({ path: archive })
      await waitFor(() => events.some((e) => e.type === 'index-progress' && e.done), 'the index')
      await core.updateSettings({ imageCacheCapBytes: 3000 })
      await core.setMark({ id: 'posts/fav.md', favourite: true })
      const settled = async (id: string) => {
        const keys = (await core.getArticle({ id })).images.map((image) => image.key)
        await waitFor(
          async () => (await core.getImageStates({ keys })).every((s) => s.status !== 'pending'),
          `the images of ${id}`,
        )
        return core.getImageStates({ keys })
      }
      expect((await settled('posts/fav.md'))[0]?.status).toBe('cached')
      // The favourite fills the cap; the article read now downloads its image and keeps it.
      const [image] = await settled('posts/other.md')
      expect(image?.status).toBe('cached')
      expect(await core.imageFile(image!.key)).not.toBeNull()
      // Opened again: shown from the cache, not downloaded again.
      const again = await core.getArticle({ id: 'posts/other.md' })
      expect(again.images[0]?.status).toBe('cached')
      expect(host.requests.filter((r) => r.path === '/cap-new.jpg')).toHaveLength(1)
      const report = await core.getImageCacheReport({})
      expect(report).toMatchObject({ cacheBytes: 6000, capBytes: 3000 })
    } finally {
      await core.dispose()
    }
  })
})
