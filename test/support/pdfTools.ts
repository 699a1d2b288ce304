/**
 * poppler-utils and qpdf, for tests that read the PDFs the export writes. Installed by .ci/run;
 * tests skip with a printed reason when one is missing on a developer's machine.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { deflateSync } from 'node:zlib'

export const PDF_TOOLS = ['pdftotext', 'pdfinfo', 'pdffonts', 'pdfimages', 'qpdf'] as const

export function missingPdfTools(): string[] {
  return PDF_TOOLS.filter((tool) => spawnSync('which', [tool]).status !== 0)
}

export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
}

/** The text of one page (1-based). */
export function pdfPageText(file: string, page: number): string {
  const range = ['-f', String(page), '-l', String(page)]
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...range, file, '-'], { encoding: 'utf8' })
}

export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' })
  return Object.fromEntries(
    out
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] as string, m[2] as string]),
  )
}

/** Rows of `pdffonts`: name, type, emb. */
export function pdfFonts(file: string): { name: string; embedded: boolean }[] {
  const lines = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2)
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const cells = line.trim().split(/\s+/)
      // name type... emb sub uni object ID: emb is the 5th cell from the end.
      return { name: cells[0] as string, embedded: cells[cells.length - 5] === 'yes' }
    })
}

/**
 * Names of the embedded fonts, from their font descriptors. pdffonts prints "[none]" for Type 3
 * fonts, which is how Chromium embeds CFF-outline fonts such as Noto CJK; the descriptor still
 * names the font (e.g. AAAAAA+NotoSerifCJKsc-Regular).
 */
export function pdfFontNames(file: string): string[] {
  const json = execFileSync('qpdf', ['--json', '--json-key=qpdf', file], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  })
  return [...new Set([...json.matchAll(/"\/FontName": "\/([^"]+)"/g)].map((m) => m[1] as string))]
}

/** Images drawn (type "image"; soft masks are not counted). */
export function pdfImageCount(file: string): number {
  const lines = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
  return lines.filter((line) => line.trim().split(/\s+/)[2] === 'image').length
}

interface QpdfJson {
  outlines: { title: string; destpageposfrom1?: number }[]
}

export function pdfOutline(file: string): { title: string; page: number }[] {
  const json = JSON.parse(
    execFileSync('qpdf', ['--json', '--json-key=outlines', '--json-key=pages', file], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    }),
  ) as QpdfJson
  return json.outlines.map((o) => ({ title: o.title, page: o.destpageposfrom1 ?? -1 }))
}

/** A small opaque RGB PNG (no alpha, so one image and no soft mask per use). */
export function solidPng(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc32 = (buf: Buffer): number => {
    let crc = 0xffffffff
    for (const byte of buf) crc = (crcTable[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8)
    return (crc ^ 0xffffffff) >>> 0
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4)
    length.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([length, body, crc])
  }
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = y * (width * 3 + 1) + 1 + x * 3
      raw[at] = (rgb[0] + x) & 255
      raw[at + 1] = (rgb[1] + y) & 255
      raw[at + 2] = rgb[2]
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8
  header[9] = 2
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** qpdf's structural check: 0 when clean, 3 with warnings only, 2 on errors. */
export function pdfCheckStatus(file: string): number {
  return spawnSync('qpdf', ['--check', file]).status ?? -1
}

/** Link annotations that jump inside the document (contents entries), counted by qpdf. */
export function internalLinkCount(file: string): number {
  const json = execFileSync('qpdf', ['--json', '--json-key=qpdf', file], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  })
  // qpdf sorts keys, so /Dest comes before /Subtype within one annotation's dictionary.
  return [...json.matchAll(/"\/Dest": \[[^{}]*"\/Subtype": "\/Link"/g)].length
}
