/**
 * The reader's sanitizer against hostile article bodies, in Chromium, through the real engine and
 * serve mode. The test writes a fixture archive whose articles try every known way to run script
 * or to reach the network (script, on* handlers, javascript: URLs, SVG and MathML mXSS, meta
 * refresh, frames, style and link injection, <base>, forms, objects, remote srcset and CSS
 * url()), all pointed at a "hostile" HTTP server the test starts on another 127.0.0.1 port.
 * Each article is opened in the reader, once with serve mode's CSP and once with the CSP header
 * stripped (the sanitizer alone); then, in the browser:
 * - no hostile code ran: no window flag, no dialog, no console message, no page error (CSP
 *   violation events are no signal here: Chromium's DOMParser documents inherit the page's CSP, so
 *   DOMPurify's own inert parse of the hostile markup reports violations while nothing runs);
 * - no request left the serve origin (Playwright sees every request) and the hostile server
 *   received none from the browser;
 * - frames and videos became an "external video on <host>" link, audio "external audio", objects
 *   and embeds "embedded object"; lazy images (data-src, data-original) show through the image
 *   route; remote images became placeholders.
 */
import { expect, test } from '@playwright/test'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Core } from '../../src/main/core/coreTypes'
import type { ServeServer } from '../../src/main/serve'
import { startServedEngine, type ServedEngine } from '../support/servedEngine'

const root = path.resolve(__dirname, '..', '..')
const rendererDir = path.join(root, 'out', 'renderer')
const built = existsSync(path.join(rendererDir, 'index.html'))

// A 1×1 PNG for the archive's own (lazy) images.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)
const PWN = "window.__pwned=(window.__pwned||[]).concat('x');alert('PWNED');console.log('PWNED')"

interface HostileCase {
  slug: string
  title: string
  body: (h: string) => string
  /** Extra front matter lines (thumbnail, headimg pointing at the hostile host). */
  frontMatter?: (h: string) => string
}

/** `h` is the hostile server's origin, e.g. http://127.0.0.1:4567. */
const CASES: HostileCase[] = [
  {
    slug: 'script',
    title: '脚本标签',
    body: (h) =>
      `<p>脚本标签</p><script>${PWN}</script><script src="${h}/script.js"></script>` +
      `<SCRIPT>${PWN}</SCRIPT><noscript><p title="</noscript><img src=x onerror=${JSON.stringify(PWN)}>"></p></noscript>`,
  },
  {
    slug: 'handlers',
    title: '事件处理器',
    body: () =>
      `<p onclick="${PWN}" onmouseover="${PWN}">事件处理器</p><img src="x" onerror="${PWN}">` +
      `<details open ontoggle="${PWN}"><summary>s</summary>d</details>` +
      `<div onfocus="${PWN}" tabindex="0" autofocus>focus</div><body onload="${PWN}">`,
  },
  {
    slug: 'javascript-urls',
    title: 'javascript 链接',
    body: () =>
      `<p>javascript 链接</p><a id="js1" href="javascript:${PWN}">js1</a>` +
      `<a id="js2" href="JaVaScRiPt:${PWN}">js2</a>` +
      `<a id="js3" href="&#106;avascript:${PWN}">js3</a>` +
      `<a id="js4" href=" &#x09;javascript:${PWN}">js4</a>` +
      `<a id="js5" href="data:text/html,<script>${PWN}</script>">js5</a>` +
      `<iframe src="javascript:${PWN}"></iframe>`,
  },
  {
    slug: 'svg',
    title: 'SVG 技巧',
    body: (h) =>
      `<p>SVG 技巧</p><svg onload="${PWN}"><circle r="4"></circle></svg>` +
      `<svg><script>${PWN}</script></svg>` +
      `<svg><animate onbegin="${PWN}" attributeName="x" dur="1s"></animate></svg>` +
      `<svg><a xlink:href="javascript:${PWN}"><text x="0" y="10">svg link</text></a></svg>` +
      `<svg><image href="${h}/svg-image.png"></image></svg>` +
      `<svg><foreignObject><img src="${h}/foreign.png"></foreignObject></svg>`,
  },
  {
    slug: 'mathml',
    title: 'MathML 变异',
    body: (h) =>
      `<p>MathML 变异</p>` +
      `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=${h}/mxss1.png onerror=${PWN}&gt;">` +
      `</mglyph></table></mtext></math>` +
      `<form><math><mtext></form><form><mglyph><style></math><img src="${h}/mxss2.png" onerror="${PWN}">` +
      `<math><mi xlink:href="javascript:${PWN}">m</mi></math>`,
  },
  {
    slug: 'meta-refresh',
    title: '元刷新',
    body: (h) =>
      `<p>元刷新</p><meta http-equiv="refresh" content="0;url=${h}/meta-refresh">` +
      `<meta http-equiv="Content-Security-Policy" content="default-src *">`,
  },
  {
    slug: 'iframes',
    title: '内嵌框架',
    body: (h) =>
      `<p>内嵌框架</p><iframe src="https://www.youtube.com/embed/abc123"></iframe>` +
      `<iframe src="${h}/frame.html"></iframe>` +
      `<iframe srcdoc="<script>${PWN}</script>"></iframe>` +
      `<video src="${h}/video.mp4" poster="${h}/poster.png" autoplay></video>` +
      `<audio src="${h}/audio.mp3" autoplay></audio>`,
  },
  {
    slug: 'style',
    title: '样式注入',
    body: (h) =>
      `<p>样式注入</p><style>@import '${h}/import.css'; body { background: url(${h}/style-tag.png) }</style>` +
      `<p style="background: url(${h}/style-attr.png)">css url</p>` +
      `<div style="background-image: url('${h}/style-attr2.png'); position: fixed; inset: 0">cover</div>`,
  },
  {
    slug: 'base',
    title: 'base 标签',
    body: (h) =>
      `<base href="${h}/base/"><p>base 标签</p><a href="relative.html">relative</a>` +
      `<img src="relative.png" alt="relative image">`,
  },
  {
    slug: 'forms',
    title: '表单',
    body: (h) =>
      `<p>表单</p><form action="${h}/form" method="post"><input name="q" value="v">` +
      `<button type="submit">go</button><button formaction="${h}/formaction">go2</button></form>` +
      `<input type="image" src="${h}/input-image.png">`,
  },
  {
    slug: 'objects',
    title: '对象与嵌入',
    body: (h) =>
      `<p>对象与嵌入</p><object data="${h}/object.swf" type="application/x-shockwave-flash"></object>` +
      `<embed src="${h}/embed.swf"><object data="data:text/html,<script>${PWN}</script>"></object>` +
      `<applet code="x" codebase="${h}/applet"></applet>`,
  },
  {
    slug: 'srcset',
    title: '远程图片集',
    body: (h) =>
      `<p>远程图片集</p><img srcset="${h}/srcset-1x.png 1x, ${h}/srcset-2x.png 2x" alt="srcset">` +
      `<picture><source srcset="${h}/picture.webp"><img src="${h}/picture.jpg" alt="picture"></picture>` +
      `<img src="${h}/plain.png" alt="plain" lowsrc="${h}/lowsrc.png">` +
      `<table background="${h}/table-bg.png"><tr><td>t</td></tr></table>` +
      `<a href="${h}/ping-link" ping="${h}/ping">a remote link (never clicked)</a>`,
    frontMatter: (h) => `thumbnail: ${h}/thumbnail.png\nheadimg: ${h}/headimg.png`,
  },
  {
    slug: 'links',
    title: '链接预取',
    body: (h) =>
      `<p>链接预取</p><link rel="stylesheet" href="${h}/sheet.css">` +
      `<link rel="prefetch" href="${h}/prefetch"><link rel="preload" as="image" href="${h}/preload.png">` +
      `<link rel="dns-prefetch" href="${h}"><link rel="preconnect" href="${h}">` +
      `<link rel="import" href="${h}/import.html">`,
  },
  {
    slug: 'lazy',
    title: '懒加载图片',
    body: () =>
      `<p>懒加载图片</p>` +
      `<img class="lazy" data-src="images/lazy-a.png" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="lazy a">` +
      `<img data-original="images/lazy-b.png" alt="lazy b">` +
      `<img src="images/plain-local.png" alt="local">`,
  },
]

function articleFile(c: HostileCase, index: number, hostile: string): string {
  const day = String(10 + index).padStart(2, '0')
  return [
    '---',
    `title: '${c.title}'`,
    'categories:',
    '    - 恶意',
    '    - 样本',
    'author: 测试',
    `date: 2021-06-${day} 10:00:00`,
    ...(c.frontMatter ? [c.frontMatter(hostile)] : []),
    '---',
    '',
    `<div>${c.body(hostile)}</div>`,
    '',
  ].join('\n')
}

interface HostileServer {
  origin: string
  /** Every request received: method, URL and user agent. */
  received: { url: string; userAgent: string }[]
  close(): Promise<void>
}

async function startHostileServer(): Promise<HostileServer> {
  const received: HostileServer['received'] = []
  const server: Server = createServer((req, res) => {
    received.push({ url: req.url ?? '', userAgent: req.headers['user-agent'] ?? '' })
    res.writeHead(200, { 'Content-Type': 'text/html' })
    res.end(`<script>${PWN}</script>`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

let hostile: HostileServer
let archiveDir: string
let engine: ServedEngine
let core: Core
let server: ServeServer

test.describe('sanitizer against hostile articles, real engine', () => {
  test.skip(!built, 'out/renderer is not built: run `npm run build` first')

  test.beforeAll(async () => {
    hostile = await startHostileServer()
    archiveDir = mkdtempSync(path.join(tmpdir(), 'archive-browser-hostile-'))
    const folder = path.join(archiveDir, 'source', '_posts', '恶意', '样本')
    mkdirSync(path.join(folder, 'images'), { recursive: true })
    for (const name of ['lazy-a.png', 'lazy-b.png', 'plain-local.png'])
      writeFileSync(path.join(folder, 'images', name), PNG)
    CASES.forEach((c, index) =>
      writeFileSync(path.join(folder, `${c.slug}.md`), articleFile(c, index, hostile.origin)),
    )
    // Offline: the engine's image cache would otherwise download from the hostile server too;
    // this spec is about what the BROWSER fetches (the cache has its own tests).
    engine = await startServedEngine(rendererDir)
    ;({ core, server } = engine)
  })
  // Each run starts from the welcome view and opens the archive the way a user does.
  test.beforeEach(async () => {
    await core.closeArchive()
  })
  test.afterAll(async () => {
    await engine?.close()
    await hostile?.close()
    rmSync(archiveDir, { recursive: true, force: true })
  })

  for (const withCsp of [true, false])
    test(`no hostile body runs script or reaches the network (${withCsp ? 'with' : 'without'} the page CSP)`, async ({
      page,
    }) => {
      const serveOrigin = new URL(server.url).origin
      const offOrigin: string[] = []
      const dialogs: string[] = []
      const consoleMessages: string[] = []
      const pageErrors: string[] = []
      page.on('request', (request) => {
        const url = request.url()
        if (!url.startsWith(`${serveOrigin}/`) && !/^(data|blob):/.test(url)) offOrigin.push(url)
      })
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message())
        void dialog.dismiss()
      })
      page.on('console', (message) => {
        if (/PWNED/.test(message.text())) consoleMessages.push(message.text())
      })
      page.on('pageerror', (error) => pageErrors.push(error.message))
      if (!withCsp) {
        // Strip the page's Content-Security-Policy: the sanitizer alone must hold.
        await page.route('**/*', async (route) => {
          if (route.request().resourceType() !== 'document') return route.continue()
          const response = await route.fetch()
          const headers = { ...response.headers() }
          delete headers['content-security-policy']
          return route.fulfill({ response, headers })
        })
      }
      await page.goto(server.pageUrl)
      await page.getByLabel(/Folder path|文件夹路径/).fill(archiveDir)
      await page.locator('.open-form button[type=submit]').click()
      await expect(page.getByRole('status').filter({ hasText: /^14 articles$/ })).toBeVisible()

      for (const c of CASES) {
        await page.locator('.row-title-text', { hasText: c.title }).first().click()
        await expect(page.locator('.article-title')).toHaveText(c.title)
        const body = page.locator('.article-body')
        await expect(body).toContainText(c.title)
        // Interact the way a reader would: click the text and every link that is not remote.
        await body.locator('p').first().click()
        for (const link of await body.locator('a:not([href^="http"])').all()) await link.click()
        await body.evaluate(
          (el) =>
            new Promise<void>((resolve) => {
              const images = Array.from(el.querySelectorAll('img'))
              void Promise.all(images.map((img) => img.decode().catch(() => undefined))).then(() =>
                requestAnimationFrame(() => requestAnimationFrame(() => resolve())),
              )
            }),
        )
        const dom = await body.evaluate((el) => {
          const all = Array.from(el.querySelectorAll('*'))
          return {
            // The reader's own Retry button (built after sanitizing, as text) is not from the body.
            forbidden: all
              .filter((node) => !node.matches('button.img-retry[data-image-key]'))
              .map((node) => node.tagName.toLowerCase())
              .filter((tag) =>
                /^(script|style|link|meta|base|iframe|frame|object|embed|applet|form|input|button|svg|math|video|audio|source|noscript)$/.test(
                  tag,
                ),
              ),
            attributes: all.flatMap((node) =>
              Array.from(node.attributes, (a) => a.name).filter((name) =>
                /^(on|style$|srcset$|formaction$|action$|background$|poster$|ping$|lowsrc$|xlink:href$|href$)/.test(
                  name,
                ),
              ),
            ),
            hrefs: Array.from(el.querySelectorAll('a[href]'), (a) => a.getAttribute('href') ?? ''),
            imageSrcs: Array.from(
              el.querySelectorAll('img'),
              (img) => img.getAttribute('src') ?? '',
            ),
          }
        })
        expect(dom.forbidden, c.slug).toEqual([])
        expect(
          dom.attributes.filter((name) => name !== 'href'),
          c.slug,
        ).toEqual([])
        for (const href of dom.hrefs) expect(href, c.slug).toMatch(/^(https?:|mailto:)/)
        for (const src of dom.imageSrcs) expect(src, c.slug).toMatch(/^\/img\/[0-9a-f]{64}/)
      }

      // Frames became links naming their host; the hostile frame is a link too, never loaded.
      await page.locator('.row-title-text', { hasText: '内嵌框架' }).first().click()
      const media = page.locator('.article-body a.external-media')
      await expect(media.first()).toBeVisible()
      expect(
        await media.evaluateAll((links) => links.map((a) => a.textContent?.replace(/\s*↗$/, ''))),
      ).toEqual([
        'External video on www.youtube.com',
        `External video on ${new URL(hostile.origin).host}`,
        `External video on ${new URL(hostile.origin).host}`,
        `External audio on ${new URL(hostile.origin).host}`,
      ])
      await expect(media.first()).toHaveAttribute('href', 'https://www.youtube.com/embed/abc123')
      await expect(media.first()).toHaveAttribute('rel', 'noopener noreferrer')
      await page.locator('.row-title-text', { hasText: '对象与嵌入' }).first().click()
      await expect(page.locator('.article-title')).toHaveText('对象与嵌入')
      expect(
        await media.evaluateAll((links) => links.map((a) => a.textContent?.replace(/\s*↗$/, ''))),
      ).toEqual([
        `Embedded object on ${new URL(hostile.origin).host}`,
        `Embedded object on ${new URL(hostile.origin).host}`,
      ])
      // javascript: links are plain text, not links without an href.
      await page.locator('.row-title-text', { hasText: 'javascript 链接' }).first().click()
      await expect(page.locator('.article-title')).toHaveText('javascript 链接')
      await expect(page.locator('.article-body')).toContainText('js1')
      await expect(page.locator('.article-body a:not([href])')).toHaveCount(0)

      // Lazy images come from the archive through the image route; the remote ones are placeholders.
      await page.locator('.row-title-text', { hasText: '懒加载图片' }).first().click()
      await expect(page.locator('.article-body img')).toHaveCount(3)
      const loaded = await page
        .locator('.article-body img')
        .evaluateAll((images) =>
          (images as HTMLImageElement[]).map((img) => img.complete && img.naturalWidth > 0),
        )
      expect(loaded).toEqual([true, true, true])
      await page.locator('.row-title-text', { hasText: '远程图片集' }).first().click()
      await expect(page.locator('.article-body .img-placeholder')).toHaveCount(3)
      await expect(page.locator('.article-body img')).toHaveCount(0)

      const pwned = await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)
      expect({ pwned: pwned ?? null, dialogs, consoleMessages, pageErrors }).toEqual({
        pwned: null,
        dialogs: [],
        consoleMessages: [],
        pageErrors: [],
      })
      expect(offOrigin).toEqual([])
      expect(page.url()).toBe(server.pageUrl)
      // The browser never reaches the hostile server (the engine runs with images offline here).
      expect(hostile.received.filter((r) => /Chrom/i.test(r.userAgent))).toEqual([])
      expect(hostile.received).toEqual([])
    })
})
