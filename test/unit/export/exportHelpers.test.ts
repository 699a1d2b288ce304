import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  chromiumMissingError,
  createPlaywrightPrinter,
  findChromium,
} from '../../../src/main/core/export/playwrightPrinter'
import { isAllowedPrintUrl } from '../../../src/main/core/export/printer'

describe('finding Chromium', () => {
  it('takes CHROMIUM_PATH first, then the usual places', () => {
    const has = (files: string[]) => (file: string) => files.includes(file)
    expect(
      findChromium({ CHROMIUM_PATH: '/opt/c' }, has(['/opt/c', '/usr/bin/chromium']), 'linux'),
    ).toBe('/opt/c')
    expect(
      findChromium({ CHROMIUM_PATH: '/opt/none' }, has(['/usr/bin/chromium']), 'linux'),
    ).toBeNull()
    expect(findChromium({}, has(['/usr/bin/google-chrome']), 'linux')).toBe(
      '/usr/bin/google-chrome',
    )
    expect(findChromium({}, has([]), 'linux')).toBeNull()
  })

  it('says how to install one when none is found', async () => {
    expect(chromiumMissingError({}).message).toMatch(/apt install chromium/)
    const saved = process.env.CHROMIUM_PATH
    process.env.CHROMIUM_PATH = path.join(os.tmpdir(), 'no-such-chromium')
    try {
      const printer = createPlaywrightPrinter()
      await expect(
        printer.print({
          htmlFile: '/tmp/x.html',
          pdfFile: '/tmp/x.pdf',
          paper: 'A4',
          marginsMm: { top: 1, right: 1, bottom: 1, left: 1 },
          headerTemplate: '',
          footerTemplate: '',
        }),
      ).rejects.toMatchObject({
        code: 'DEPENDENCY_MISSING',
        message: expect.stringContaining('CHROMIUM_PATH') as unknown,
      })
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH
      else process.env.CHROMIUM_PATH = saved
    }
  })
})

describe('print requests', () => {
  it('allows only the document folder and data: URLs', () => {
    const folder = path.join(os.tmpdir(), 'archive-browser-export-x')
    expect(isAllowedPrintUrl(`file://${folder}/images/a.png`, folder)).toBe(true)
    expect(isAllowedPrintUrl('data:image/png;base64,AAAA', folder)).toBe(true)
    expect(isAllowedPrintUrl(`file://${folder}/../secret.png`, folder)).toBe(false)
    expect(isAllowedPrintUrl(`file://${folder}-other/a.png`, folder)).toBe(false)
    expect(isAllowedPrintUrl('file:///etc/passwd', folder)).toBe(false)
    expect(isAllowedPrintUrl('http://127.0.0.1/a.png', folder)).toBe(false)
  })
})
