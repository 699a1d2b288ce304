/**
 * The export dialog with the real engine behind serve mode, its watcher on, and a printer the
 * spec holds (pdf-lib writes one page per print job once the spec lets it). Closing the dialog
 * leaves a running export running, shown in the top bar; reopening shows its progress, then its
 * outcome, with the articles deleted meanwhile listed as left out. The dialog follows the live
 * selection, and a cancel is reported as a cancel, not a failure.
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { existsSync } from 'node:fs'
import { readFile, readdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { PDFDocument } from 'pdf-lib'
import type { PdfPrinter } from '../../src/main/core/export/printer'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { openArchive, row, status } from '../support/livePage'
import { startServedEngine, type ServedEngine } from '../support/servedEngine'

const root = path.resolve(__dirname, '..', '..')
const rendererDir = path.join(root, 'out', 'renderer')
const built = existsSync(path.join(rendererDir, 'index.html'))

const FOLDER = 'source/_posts/新媒体/测试源/频道'
const ARTICLES = [
  { id: `${FOLDER}/甲.md`, title: '甲文章', date: 'Tue, 06 Jul 2021 08:00:00 GMT' },
  { id: `${FOLDER}/乙.md`, title: '乙文章', date: 'Mon, 05 Jul 2021 08:00:00 GMT' },
  { id: `${FOLDER}/丙.md`, title: '丙文章', date: 'Sun, 04 Jul 2021 08:00:00 GMT' },
]

/** Prints a one-page PDF per job, each waiting while the spec holds the printer. */
function heldPrinter() {
  let release = () => {}
  let held: Promise<void> = Promise.resolve()
  const printer: PdfPrinter = {
    async print(job, signal) {
      await new Promise<void>((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('print aborted')), { once: true })
        void held.then(resolve)
      })
      const doc = await PDFDocument.create()
      doc.addPage([595, 842])
      await writeFile(job.pdfFile, await doc.save())
    },
    async close() {},
  }
  return {
    printer,
    hold() {
      held = new Promise((resolve) => (release = resolve))
    },
    release: () => release(),
  }
}

let archive = ''
let out = ''
let engine: ServedEngine
let printing: ReturnType<typeof heldPrinter>

/** Selects the three articles (click the first, Shift-click the last) and opens the dialog. */
async function selectAllAndOpenDialog(page: Page) {
  await openArchive(page, engine, archive, 3)
  await row(page, '甲文章').click()
  await row(page, '丙文章').click({ modifiers: ['Shift'] })
  await expect(page.getByText('3 selected')).toBeVisible()
  await page.locator('body').press('Control+p')
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByRole('heading')).toHaveText('Export 3 articles to PDF')
  return dialog
}

test.describe('the export dialog (real engine, watcher on)', () => {
  test.skip(!built, 'out/renderer is not built: run `npx electron-vite build` first')

  test.beforeEach(async () => {
    archive = await makeTempDir('archive-browser-export-e2e-')
    out = await makeTempDir('archive-browser-export-e2e-out-')
    await writeTree(
      archive,
      Object.fromEntries(
        ARTICLES.map((a) => [a.id, articleText({ title: a.title, date: a.date })]),
      ),
    )
    printing = heldPrinter()
    // One article per print job: an article deleted during the first job is read after it.
    engine = await startServedEngine(rendererDir, {
      watch: true,
      pdfPrinter: printing.printer,
      exportArticlesPerChunk: 1,
    })
  })
  test.afterEach(async () => {
    printing.release()
    await engine.close()
    await Promise.all([removeDir(archive), removeDir(out)])
  })

  test('an export left running stays visible, and reopening shows its progress and outcome', async ({
    page,
  }) => {
    const dialog = await selectAllAndOpenDialog(page)
    const destination = path.join(out, '文集.pdf')
    await dialog.getByRole('textbox').first().fill(destination)
    printing.hold()
    await dialog.getByRole('button', { name: 'Export', exact: true }).click()
    await expect(dialog.getByRole('heading')).toHaveText('Exporting 3 articles to PDF')
    await expect(dialog.getByRole('button', { name: 'Cancel export' })).toBeVisible()
    const axe = new AxeBuilder({ page }).include('dialog').withTags(['wcag2a', 'wcag2aa'])
    expect((await axe.analyze()).violations.map((v) => v.id)).toEqual([])

    // Closing the dialog does not stop it: the top bar shows it running.
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    const running = page.getByRole('button', { name: /^Exporting… \d\/3$/ })
    await expect(running).toBeVisible()
    // An article is deleted meanwhile: it leaves the selection, and the export leaves it out.
    await rm(path.join(archive, (ARTICLES[2] as (typeof ARTICLES)[number]).id))
    await expect(status(page, /^2 articles$/)).toBeVisible()

    await running.click()
    await expect(dialog.getByRole('heading')).toHaveText('Exporting 3 articles to PDF')
    await expect(dialog.getByRole('progressbar', { name: 'Export progress' })).toBeVisible()
    await dialog.getByRole('button', { name: 'Close' }).last().click()
    await expect(dialog).toBeHidden()

    printing.release()
    const finished = page.getByRole('button', { name: 'Export finished' })
    await expect(finished).toBeVisible()
    await finished.click()
    const outcome = dialog.getByRole('status').filter({ hasText: 'Export finished' })
    await expect(outcome).toContainText(destination)
    await expect(outcome).toContainText(
      '1 article was deleted or moved while exporting, and left out:',
    )
    await expect(outcome).toContainText('丙文章')
    // Seen: the top bar has nothing more to say.
    await expect(finished).toHaveCount(0)
    expect(await readdir(out)).toEqual(['文集.pdf'])
  })

  test('the dialog follows the selection when a selected article is deleted', async ({ page }) => {
    const dialog = await selectAllAndOpenDialog(page)
    await rm(path.join(archive, (ARTICLES[1] as (typeof ARTICLES)[number]).id))
    await expect(dialog.getByRole('heading')).toHaveText('Export 2 articles to PDF')
    await expect(dialog.getByRole('status')).toHaveText(
      '1 selected article was deleted or moved since this dialog opened, and will not be exported.',
    )
    await dialog.getByRole('textbox').first().fill(path.join(out, 'two.pdf'))
    await dialog.getByRole('button', { name: 'Export', exact: true }).click()
    await expect(dialog.getByRole('status').filter({ hasText: 'Export finished' })).toContainText(
      'two.pdf',
    )
    await expect(dialog.getByRole('alert')).toHaveCount(0)
    const pdf = await PDFDocument.load(await readFile(path.join(out, 'two.pdf')))
    expect(pdf.getPageCount()).toBe(4) // cover, contents, two articles
  })

  test('a cancel is reported as cancelled, not as a failure', async ({ page }) => {
    const dialog = await selectAllAndOpenDialog(page)
    await dialog.getByRole('textbox').first().fill(path.join(out, 'cancelled.pdf'))
    printing.hold()
    await dialog.getByRole('button', { name: 'Export', exact: true }).click()
    await dialog.getByRole('button', { name: 'Cancel export' }).click()
    await expect(dialog.getByRole('status')).toHaveText(
      'The export was cancelled; nothing was written.',
    )
    await expect(dialog.getByRole('alert')).toHaveCount(0)
    await expect(dialog.locator('.error-box')).toHaveCount(0)
    // The form is back for another try; nothing was left behind.
    await expect(dialog.getByRole('button', { name: 'Export', exact: true })).toBeEnabled()
    expect(await readdir(out)).toEqual([])
    await page.keyboard.press('Escape')
    await expect(
      page.getByRole('button', { name: /^Export (cancelled|finished|failed)$/ }),
    ).toHaveCount(0)
  })
})
