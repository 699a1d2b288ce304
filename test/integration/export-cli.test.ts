/** `archive-browser export` as a user runs it: a child process, files, messages and exit codes. */
import { spawnSync } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findChromium } from '../../src/main/core/export/playwrightPrinter'
import { missingPdfTools, pdfOutline, pdfText } from '../support/pdfTools'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'

const repo = path.resolve(import.meta.dirname, '../..')
const tsx = path.join(repo, 'node_modules', '.bin', 'tsx')
const entry = path.join(repo, 'src/main/cli/index.ts')
const missing = [...(findChromium() ? [] : ['Chromium']), ...missingPdfTools()]
if (missing.length > 0)
  process.stdout.write(`export CLI tests skipped: ${missing.join(', ')} not installed\n`)

describe.skipIf(missing.length > 0)('cli export', () => {
  let root = ''
  let dataDir = ''
  let out = ''
  const cli = (env: Record<string, string>, ...args: string[]) => {
    const result = spawnSync(tsx, [entry, 'export', root, '--data-dir', dataDir, ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, TZ: 'UTC', ...env },
    })
    return { code: result.status, stdout: result.stdout, stderr: result.stderr }
  }

  beforeAll(async () => {
    root = await makeTempDir('archive-browser-export-cli-')
    dataDir = await makeTempDir('archive-browser-export-cli-data-')
    out = await makeTempDir('archive-browser-export-cli-out-')
    await writeTree(root, {
      'a/第一篇.md': articleText({ title: '第一篇文章', body: '<p>第一篇的正文句子。</p>' }),
      'b/第二篇.md': articleText({ title: '第二篇文章', body: '<p>第二篇的正文句子。</p>' }),
    })
  })
  afterAll(async () => {
    await Promise.all([removeDir(root), removeDir(dataDir), removeDir(out)])
  })

  it('writes a book from --ids, refuses to overwrite it without --force', () => {
    const file = path.join(out, 'book.pdf')
    const first = cli({}, '--out', file, '--ids', 'b/第二篇.md,a/第一篇.md', '--paper', 'Letter')
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(file)
    expect(pdfOutline(file).map((o) => o.title)).toEqual(['第二篇文章', '第一篇文章'])
    const again = cli({}, '--out', file, '--ids', 'a/第一篇.md')
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/DESTINATION_EXISTS.*--force/)
    const forced = cli({}, '--out', file, '--ids', 'a/第一篇.md', '--force', '--no-cover')
    expect(forced.code).toBe(0)
    expect(pdfText(file)).not.toContain('第二篇的正文句子')
  })

  it('writes one PDF per article from --query', async () => {
    const folder = path.join(out, 'each')
    const result = cli({}, '--out', folder, '--query', '正文句子', '--per-article', '--json')
    expect(result.code).toBe(0)
    const parsed = JSON.parse(result.stdout) as { files: string[]; articles: number }
    expect(parsed.articles).toBe(2)
    expect((await readdir(folder)).length).toBe(2)
  })

  it('says what is wrong: usage, unknown ids, no Chromium', () => {
    expect(cli({}, '--ids', 'a/第一篇.md').code).toBe(2)
    expect(cli({}, '--out', path.join(out, 'x.pdf')).code).toBe(2)
    expect(cli({}, '--out', path.join(out, 'x.pdf'), '--ids', 'a', '--paper', 'A3').code).toBe(2)
    const unknown = cli({}, '--out', path.join(out, 'x.pdf'), '--ids', 'nope.md')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/ARTICLE_NOT_FOUND.*nope\.md/)
    const noChromium = cli(
      { CHROMIUM_PATH: path.join(out, 'no-chromium') },
      '--out',
      path.join(out, 'x.pdf'),
      '--ids',
      'a/第一篇.md',
    )
    expect(noChromium.code).toBe(1)
    expect(noChromium.stderr).toMatch(/DEPENDENCY_MISSING.*apt install chromium/)
  })
})
