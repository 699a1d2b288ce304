/**
 * Article texts read again from the archive's files: the quick read equals the parser's on
 * every kind of file (front matter or none, CRLF, BOM, UTF-16, a page, Markdown, a body the
 * quick loop refuses), and a missing file or a path outside the archive has no text.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveReadOptions } from '../../../src/main/core/archive/options'
import { archiveText } from '../../../src/main/core/search/archiveText'

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-text-'))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))

const paragraph = (k: number): string =>
  `<p>第${k}段：英特爾發布了新的處理器&nbsp;Core&amp;Ultra，性能提升 ${k}%。</p>\n`
const htmlBody = Array.from({ length: 200 }, (_, k) => paragraph(k)).join('')
const frontMatter = "---\ntitle: '标题'\ndate: 2024-01-02\n---\n"

const files: Record<string, Uint8Array | string> = {
  'post/html-body.md': frontMatter + htmlBody,
  'post/crlf.md': (frontMatter + htmlBody).replace(/\n/g, '\r\n'),
  'post/bom.md': '\ufeff' + frontMatter + htmlBody,
  'post/blank-line-before.md': '\n' + frontMatter + htmlBody,
  'post/no-front-matter.md': htmlBody,
  'post/page.html': `<!DOCTYPE html><html><head><title>页</title></head><body>${htmlBody}</body></html>`,
  'post/markdown.md': frontMatter + '# 标题\n\n' + '正文段落，**加粗**文字。\n\n'.repeat(300),
  'post/utf16.md': new Uint8Array([0xff, 0xfe, ...Buffer.from(frontMatter + htmlBody, 'utf16le')]),
  'post/refused.md': frontMatter + '<p>前</p><svg><text>图</text></svg>' + htmlBody,
  'post/short.md': frontMatter + '<p>很短的正文</p>',
}
for (const [id, content] of Object.entries(files)) {
  fs.mkdirSync(path.dirname(path.join(root, id)), { recursive: true })
  fs.writeFileSync(path.join(root, id), content)
}

const options = resolveReadOptions()
const text = archiveText(root, options)

describe('archiveText', () => {
  it('reads quickly what the parser reads', () => {
    for (const id of Object.keys(files)) expect(text(id, true), id).toBe(text(id, false))
    expect(text('post/html-body.md', false)).toContain('第199段：英特爾發布了新的處理器 Core&Ultra')
    expect(text('post/markdown.md', true)).toContain('正文段落，加粗文字。')
  })

  it('has no text for a missing file or a path outside the archive', () => {
    expect(text('post/missing.md', true)).toBeUndefined()
    expect(text('post/missing.md', false)).toBeUndefined()
    expect(text('../outside.md', true)).toBeUndefined()
  })
})
