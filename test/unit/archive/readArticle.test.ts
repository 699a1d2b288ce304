import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveReadOptions } from '../../../src/main/core/archive/options'
import { readArticle } from '../../../src/main/core/archive/readArticle'
import { QUIRKS_DIR, SHANGHAI } from './quirkFixtures'

let root = ''

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'archive-read-'))
})

afterAll(() => {
  rmSync(root, { recursive: true, force: true })
})

/** Writes a file under the temp root and returns its id. */
function put(id: string, content: string | Uint8Array): string {
  const file = path.join(root, ...id.split('/'))
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, content)
  return id
}

function putFixture(id: string, fixture: string): string {
  const file = path.join(root, ...id.split('/'))
  mkdirSync(path.dirname(file), { recursive: true })
  copyFileSync(path.join(QUIRKS_DIR, fixture), file)
  return id
}

describe('readArticle', () => {
  it('reads a file: size and mtime from the file, sha1 of its bytes', async () => {
    const id = put('posts/hello.md', '---\ntitle: 你好\n---\n<p>x</p>')
    const article = await readArticle(root, id, SHANGHAI)
    const info = statSync(path.join(root, 'posts', 'hello.md'))
    expect(article.id).toBe(id)
    expect(article.title).toBe('你好')
    expect(article.size).toBe(info.size)
    expect(article.mtimeMs).toBe(info.mtimeMs)
    // sha1 of the exact bytes, computed independently.
    const { createHash } = await import('node:crypto')
    expect(article.hash).toBe(
      createHash('sha1').update('---\ntitle: 你好\n---\n<p>x</p>').digest('hex'),
    )
    expect(article.issues).toEqual([])
  })

  it('handles the file-name quirks of the real archive', async () => {
    // A file named just ".md", a space before ".md", 38 spaces in a name, a folder ending with a space, '"' in a name.
    const cases: [string, string][] = [
      ['社交媒体/简书/首页/.md', 'new-format.md'],
      ['图片/1X/Photos/©  Photographer Name .md', 'image-only.md'],
      [`post/新媒体/00_00${' '.repeat(38)}行情快报.md`, 'multiline-title.md'],
      ['新媒体/PMCAFF/今日推荐 / 精选/文章.md', 'transitional-format.md'],
      ['新媒体/36kr/快讯/"养老"机构.md', 'title-symbols.md'],
    ]
    for (const [id, fixture] of cases) {
      putFixture(id, fixture)
      const article = await readArticle(root, id, SHANGHAI)
      expect(article.issues, id).toEqual([])
      expect(article.title.length, id).toBeGreaterThan(0)
      expect(article.titleSource, id).toBe('front-matter')
    }
    // Without front matter the file name gives the title: trimmed, and '(untitled)' when nothing is left.
    expect((await readArticle(root, put('a/ .md', '<p>x</p>'), SHANGHAI)).title).toBe('(untitled)')
    expect((await readArticle(root, put('a/.md', '<p>x</p>'), SHANGHAI)).title).toBe('(untitled)')
    expect((await readArticle(root, put('a/©  Name .md', '<p>x</p>'), SHANGHAI)).title).toBe(
      '©  Name',
    )
  })

  it('reports a vanished file as FILE_VANISHED', async () => {
    const article = await readArticle(root, 'posts/never-existed.md', SHANGHAI)
    expect(article.issues.map((i) => i.code)).toEqual(['FILE_VANISHED'])
    expect(article.title).toBe('never-existed')
    expect(article.text).toBe('')
  })

  it('reports a folder as FILE_UNREADABLE (EISDIR)', async () => {
    mkdirSync(path.join(root, 'posts', 'folder.md'), { recursive: true })
    const article = await readArticle(root, 'posts/folder.md', SHANGHAI)
    expect(article.issues.map((i) => i.code)).toEqual(['FILE_UNREADABLE'])
    expect(article.issues[0]?.message).toContain('EISDIR')
  })

  it('reports a file without read permission as FILE_UNREADABLE', async (context) => {
    if (process.platform === 'win32' || process.getuid?.() === 0) {
      // Root reads any file and Windows ignores chmod, so the permission cannot be denied here.
      process.stdout.write(
        'readArticle EACCES test skipped: running as root or on Windows, where chmod 000 does not deny reading.\n',
      )
      context.skip()
    }
    const id = put('posts/locked.md', '<p>secret</p>')
    const file = path.join(root, 'posts', 'locked.md')
    chmodSync(file, 0o000)
    try {
      const article = await readArticle(root, id, SHANGHAI)
      expect(article.issues.map((i) => i.code)).toEqual(['FILE_UNREADABLE'])
      expect(article.issues[0]?.message).toContain('EACCES')
    } finally {
      chmodSync(file, 0o644)
    }
  })

  it('reports other open errors (a symlink loop: ELOOP) as FILE_UNREADABLE, even as root', async (context) => {
    if (process.platform === 'win32') context.skip()
    const { symlinkSync } = await import('node:fs')
    symlinkSync('loop.md', path.join(root, 'posts', 'loop.md'))
    const article = await readArticle(root, 'posts/loop.md', SHANGHAI)
    expect(article.issues.map((i) => i.code)).toEqual(['FILE_UNREADABLE'])
    expect(article.issues[0]?.message).toContain('ELOOP')
    expect(article.hash).toBe('')
  })

  it('reports an empty file as FILE_EMPTY', async () => {
    const article = await readArticle(root, put('posts/empty.md', ''), SHANGHAI)
    expect(article.issues.map((i) => i.code)).toEqual(['FILE_EMPTY'])
    expect(article.size).toBe(0)
  })

  it('reports a binary file as FILE_BINARY', async () => {
    const article = await readArticle(
      root,
      put('posts/image.md', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])),
      SHANGHAI,
    )
    expect(article.issues.map((i) => i.code)).toEqual(['FILE_BINARY'])
    expect(article.text).toBe('')
  })

  it('reads only maxFileBytes of a larger file and flags FILE_TOO_LARGE', async () => {
    const body = '<p>' + '长'.repeat(2000) + '</p>'
    const id = put('posts/large.md', `---\ntitle: 很大的文件\n---\n${body}`)
    const options = resolveReadOptions({ timeZone: 'UTC', maxFileBytes: 100 })
    const article = await readArticle(root, id, options)
    expect(article.issues.map((i) => i.code)).toEqual(['FILE_TOO_LARGE'])
    expect(article.size).toBe(Buffer.byteLength(`---\ntitle: 很大的文件\n---\n${body}`))
    expect(article.title).toBe('很大的文件')
    // Only the first 100 bytes were read: the body is cut, and no GB18030 fallback was triggered by the cut character.
    expect(article.text.length).toBeLessThan(100)
    expect(article.encoding).toBe('utf-8')
  })

  it('refuses ids that leave the root', async () => {
    const article = await readArticle(root, '../outside.md', SHANGHAI)
    expect(article.issues.map((i) => i.code)).toEqual(['FILE_UNREADABLE'])
  })

  it('does not hang on a FIFO named like an article', async (context) => {
    if (process.platform === 'win32') context.skip()
    const { execFileSync } = await import('node:child_process')
    execFileSync('mkfifo', [path.join(root, 'posts', 'pipe.md')])
    const article = await readArticle(root, 'posts/pipe.md', SHANGHAI)
    expect(article.issues.map((i) => i.code)).toEqual(['FILE_UNREADABLE'])
  })
})
