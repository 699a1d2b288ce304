/**
 * The desktop app end to end, with Playwright's `_electron`: launch on a folder, wait for the
 * index, search, read, export, and check the window's security. Skips (saying why) when the
 * Electron runtime is not installed, as on machines that cannot download it.
 */
import {
  _electron as electron,
  expect,
  test,
  type ElectronApplication,
  type Page,
} from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { ArchiveBridge } from '../../src/shared/contract/bridge'
import type { Result } from '../../src/shared/errors'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'

// Playwright loads specs as CommonJS (no "type": "module"), where import.meta is unavailable.
const root = path.resolve(__dirname, '..', '..')
const mainBundle = path.join(root, 'out', 'main', 'index.js')

/** The runtime, found the way node_modules/electron/index.js finds it, minus its download attempt. */
function findElectron(): { binary: string } | { reason: string } {
  const dir = path.join(root, 'node_modules', 'electron')
  const pathFile = path.join(dir, 'path.txt')
  if (!existsSync(pathFile))
    return { reason: 'node_modules/electron/path.txt is missing (runtime never downloaded)' }
  const relative = readFileSync(pathFile, 'utf8').trim()
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist')
  const binary = path.join(base, relative)
  return existsSync(binary) ? { binary } : { reason: `${binary} does not exist` }
}

const found = findElectron()
const skipReason =
  'reason' in found
    ? `Electron runtime not installed: ${found.reason}`
    : existsSync(mainBundle)
      ? null
      : 'out/main/index.js is missing: run npm run build first'
if (skipReason) process.stdout.write(`electron.spec.ts: skipped. ${skipReason}\n`)

/** The test's environment with its own data folder, minus anything that would make Electron act as Node. */
function launchEnv(dataDir: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && name !== 'ELECTRON_RUN_AS_NODE') env[name] = value
  }
  env.ARCHIVE_BROWSER_DATA_DIR = dataDir
  return env
}

/** The preload's global, typed locally (no global augmentation that other specs could clash with). */
type BridgeWindow = Window & { archiveApi: ArchiveBridge }

async function call<T>(page: Page, method: string, arg?: unknown): Promise<T> {
  const result = await page.evaluate(
    ([m, a]) => (window as unknown as BridgeWindow).archiveApi.call(m as never, a),
    [method, arg] as const,
  )
  const settled = result as Result<T>
  if (!settled.ok) throw new Error(`${method}: ${settled.error.code} ${settled.error.message}`)
  return settled.value
}

test.describe('desktop app', () => {
  test.skip(skipReason !== null, skipReason ?? '')

  let archive: string
  let dataDir: string
  let app: ElectronApplication
  let page: Page

  test.beforeAll(async () => {
    archive = await makeTempDir('archive-browser-e2e-archive-')
    dataDir = await makeTempDir('archive-browser-e2e-data-')
    await writeTree(archive, {
      'source/2024-01-01-chips.md': articleText({
        title: '芯片产业观察',
        body: '<p>国产芯片的制造业进展。</p>',
      }),
      'source/2024-01-02-games.md': articleText({
        title: '游戏新闻',
        body: '<p>今天的游戏新闻。</p>',
      }),
      'other/2024-01-03-market.md': articleText({
        title: '市场数据',
        body: '<p>上海市场数据发布。</p>',
      }),
    })
    const binary = (found as { binary: string }).binary
    const sandboxArgs =
      process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : []
    app = await electron.launch({
      executablePath: binary,
      // '.' starts the app as `npm start` does: package.json "main" is out/main/index.js.
      args: [...sandboxArgs, '.', archive],
      cwd: root,
      env: launchEnv(dataDir),
      timeout: 60_000,
    })
    page = await app.firstWindow()
    await page.waitForLoadState('domcontentloaded')
  })

  test.afterAll(async () => {
    await app?.close()
    await removeDir(archive)
    await removeDir(dataDir)
  })

  test('opens the folder from the command line and indexes it', async () => {
    await expect
      .poll(async () => (await call<{ status: string } | null>(page, 'getArchiveInfo'))?.status)
      .toBe('ready')
    const info = await call<{ path: string; articleCount: number }>(page, 'getArchiveInfo')
    expect(info.articleCount).toBe(3)
    const title = await app.evaluate(({ BrowserWindow }) =>
      BrowserWindow.getAllWindows()[0]?.getTitle(),
    )
    expect(title).toContain(path.basename(archive))
  })

  test('exposes only the narrow bridge, no Node', async () => {
    const shape = await page.evaluate(() => ({
      bridge: Object.keys((window as unknown as BridgeWindow).archiveApi).sort(),
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }))
    expect(shape).toEqual({
      bridge: ['call', 'onEvent', 'onMenu', 'pathForFile'],
      require: 'undefined',
      process: 'undefined',
    })
  })

  test('searches Chinese text and reads the article', async () => {
    const found = await call<{ total: number; hits: { id: string; title: string }[] }>(
      page,
      'search',
      {
        query: '芯片',
      },
    )
    expect(found.hits.map((hit) => hit.title)).toContain('芯片产业观察')
    const id = found.hits.find((hit) => hit.title === '芯片产业观察')!.id
    const article = await call<{ title: string; bodyHtml: string }>(page, 'getArticle', { id })
    expect(article.bodyHtml).toContain('国产芯片')
    await expect(page.getByText('芯片产业观察').first()).toBeVisible()
  })

  // Printed by Electron's own printToPDF in main, asked for by the engine's utility process.
  test('exports a PDF', async () => {
    const page1 = await call<{ items: { id: string }[] }>(page, 'listArticles', { limit: 10 })
    const destination = path.join(dataDir, 'export.pdf')
    const result = await call<{ files: string[]; pages: number; articles: number }>(
      page,
      'exportPdf',
      { ids: page1.items.map((item) => item.id), destination },
    )
    expect(result.files).toEqual([destination])
    expect(result.articles).toBe(page1.items.length)
    expect(result.pages).toBeGreaterThan(page1.items.length)
    const pdf = await readFile(destination)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.includes('/Outlines')).toBe(true)
  })

  test('has the File menu with its accelerators', async () => {
    const labels = await app.evaluate(({ Menu }) =>
      (Menu.getApplicationMenu()?.items ?? []).flatMap((item) =>
        (item.submenu?.items ?? []).map((sub) => `${sub.label}|${sub.accelerator ?? ''}`),
      ),
    )
    expect(labels).toEqual(
      expect.arrayContaining([
        'Open…|CmdOrCtrl+O',
        'Export to PDF…|CmdOrCtrl+P',
        'Find|CmdOrCtrl+F',
      ]),
    )
  })
})
