/**
 * File-system failures while exporting, through the export service with a fake printer: a full
 * disk (the part file's writes fail, mocked), folders that take no files (/proc, /sys), a full
 * temporary folder, and short writes. Each says what happened and names the destination,
 * leaves nothing behind, and a file to be replaced stays whole.
 */
import type * as FsPromises from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setLogSink } from '../../../src/main/core/log'
import { reasonOf } from '../../../src/main/core/export/writeFailures'
import { makeTempDir, removeDir } from '../../support/tempDir'
import { fakeService, fakeSource } from './exportHarness'

/** What the mocked file system does to the export's files. */
const disk = vi.hoisted(() => ({
  /** Writes to part files fail with ENOSPC after this many bytes (null: never). */
  partBytesLeft: null as number | null,
  /** Writes of print documents in the temp folder fail with ENOSPC. */
  tempFull: false,
  /** Each write to a part file takes at most this many bytes (a short write). */
  partWriteMax: null as number | null,
}))

const enospc = (syscall: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), {
    code: 'ENOSPC',
    errno: -28,
    syscall,
  })

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof FsPromises>()
  const isPart = (file: unknown) =>
    typeof file === 'string' && path.basename(file).startsWith('.archive-browser-export-')
  return {
    ...fs,
    async open(...args: Parameters<typeof fs.open>): Promise<FileHandle> {
      const handle = await fs.open(...args)
      if (!isPart(args[0])) return handle
      return new Proxy(handle, {
        get(target, key) {
          if (key === 'write')
            return async (data: Uint8Array, offset = 0, length = data.length - offset) => {
              let take = Math.min(length, disk.partWriteMax ?? length)
              if (disk.partBytesLeft !== null) {
                if (disk.partBytesLeft <= 0) throw enospc('write')
                take = Math.min(take, disk.partBytesLeft)
                disk.partBytesLeft -= take
              }
              return target.write(data, offset, take)
            }
          const value: unknown = Reflect.get(target, key)
          return typeof value === 'function' ? (value as () => unknown).bind(target) : value
        },
      })
    },
    async writeFile(...args: Parameters<typeof fs.writeFile>): Promise<void> {
      const file = args[0]
      if (
        disk.tempFull &&
        typeof file === 'string' &&
        file.startsWith(os.tmpdir()) &&
        file.endsWith('.html')
      )
        throw enospc('write')
      return fs.writeFile(...args)
    },
  }
})

describe('file-system failures while exporting', () => {
  let archive = ''
  let out = ''
  let restoreLog = () => {}
  const logged: string[] = []
  beforeEach(async () => {
    archive = await makeTempDir('archive-browser-fail-archive-')
    out = await makeTempDir('archive-browser-fail-out-')
    logged.length = 0
    restoreLog = setLogSink((level, name, message) => logged.push(`${level} ${name}: ${message}`))
  })
  afterEach(async () => {
    restoreLog()
    Object.assign(disk, { partBytesLeft: null, tempFull: false, partWriteMax: null })
    await Promise.all([removeDir(archive), removeDir(out)])
  })

  const service = () =>
    fakeService(
      fakeSource(archive, [
        { id: 'a/one.md', title: '第一篇' },
        { id: 'b/two.md', title: '第二篇' },
      ]),
    )
  const ids = ['a/one.md', 'b/two.md']

  it('says the disk is full, naming the destination, and leaves the old file whole', async () => {
    const destination = path.join(out, '文集.pdf')
    await writeFile(destination, '%PDF-1.4 an older export')
    disk.partBytesLeft = 2000 // the first chunk fits, the next does not
    await expect(service().exportPdf({ ids, destination, overwrite: true })).rejects.toMatchObject({
      code: 'DESTINATION_UNWRITABLE',
      message: `export: cannot write "${destination}": the disk is full (ENOSPC); nothing was written.`,
    })
    expect(await readdir(out)).toEqual(['文集.pdf'])
    expect(await readFile(destination, 'utf8')).toBe('%PDF-1.4 an older export')
    expect(logged.filter((line) => line.startsWith('error'))).toEqual([])
  })

  it('says so for a per-article export too, removing the folder it made', async () => {
    disk.partBytesLeft = 0
    const folder = path.join(out, 'new', 'pdfs')
    await expect(
      service().exportPdf({ ids, destination: folder, perArticle: true }),
    ).rejects.toMatchObject({
      code: 'DESTINATION_UNWRITABLE',
      message: expect.stringContaining(`cannot write "${folder}": the disk is full`) as unknown,
    })
    expect(await readdir(out)).toEqual([])
  })

  it('writes the whole PDF when the file system takes a little at a time', async () => {
    disk.partWriteMax = 100
    const destination = path.join(out, 'short.pdf')
    const result = await service().exportPdf({ ids, destination })
    const doc = await PDFDocument.load(await readFile(destination))
    expect(doc.getPageCount()).toBe(result.pages)
    expect(result.bytes).toBe((await readFile(destination)).length)
  })

  it('names the temporary folder when that is full', async () => {
    disk.tempFull = true
    await expect(
      service().exportPdf({ ids, destination: path.join(out, 'x.pdf') }),
    ).rejects.toMatchObject({
      code: 'INTERNAL',
      message: `export: cannot write its temporary files in "${os.tmpdir()}": the disk is full (ENOSPC); nothing was written.`,
    })
    expect(await readdir(out)).toEqual([])
  })

  it.skipIf(process.platform !== 'linux' || !existsSync('/proc/self'))(
    'refuses folders that take no files (/proc, /sys) as unwritable, without hanging',
    async () => {
      for (const destination of ['/proc/x.pdf', '/sys/x.pdf']) {
        const failure = service().exportPdf({ ids, destination })
        await expect(failure).rejects.toMatchObject({ code: 'DESTINATION_UNWRITABLE' })
        await expect(failure).rejects.toMatchObject({
          // As root the folder passes the access check and refuses the file; others are told
          // at the check.
          message: expect.stringMatching(/^export: cannot write (to )?"\/(proc|sys)/) as unknown,
        })
      }
      // Node's recursive mkdir spins forever on ENOENT here; the export makes one level at a time.
      await expect(
        service().exportPdf({ ids, destination: '/proc/pdfs/new', perArticle: true }),
      ).rejects.toMatchObject({
        code: 'DESTINATION_UNWRITABLE',
        message: expect.stringContaining('"/proc" does not accept new files') as unknown,
      })
      expect(existsSync('/proc/pdfs')).toBe(false)
    },
    10_000,
  )

  it('words other system errors with their own message', () => {
    const odd = Object.assign(new Error('EXDEV: cross-device link not permitted, rename'), {
      code: 'EXDEV',
    })
    expect(reasonOf(odd, '/x')).toBe('cross-device link not permitted, rename (EXDEV)')
    const denied = Object.assign(new Error('EACCES: permission denied'), {
      code: 'EACCES',
      syscall: 'open',
      path: '/sys/.part',
    })
    expect(reasonOf(denied, '/elsewhere')).toBe(
      'there is no permission to create files in "/sys" (EACCES)',
    )
  })

  it('still makes the missing folders of a per-article export', async () => {
    const folder = path.join(out, 'a', 'b', 'c')
    await mkdir(path.join(out, 'a'))
    const result = await service().exportPdf({ ids, destination: folder, perArticle: true })
    expect(result.files).toHaveLength(2)
    expect((await readdir(folder)).sort()).toEqual(['001-第一篇.pdf', '002-第二篇.pdf'])
  })
})
