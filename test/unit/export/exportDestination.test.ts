/**
 * Where an export may write, through the whole export service with a fake printer (pdf-lib
 * writes each "printed" chunk), so these rules are tested without Chromium: never inside the
 * archive (symbolic links and `..` resolved), a book's name ends in .pdf, only a PDF is ever
 * replaced and never through a symbolic link, serve mode's export folder, and a failed export
 * leaves the file it was to replace whole. The same harness shows which print jobs carry the
 * running header (all but the cover's).
 */
import { lstat, mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ExportRequest } from '../../../src/shared/contract/api'
import type { ExportPlaces } from '../../../src/main/core/export/exportDestination'
import { canonicalPath, isInside } from '../../../src/main/core/export/exportDestination'
import { setLogSink } from '../../../src/main/core/log'
import type { PdfPrinter } from '../../../src/main/core/export/printer'
import { serveExportPlaces } from '../../../src/main/serve/exportPlaces'
import { makeTempDir, removeDir, writeTree } from '../../support/tempDir'
import { fakePrinter, fakeService, fakeSource } from './exportHarness'

const IDS = ['a/one.md', 'b/two.md']

describe('export destinations', () => {
  let archive = ''
  let out = ''

  beforeEach(async () => {
    archive = await makeTempDir('archive-browser-dest-archive-')
    out = await makeTempDir('archive-browser-dest-out-')
    await writeTree(archive, { 'a/one.md': 'one', 'b/two.md': 'two' })
  })
  afterEach(async () => {
    await Promise.all([removeDir(archive), removeDir(out)])
  })

  function service(options: { places?: ExportPlaces; printer?: PdfPrinter } = {}) {
    const source = fakeSource(
      archive,
      IDS.map((id) => ({ id, title: `Title ${id}` })),
    )
    return fakeService(source, options)
  }

  const exportTo = (
    destination: string,
    extra: Partial<ExportRequest> = {},
    places?: ExportPlaces,
  ) => service(places ? { places } : {}).exportPdf({ ids: IDS, destination, ...extra })

  const archiveFiles = async () => (await readdir(archive, { recursive: true })).sort()

  it('writes a book where it is allowed, with a .pdf name in any case', async () => {
    const result = await exportTo(path.join(out, 'Book.PDF'))
    expect(result.files).toEqual([path.join(out, 'Book.PDF')])
    expect((await readFile(path.join(out, 'Book.PDF'))).subarray(0, 5).toString()).toBe('%PDF-')
    expect(await readdir(out)).toEqual(['Book.PDF'])
  })

  it('refuses a book whose name does not end in .pdf', async () => {
    for (const name of ['victim.conf', 'noext', '.pdf', 'x.pdf.txt']) {
      await expect(exportTo(path.join(out, name))).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('.pdf') as unknown,
      })
    }
    expect(await readdir(out)).toEqual([])
  })

  it('never writes inside the open archive, however the path gets there', async () => {
    const before = await archiveFiles()
    await symlink(archive, path.join(out, 'link-to-archive'))
    const inside = [
      path.join(archive, 'inside.pdf'),
      path.join(archive, 'a', 'inside.pdf'),
      `${out}${path.sep}..${path.sep}${path.basename(archive)}${path.sep}inside.pdf`,
      path.join(out, 'link-to-archive', 'inside.pdf'),
      path.join(out, 'link-to-archive', 'a', 'inside.pdf'),
    ]
    for (const destination of inside)
      await expect(exportTo(destination, { overwrite: true })).rejects.toMatchObject({
        code: 'DESTINATION_REFUSED',
        message: expect.stringContaining('inside the open archive') as unknown,
      })
    // Per article: the folder (to be created) is refused before it is created.
    for (const folder of [path.join(archive, 'pdfs'), path.join(out, 'link-to-archive', 'pdfs')])
      await expect(exportTo(folder, { perArticle: true })).rejects.toMatchObject({
        code: 'DESTINATION_REFUSED',
      })
    expect(await archiveFiles()).toEqual(before)
  })

  it('replaces only a PDF, only with overwrite, and never through a symbolic link', async () => {
    const victim = path.join(out, 'victim.pdf')
    await writeFile(victim, 'setting = 1\n')
    await expect(exportTo(victim, { overwrite: true })).rejects.toMatchObject({
      code: 'DESTINATION_REFUSED',
      message: expect.stringContaining('not a PDF') as unknown,
    })
    expect(await readFile(victim, 'utf8')).toBe('setting = 1\n')

    const target = path.join(out, 'target.pdf')
    await writeFile(target, '%PDF-1.7 the link target')
    const link = path.join(out, 'link.pdf')
    await symlink(target, link)
    await expect(exportTo(link, { overwrite: true })).rejects.toMatchObject({
      code: 'DESTINATION_REFUSED',
      message: expect.stringContaining('symbolic link') as unknown,
    })
    expect(await readFile(target, 'utf8')).toBe('%PDF-1.7 the link target')
    expect((await lstat(link)).isSymbolicLink()).toBe(true)
    const dangling = path.join(out, 'dangling.pdf')
    await symlink(path.join(out, 'nowhere.pdf'), dangling)
    await expect(exportTo(dangling, { overwrite: true })).rejects.toMatchObject({
      code: 'DESTINATION_REFUSED',
    })
    await mkdir(path.join(out, 'folder.pdf'))
    await expect(exportTo(path.join(out, 'folder.pdf'), { overwrite: true })).rejects.toMatchObject(
      { code: 'DESTINATION_REFUSED' },
    )

    const old = path.join(out, 'old.pdf')
    await writeFile(old, '%PDF-1.4 an older export')
    await expect(exportTo(old)).rejects.toMatchObject({ code: 'DESTINATION_EXISTS' })
    expect(await readFile(old, 'utf8')).toBe('%PDF-1.4 an older export')
    await exportTo(old, { overwrite: true })
    const replaced = await readFile(old)
    expect(replaced.subarray(0, 5).toString()).toBe('%PDF-')
    expect(replaced.length).toBeGreaterThan(100)
  })

  it('applies the same rules to each file of a per-article export', async () => {
    const folder = path.join(out, 'each')
    await mkdir(folder)
    await writeFile(path.join(folder, '001-Title a_one.md.pdf'), 'not a pdf')
    await expect(exportTo(folder, { perArticle: true, overwrite: true })).rejects.toMatchObject({
      code: 'DESTINATION_REFUSED',
    })
    expect(await readdir(folder)).toEqual(['001-Title a_one.md.pdf'])
  })

  it('leaves the file it was to replace whole, and no part file, when the export fails', async () => {
    const old = path.join(out, 'old.pdf')
    await writeFile(old, '%PDF-1.4 an older export')
    // One print job per article (and the cover): the second fails after the first was merged.
    const failing = service({ printer: fakePrinter({ failOn: 2 }) })
    const logged: string[] = []
    const restore = setLogSink((level, name, message) =>
      logged.push(`${level} ${name}: ${message}`),
    )
    try {
      await expect(
        failing.exportPdf({ ids: IDS, destination: old, overwrite: true }),
      ).rejects.toMatchObject({ code: 'INTERNAL' })
    } finally {
      restore()
    }
    expect(logged.join('\n')).toContain('failed')
    expect(await readFile(old, 'utf8')).toBe('%PDF-1.4 an older export')
    expect(await readdir(out)).toEqual(['old.pdf'])
  })

  it('removes the folders a failed per-article export created, and nothing else', async () => {
    const failing = () => service({ printer: fakePrinter({ failOn: 2 }) })
    const quiet = setLogSink(() => undefined)
    try {
      // Two new folders: both go, with the first article's finished part file.
      const nested = path.join(out, 'new', 'pdfs')
      await expect(
        failing().exportPdf({ ids: IDS, destination: nested, perArticle: true }),
      ).rejects.toMatchObject({ code: 'INTERNAL' })
      expect(await readdir(out)).toEqual([])

      // A folder that was there stays, and so does a new one the user put a file into meanwhile.
      await mkdir(path.join(out, 'kept'))
      const printer = fakePrinter({ failOn: 2 })
      const print = printer.print.bind(printer)
      printer.print = async (job) => {
        if (printer.jobs.length === 1)
          await writeFile(path.join(out, 'kept', 'busy', 'notes.txt'), 'mine')
        return print(job)
      }
      await expect(
        service({ printer }).exportPdf({
          ids: IDS,
          destination: path.join(out, 'kept', 'busy', 'pdfs'),
          perArticle: true,
        }),
      ).rejects.toMatchObject({ code: 'INTERNAL' })
    } finally {
      quiet()
    }
    expect((await readdir(out, { recursive: true })).sort()).toEqual([
      'kept',
      path.join('kept', 'busy'),
      path.join('kept', 'busy', 'notes.txt'),
    ])
  })

  it('keeps serve mode exports inside its export folder, or off', async () => {
    const allowed = path.join(out, 'exports')
    await mkdir(path.join(allowed, 'sub'), { recursive: true })
    await symlink(out, path.join(allowed, 'escape'))
    const places: ExportPlaces = { folder: allowed }
    await exportTo(path.join(allowed, 'ok.pdf'), {}, places)
    await exportTo(path.join(allowed, 'sub', 'ok.pdf'), {}, places)
    for (const destination of [
      path.join(out, 'outside.pdf'),
      path.join(allowed, '..', 'outside.pdf'),
      path.join(allowed, 'escape', 'outside.pdf'),
    ])
      await expect(exportTo(destination, {}, places)).rejects.toMatchObject({
        code: 'DESTINATION_REFUSED',
        message: expect.stringContaining(allowed) as unknown,
      })
    await expect(
      exportTo(path.join(allowed, 'x.pdf'), {}, { refused: 'exports are off here' }),
    ).rejects.toMatchObject({ code: 'DESTINATION_REFUSED', message: /exports are off here/ })
    expect((await readdir(out)).sort()).toEqual(['exports'])
  })

  it('prints the cover without the running header, every other page with it', async () => {
    const printer = fakePrinter()
    await service({ printer }).exportPdf({
      ids: IDS,
      destination: path.join(out, 'book.pdf'),
      title: 'My Book',
    })
    // Two articles, then the cover and the contents (printed last, placed first).
    expect(printer.jobs).toHaveLength(4)
    const cover = printer.html.findIndex((html) => html.includes('class="cover"'))
    expect(cover).toBe(2)
    printer.jobs.forEach((job, i) =>
      i === cover
        ? expect(job.headerTemplate).not.toContain('My Book')
        : expect(job.headerTemplate).toContain('My Book'),
    )
  })
})

describe('destination paths', () => {
  it('tells inside from outside', () => {
    const root = path.resolve('/srv/archive')
    expect(isInside(root, root)).toBe(true)
    expect(isInside(path.join(root, 'a', 'b.pdf'), root)).toBe(true)
    expect(isInside(path.resolve('/srv/archive-2/x.pdf'), root)).toBe(false)
    expect(isInside(path.resolve('/srv/x.pdf'), root)).toBe(false)
    expect(isInside(path.resolve('/srv/..archive'), path.resolve('/srv'))).toBe(true)
  })

  it('resolves links in the existing part of a path whose end does not exist yet', async () => {
    const dir = await makeTempDir('archive-browser-dest-canon-')
    try {
      await mkdir(path.join(dir, 'real'))
      await symlink(path.join(dir, 'real'), path.join(dir, 'link'))
      expect(await canonicalPath(path.join(dir, 'link', 'new', 'x.pdf'))).toBe(
        path.join(await canonicalPath(dir), 'real', 'new', 'x.pdf'),
      )
    } finally {
      await removeDir(dir)
    }
  })
})

describe('serve mode export places', () => {
  it('allows anywhere on loopback, only --export-dir beyond it, else nothing', () => {
    expect(serveExportPlaces('127.0.0.1', undefined)).toBe('anywhere')
    expect(serveExportPlaces('localhost', undefined)).toBe('anywhere')
    expect(serveExportPlaces('0.0.0.0', undefined)).toMatchObject({
      refused: expect.stringContaining('--export-dir') as unknown,
    })
    expect(serveExportPlaces('0.0.0.0', '/srv/exports')).toEqual({
      folder: path.resolve('/srv/exports'),
    })
    expect(serveExportPlaces('127.0.0.1', '/srv/exports')).toEqual({
      folder: path.resolve('/srv/exports'),
    })
  })
})
