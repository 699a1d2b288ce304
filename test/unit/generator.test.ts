import { mkdtemp, readFile, rm, stat, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeHTML } from 'entities'
import yaml from 'js-yaml'
import { describe, expect, it } from 'vitest'
import {
  benchArchiveDir,
  cleanFileName,
  ensureBenchArchive,
  generateArticle,
  generateArticles,
  readBenchMarker,
  writeArchive,
  type GeneratedArticle,
} from '../support/generator'

const SAMPLE = [...generateArticles(1000, 42)]

function frontMatterOf(content: string): { yamlText: string; rest: string } {
  const match = /^\n---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(content)
  if (!match) throw new Error('no front matter block')
  return { yamlText: match[1] ?? '', rest: match[2] ?? '' }
}

function share(predicate: (a: GeneratedArticle) => boolean): number {
  return SAMPLE.filter(predicate).length / SAMPLE.length
}

describe('generator: determinism', () => {
  it('gives identical bytes for the same seed and different ones for another seed', () => {
    const again = [...generateArticles(1000, 42)]
    expect(again.map((a) => a.content)).toEqual(SAMPLE.map((a) => a.content))
    const other = [...generateArticles(50, 43)]
    const differing = other.filter((a, i) => a.content !== SAMPLE[i]?.content).length
    expect(differing).toBe(50)
  })

  it('gives random access to the same articles as the stream', () => {
    for (const i of [0, 1, 17, 500, 999]) {
      const single = generateArticle(42, i)
      expect(single.content).toBe(SAMPLE[i]?.content)
      expect(single.text).toBe(SAMPLE[i]?.text)
    }
  })
})

describe('generator: file format', () => {
  it('writes a leading blank line, valid YAML front matter and the fields it reports', () => {
    for (const article of SAMPLE) {
      const { yamlText } = frontMatterOf(article.content)
      const data = yaml.load(yamlText) as Record<string, unknown>
      expect(String(data.title)).toBe(article.title)
      expect(data.categories).toEqual(article.categories)
      expect(data.author).toBe(article.author)
      expect(data.comments).toBe(false)
      expect(data.headimg ?? null).toBe(article.headimg)
      expect(data.thumbnail || null).toBe(article.thumbnail)
      if (article.numericTitle) expect(typeof data.title).toBe('number')
      else expect(typeof data.title).toBe('string')
    }
  })

  it('indents categories like the real files (1 space new, 4 spaces old) with 3 or 2 levels', () => {
    for (const article of SAMPLE) {
      const { yamlText } = frontMatterOf(article.content)
      const indent = article.layout === 'new' ? ' - ' : '    - '
      for (const category of article.categories)
        expect(yamlText).toContain(`\n${indent}${category}\n`)
      expect(article.categories.length).toBe(article.layout === 'old' ? 2 : 3)
      expect(yamlText.includes('\nheadimg: ')).toBe(article.layout === 'new')
    }
  })

  it('puts the body inside <div>, ends with 12 spaces and no final newline', () => {
    for (const article of SAMPLE) {
      const { rest } = frontMatterOf(article.content)
      expect(rest.startsWith('\n<div>   \n')).toBe(true)
      expect(article.content.endsWith('</div>\n            ')).toBe(true)
      expect(article.content.endsWith('\n')).toBe(false)
    }
  })

  it('writes dates that parse back to the reported ISO date', () => {
    for (const article of SAMPLE) {
      const line = /\ndate: (.*)\n/.exec(article.content)?.[1] ?? ''
      if (article.dateStyle === 'invalid') expect(line).toBe('Invalid Date')
      else if (article.dateStyle === 'local') {
        expect(line).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)
        expect(new Date(`${line.replace(' ', 'T')}Z`).toISOString()).toBe(article.date)
      } else {
        expect(line).toMatch(/^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/)
        expect(new Date(line).toISOString()).toBe(article.date)
      }
      expect(article.date >= '2021-03-01' && article.date < '2022-10-01').toBe(true)
    }
  })

  it('derives paths from categories and cleaned titles, all unique', () => {
    for (const article of SAMPLE) {
      const folder =
        article.layout === 'old'
          ? `post/新媒体/${article.categories[1]}/`
          : `source/_posts/${article.categories.join('/')}/`
      expect(article.id.startsWith(folder)).toBe(true)
      const name = article.id.slice(folder.length)
      expect(name.replace(/ \(\d+\)\.md$/, '.md')).toBe(`${cleanFileName(article.title)}.md`)
      expect(name).not.toMatch(/[:\\?*“”<>|[\]#]/)
      expect(Buffer.byteLength(name)).toBeLessThan(255)
    }
    const ids = SAMPLE.map((a) => a.id.toLowerCase())
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('cleans file names the way the real script did', () => {
    expect(cleanFileName('10月制造业PMI为49.2')).toBe('10月制造业PMI为492')
    expect(cleanFileName('“中国”熄火:比特币?[图]#1 a/b\\c*d<e>f|g')).toBe(
      '_中国_熄火_比特币__图_1 a_b_c_d_e_f_g',
    )
  })
})

describe('generator: body text ground truth', () => {
  it('has no tags or entities in text, and every text line is in the decoded HTML', () => {
    for (const article of SAMPLE.slice(0, 300)) {
      expect(article.text).not.toMatch(/<\/?[a-z][^>]*>/i)
      expect(article.text).not.toMatch(/&(nbsp|amp|lt|gt|quot);/)
      const html = frontMatterOf(article.content).rest
      const inlineRemoved = html.replace(/<\/?(a|strong|span)\b[^>]*>/g, '')
      const plain = decodeHTML(inlineRemoved.replace(/<[^>]+>/g, '\n'))
      for (const line of article.text.split('\n')) expect(plain).toContain(line)
    }
  })

  it('lists every body image and marks them no-referrer', () => {
    for (const article of SAMPLE.slice(0, 300)) {
      const srcs = [...article.content.matchAll(/<img[^>]* src="([^"]+)"[^>]*>/g)].map((m) => m[1])
      expect(srcs).toEqual(article.images)
      for (const tag of article.content.match(/<img[^>]*>/g) ?? [])
        expect(tag).toContain('referrerpolicy="no-referrer"')
    }
  })

  it('is long and lexically diverse like real news', () => {
    const lengths = SAMPLE.map((a) => a.text.length).sort((a, b) => a - b)
    const median = lengths[lengths.length >> 1] ?? 0
    expect(median).toBeGreaterThanOrEqual(1500)
    expect(median).toBeLessThanOrEqual(3500)
    expect(lengths[0]).toBeGreaterThanOrEqual(250)
    expect(lengths[lengths.length - 1]).toBeGreaterThan(8000)
    const bigrams = new Set<string>()
    for (const article of SAMPLE) {
      for (const run of article.text.match(/\p{Script=Han}{2,}/gu) ?? []) {
        for (let i = 0; i + 1 < run.length; i++) bigrams.add(run.slice(i, i + 2))
      }
    }
    expect(bigrams.size).toBeGreaterThanOrEqual(20_000)
  })

  it('mixes in Latin terms, numbers and entities at realistic rates', () => {
    expect(share((a) => /[A-Za-z]{2,}/.test(a.text))).toBeGreaterThan(0.5)
    expect(share((a) => /\d+(\.\d+)?%/.test(a.text))).toBeGreaterThan(0.2)
    expect(share((a) => a.content.includes('&nbsp;'))).toBeGreaterThan(0.02)
    expect(share((a) => a.content.includes('&amp;'))).toBeGreaterThan(0.02)
    expect(share((a) => /[，。、：；！？]/.test(a.text))).toBe(1)
  })
})

describe('generator: quirks', () => {
  it('has each real quirk at about its intended share', () => {
    const between = (value: number, low: number, high: number): void => {
      expect(value).toBeGreaterThanOrEqual(low)
      expect(value).toBeLessThanOrEqual(high)
    }
    between(
      share((a) => a.dateStyle === 'invalid'),
      0.002,
      0.025,
    )
    between(
      share((a) => a.dateStyle === 'local'),
      0.008,
      0.04,
    )
    between(
      share((a) => a.layout === 'old'),
      0.03,
      0.08,
    )
    between(
      share((a) => a.script === 'hant'),
      0.015,
      0.06,
    )
    between(
      share((a) => a.numericTitle),
      0.001,
      0.015,
    )
    between(
      share((a) => a.headimg?.startsWith('https://picsum.photos/') ?? false),
      0.05,
      0.25,
    )
    between(
      share((a) => a.layout === 'transitional'),
      0.002,
      0.03,
    )
    between(
      share((a) => a.thumbnail === null),
      0.005,
      0.06,
    )
    expect(SAMPLE.some((a) => a.content.includes("\nthumbnail: ''\n"))).toBe(true)
  })

  it('uses a category tree of about 8 top categories and dozens of sources', () => {
    const many = [...generateArticles(3000, 7)].filter((a) => a.layout !== 'old')
    expect(new Set(many.map((a) => a.categories[0])).size).toBeGreaterThanOrEqual(8)
    expect(new Set(many.map((a) => a.categories[1])).size).toBeGreaterThanOrEqual(50)
  })
})

describe('generator: writing archives', () => {
  it('writes every article byte for byte with its date as mtime', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'generator-test-'))
    try {
      const result = await writeArchive(dir, 40, 5, { concurrency: 4 })
      const expected = [...generateArticles(40, 5)]
      expect(result.files).toBe(40)
      expect(result.bytes).toBe(expected.reduce((sum, a) => sum + Buffer.byteLength(a.content), 0))
      for (const article of expected) {
        const path = join(dir, article.id)
        expect(await readFile(path, 'utf8')).toBe(article.content)
        expect((await stat(path)).mtime.toISOString()).toBe(article.date)
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('caches bench archives and regenerates them when the marker is missing', async () => {
    const seed = 918_273
    const base = benchArchiveDir(6, seed)
    await rm(base, { recursive: true, force: true })
    try {
      const root = await ensureBenchArchive(6, seed)
      expect((await readBenchMarker(6, seed))?.files).toBe(6)
      const first = generateArticle(seed, 0)
      const before = (await stat(join(root, first.id))).ctimeMs
      expect(await ensureBenchArchive(6, seed)).toBe(root)
      expect((await stat(join(root, first.id))).ctimeMs).toBe(before)
      await unlink(join(base, 'complete.json'))
      await unlink(join(root, first.id))
      await ensureBenchArchive(6, seed)
      expect(await readFile(join(root, first.id), 'utf8')).toBe(first.content)
      expect(await readBenchMarker(6, seed)).not.toBeNull()
    } finally {
      await rm(base, { recursive: true, force: true })
    }
  })
})
