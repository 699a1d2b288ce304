/** The CLI as a user runs it: a child process, stdout/stderr and exit codes. */
import { spawn, spawnSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'

const repo = path.resolve(import.meta.dirname, '../..')
const tsx = path.join(repo, 'node_modules', '.bin', 'tsx')
const entry = path.join(repo, 'src/main/cli/index.ts')

let dataDir = ''

function cli(...args: string[]) {
  const result = spawnSync(tsx, [entry, ...args], {
    cwd: repo,
    encoding: 'utf8',
    // The app's data (search index, state) goes to a temp folder, never the user's config.
    env: { ...process.env, TZ: 'UTC', ARCHIVE_BROWSER_DATA_DIR: dataDir },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

/**
 * The CLI run without blocking this process; `code` is null when it outlived `timeoutMs`.
 * `closeAfterFirstChunk`: stop reading stdout after its first chunk, as `| head` does.
 */
function cliAsync(args: string[], timeoutMs: number, { closeAfterFirstChunk = false } = {}) {
  const child = spawn(tsx, [entry, ...args], {
    cwd: repo,
    env: { ...process.env, TZ: 'UTC', ARCHIVE_BROWSER_DATA_DIR: dataDir },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    // What `| head` does: read a little, then close the pipe.
    if (closeAfterFirstChunk) child.stdout.destroy()
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

describe('cli', () => {
  let root: string
  beforeAll(async () => {
    root = await makeTempDir()
    dataDir = await makeTempDir('archive-browser-cli-data-')
    await writeTree(root, {
      'source/_posts/新媒体/观察者网/头条/好文章.md': articleText({
        title: '好文章',
        body: '<p>正文<img src="//img.example.com/a.jpg"></p>',
      }),
      'source/_posts/新媒体/观察者网/头条/坏文章.md':
        '\n---\ntitle: 坏: 文章: 标题\ndate: [\n---\n<p>x</p>',
      'source/_posts/新媒体/观察者网/头条/无日期.md': articleText({
        title: '无日期',
        date: 'Invalid Date',
      }),
      'notes.txt': 'not an article',
    })
  })
  afterAll(async () => {
    await removeDir(root)
    await removeDir(dataDir)
  })

  it('list --json prints one JSON document with every article, broken ones included', () => {
    const { code, stdout } = cli('list', root, '--json')
    expect(code).toBe(0)
    const doc = JSON.parse(stdout) as {
      count: number
      articles: Array<{
        id: string
        title: string
        issues: Array<{ code: string }>
        dateSource: string
        imageCount: number
      }>
    }
    expect(doc.count).toBe(3)
    const byTitle = new Map(doc.articles.map((a) => [a.id.split('/').pop(), a]))
    expect(byTitle.get('坏文章.md')?.issues.map((i) => i.code)).toContain('FRONT_MATTER_INVALID')
    expect(byTitle.get('无日期.md')?.dateSource).toBe('mtime')
    expect(byTitle.get('好文章.md')?.imageCount).toBe(1)
  })

  it('list prints a tab-separated table with a header, and the summary on stderr', () => {
    const { code, stdout, stderr } = cli('list', root)
    expect(code).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toBe('id\ttitle\tdate\tdateSource\tcategories\tauthor\timages\tissues')
    expect(lines).toHaveLength(4)
    expect(stderr).toContain('3 articles, 1 with issues')
  })

  it('show prints one article, labelling the raw body as unsanitized', () => {
    const { code, stdout } = cli('show', root, 'source/_posts/新媒体/观察者网/头条/好文章.md')
    expect(code).toBe(0)
    expect(stdout).toContain('title: "好文章"')
    expect(stdout).toContain('https://img.example.com/a.jpg')
    expect(stdout).toContain('UNSANITIZED')
    const json = JSON.parse(
      cli('show', root, 'source/_posts/新媒体/观察者网/头条/好文章.md', '--json').stdout,
    ) as { text: string; bodyHtmlIsUnsanitized: boolean }
    expect(json.text).toContain('正文')
    expect(json.bodyHtmlIsUnsanitized).toBe(true)
  })

  it('show refuses ids outside the archive or unknown ones, with exit code 1', () => {
    for (const id of ['../etc/passwd.md', 'nope.md', 'notes.txt']) {
      const { code, stderr } = cli('show', root, id)
      expect(code).toBe(1)
      expect(stderr).toContain('ARTICLE_NOT_FOUND')
    }
  })

  it('stats counts issues, date sources, categories and months', () => {
    const { code, stdout } = cli('stats', root, '--json')
    expect(code).toBe(0)
    const stats = JSON.parse(stdout) as {
      articles: number
      issuesByCode: Record<string, number>
      datesBySource: Record<string, number>
      byCategory: Record<string, number>
    }
    expect(stats.articles).toBe(3)
    expect(stats.issuesByCode.FRONT_MATTER_INVALID).toBe(1)
    expect(stats.datesBySource.mtime).toBeGreaterThanOrEqual(1)
    expect(stats.byCategory['新媒体 › 测试源 › 频道']).toBe(2)
  })

  it('search finds a Chinese substring, with marked snippets, as text and JSON', () => {
    // 正文 is in two bodies; 的正文 only in one.
    expect(cli('search', root, '正文').stdout).toContain('2 articles match "正文"')
    const text = cli('search', root, '的正文')
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('1 article match "的正文"')
    expect(text.stdout).toContain('【的正文】')
    // Titles are marked as the engine matched them: 無日期 (Traditional) found 无日期.
    expect(cli('search', root, '無日期').stdout).toContain('\n【无日期】  [')
    const json = JSON.parse(cli('search', root, '的正文', '--json').stdout) as {
      total: number
      hits: Array<{ id: string }>
    }
    expect(json.total).toBe(1)
    expect(json.hits[0]?.id).toBe('source/_posts/新媒体/观察者网/头条/无日期.md')
    const bad = cli('search', root, 'nofield:x')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('QUERY_INVALID')
    expect(cli('search', root, 'x', '--limit', '0').code).toBe(2)
  })

  it('search takes a query that starts with "-", with or without "--", options on either side', () => {
    // -正文 excludes the two articles whose bodies have 正文.
    for (const args of [
      [root, '-正文', '--json'],
      [root, '--', '-正文', '--json'],
      ['--json', root, '--', '-正文'],
    ]) {
      const { code, stdout } = cli('search', ...args)
      expect(code, args.join(' ')).toBe(0)
      const json = JSON.parse(stdout) as { query: string; hits: Array<{ id: string }> }
      expect(json.query).toBe('-正文')
      expect(json.hits.map((h) => h.id)).toEqual(['source/_posts/新媒体/观察者网/头条/坏文章.md'])
    }
    const typo = cli('search', root, '--limt')
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain(
      'Unknown option "--limt" for "search". To give it as <query>, put it after "--": search <folder> -- "--limt"',
    )
    // The usage that follows is the command's own.
    expect(typo.stderr).toContain('archive-browser search <folder> <query> [options]')
    expect(typo.stderr).not.toContain('cache-images')
  })

  it('serve on a port in use says so in one line, stops the engine it started and exits 1', async () => {
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const { port } = blocker.address() as net.AddressInfo
    try {
      // Async: the blocker must keep listening while the CLI runs. The engine's watcher and
      // workers kept the process alive after this error; the deadline catches that.
      const result = await cliAsync(['serve', root, '--port', String(port)], 60_000)
      expect(result.code).toBe(1)
      expect(result.stderr).toBe(
        `serve: port ${port} on 127.0.0.1 is in use; choose another with --port\n`,
      )
    } finally {
      blocker.close()
    }
  })

  it('stops quietly, exit 0, when the reader closes the pipe early (| head)', async () => {
    const big = await makeTempDir()
    try {
      // Far more than a pipe holds (64 KiB): the CLI is still writing when the pipe closes.
      await writeTree(big, {
        'huge.md': articleText({ title: '长文', body: '<p>字</p>'.repeat(200_000) }),
      })
      const result = await cliAsync(['show', big, 'huge.md'], 60_000, {
        closeAfterFirstChunk: true,
      })
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
    } finally {
      await removeDir(big)
    }
  })

  it('prints an id holding line breaks or tabs on one line, in search as in list', async () => {
    const odd = await makeTempDir()
    try {
      await writeTree(odd, {
        '两行\n的\t名字.md': articleText({ title: '怪名', body: '<p>独有词</p>' }),
      })
      const search = cli('search', odd, '独有词')
      expect(search.code).toBe(0)
      // A header line, then four lines per hit: blank, title, id, snippet.
      expect(search.stdout.trimEnd().split('\n')).toHaveLength(5)
      expect(search.stdout).toContain('\n  两行 的 名字.md\n')
      expect(cli('list', odd).stdout).toContain('\n两行 的 名字.md\t怪名\t')
    } finally {
      await removeDir(odd)
    }
  })

  it("refuses a bad --time-zone or --limit as a usage error, with the command's usage", () => {
    const zone = cli('list', root, '--time-zone', 'Bogus/Zone')
    expect(zone.code).toBe(2)
    expect(zone.stdout).toBe('')
    expect(zone.stderr).toContain('list: --time-zone must be an IANA time zone')
    expect(zone.stderr).toContain('"Bogus/Zone"')
    expect(zone.stderr).toContain('Usage: archive-browser list <folder> [options]')
    expect(zone.stderr).not.toContain('cache-images')
    const limit = cli('search', root, 'x', '--limit', '1e2')
    expect(limit.code).toBe(2)
    expect(limit.stderr).toContain(
      'search: --limit must be a whole number from 1 to 500, not "1e2".',
    )
    expect(limit.stderr).toContain('Usage: archive-browser search <folder> <query> [options]')
  })

  it("prints a command's usage for --help or -h, and the version for --version", async () => {
    for (const help of ['--help', '-h']) {
      const usage = cli('list', help)
      expect(usage.code, help).toBe(0)
      expect(usage.stdout).toContain('Usage: archive-browser list <folder> [options]')
      expect(usage.stdout).toContain('--time-zone <value>')
      expect(usage.stderr).toBe('')
    }
    const { version } = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as {
      version: string
    }
    expect(cli('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('fails clearly (exit 1) when the folder is missing or is a file, and 2 on usage errors', async () => {
    const missing = cli('list', path.join(root, 'nope'))
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('ARCHIVE_NOT_FOUND')
    const file = path.join(root, 'file.md')
    await writeFile(file, 'x')
    const notFolder = cli('stats', file)
    expect(notFolder.code).toBe(1)
    expect(notFolder.stderr).toContain('ARCHIVE_NOT_A_FOLDER')
    expect(cli('list').code).toBe(2)
    expect(cli('frobnicate').code).toBe(2)
    expect(cli('list', root, '--nope').code).toBe(2)
    const badExportDir = cli('serve', root, '--export-dir', path.join(root, 'no-such-folder'))
    expect(badExportDir.code).toBe(2)
    expect(badExportDir.stderr).toContain('--export-dir')
  })
})
