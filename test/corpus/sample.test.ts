/**
 * The parser against the real development sample (/work/shared/corpus/sample,
 * 35 RSSHub/Hexo articles listed in MANIFEST.tsv). Required in CI; skipped with
 * a printed reason elsewhere when the folder is absent.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { Article } from '../../src/shared/types/article'
import { resolveReadOptions } from '../../src/main/core/archive/options'
import { isArticleFileName, parseArticle } from '../../src/main/core/archive/parseArticle'
import { readArticle } from '../../src/main/core/archive/readArticle'

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const SAMPLE = path.resolve(REPO_ROOT, '../shared/corpus/sample')
const AVAILABLE = existsSync(path.join(SAMPLE, 'MANIFEST.tsv'))
const REQUIRED = process.env.CI === 'true'
// The archive was generated in China; its zone-less dates are Beijing time.
const OPTIONS = resolveReadOptions({ timeZone: 'Asia/Shanghai' })

const INVALID_YAML_ID = `post/新媒体/199IT - 首页更新/"""""""""'EssenceGlobal：广告业2030'""""""""".md`

if (!AVAILABLE && !REQUIRED) {
  process.stdout.write(
    `corpus/sample.test.ts skipped: no sample corpus at ${SAMPLE} (it is required when CI=true).\n`,
  )
}

describe.runIf(REQUIRED && !AVAILABLE)('sample corpus (required in CI)', () => {
  it('is present', () => {
    expect.fail(`the sample corpus is missing at ${SAMPLE}; CI must provide it`)
  })
})

interface ManifestRow {
  id: string
  bytes: number
}

function readManifest(): ManifestRow[] {
  return readFileSync(path.join(SAMPLE, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const columns = line.split('\t')
      return { id: columns[0] as string, bytes: Number(columns[4]) }
    })
}

/** Article ids found by walking the folder ourselves (not with the app's walker). */
function walkSample(): string[] {
  return readdirSync(SAMPLE, { recursive: true, encoding: 'utf8' })
    .map((relative) => relative.split(path.sep).join('/'))
    .filter((id) => isArticleFileName(id.slice(id.lastIndexOf('/') + 1)))
    .filter((id) => id !== 'README.md')
    .sort()
}

describe.runIf(AVAILABLE)('sample corpus', async () => {
  const manifest = AVAILABLE ? readManifest() : []
  const ids = AVAILABLE ? walkSample() : []
  const articles = new Map<string, Article>()
  for (const id of ids) articles.set(id, await readArticle(SAMPLE, id, OPTIONS))
  const raw = (id: string): string => readFileSync(path.join(SAMPLE, ...id.split('/')), 'utf8')
  const invalidDateIds = ids.filter((id) => /^date: Invalid Date$/m.test(raw(id)))

  it('reads exactly the files listed in MANIFEST.tsv', () => {
    expect(manifest).toHaveLength(35)
    expect(ids).toEqual(manifest.map((row) => row.id).sort())
    for (const row of manifest) {
      const article = articles.get(row.id)
      expect(article, row.id).toBeDefined()
      expect(article?.size, row.id).toBe(row.bytes)
      const bytes = readFileSync(path.join(SAMPLE, ...row.id.split('/')))
      expect(article?.hash, row.id).toBe(createHash('sha1').update(bytes).digest('hex'))
    }
  })

  it('has one issue in the whole sample: the invalid front matter, with the title as written', () => {
    const withIssues = [...articles.values()].filter((article) => article.issues.length > 0)
    expect(withIssues.map((article) => article.id)).toEqual([INVALID_YAML_ID])
    const invalid = articles.get(INVALID_YAML_ID) as Article
    expect(invalid.issues[0]?.code).toBe('FRONT_MATTER_INVALID')
    expect(invalid.issues[0]?.line).toBe(3)
    expect(invalid.title).toBe(`"""""""""'EssenceGlobal：广告业2030'"""""""""`)
    expect(invalid.categories).toEqual([['新媒体', '199IT - 首页更新']])
    expect(invalid.date).toBe('2021-03-21T22:06:54.000Z')
    const sibling = articles.get('post/新媒体/199IT - 首页更新/EssenceGlobal：广告业2030.md')
    expect(sibling?.title).toBe('EssenceGlobal：广告业2030')
  })

  it('gives every article a non-empty title from its front matter', () => {
    for (const article of articles.values()) {
      expect(article.title.trim(), article.id).not.toBe('')
      expect(article.titleSource, article.id).toBe('front-matter')
    }
    expect(articles.get('post/新媒体/12_00.md')?.title).toBe('12_00')
    expect(articles.get('post/新媒体/1936.md')?.title).toBe('1936')
    expect(articles.get('source/_posts/社交媒体/简书/首页/.md')?.title).toBe('...')
    expect(articles.get('source/_posts/新媒体/36kr/快讯/10月制造业PMI为492.md')?.title).toBe(
      '10月制造业PMI为49.2',
    )
    const multiLine = ids.find((id) => id.startsWith('post/新媒体/00_00 '))
    expect(articles.get(multiLine ?? '')?.title).toBe('00_00 币世界晚行情：BTC回升至57000 USDT上方')
    const nbsp = ids.find((id) => id.includes('_Unclassified_'))
    expect(articles.get(nbsp ?? '')?.title).toBe(
      '_Unclassified_ 英特爾旗下 Habana Labs 推出 Gaudi 2 深度學習訓練處理器',
    )
    const apostrophe = ids.find((id) => id.includes("BOLT'ing"))
    expect(articles.get(apostrophe ?? '')?.title).toBe(
      "Facebook正持续研究BOLT'ing以提高Linux内核执行性能",
    )
  })

  it('resolves every date, from the front matter except the 5 "Invalid Date" files', () => {
    expect(invalidDateIds).toHaveLength(5)
    for (const article of articles.values()) {
      expect(article.date, article.id).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
      expect(article.dateSource, article.id).toBe(
        invalidDateIds.includes(article.id) ? 'mtime' : 'front-matter',
      )
      // RFC 2822 dates carry their zone: V8's own parser is an independent check.
      const written = /^date: (.+)$/m.exec(raw(article.id))?.[1] ?? ''
      if (/GMT$/.test(written))
        expect(article.date, article.id).toBe(new Date(written).toISOString())
    }
    // Zone-less Hexo dates are Beijing time.
    const local = ids.find((id) => id.startsWith('post/新媒体/00_00 '))
    expect(articles.get(local ?? '')?.date).toBe('2021-03-21T08:41:54.000Z')
  })

  it('reads the three category layouts', () => {
    expect(articles.get('post/新媒体/12_00.md')?.categories).toEqual([
      ['新媒体', '坂道系列官网资讯 - 日向坂 46 博客'],
    ])
    expect(
      articles.get('source/_posts/博客/Google Sites/文章更新/DSE Econ.md')?.categories,
    ).toEqual([['博客', 'Google Sites', '文章更新']])
    expect(
      articles.get('source/_posts/新媒体/PMCAFF/今日推荐 / 精选/B端权限设计.md')?.categories,
    ).toEqual([['新媒体', 'PMCAFF', '今日推荐 / 精选']])
    for (const article of articles.values()) {
      expect(article.categories.length, article.id).toBe(1)
      expect(article.author, article.id).not.toBeNull()
    }
  })

  it('collects sane image lists', () => {
    for (const article of articles.values()) {
      expect(article.imageCount, article.id).toBe(article.images.length)
      const urls = article.images.map((image) => image.url)
      expect(new Set(urls).size, article.id).toBe(urls.length)
      for (const url of urls) expect(url, article.id).toMatch(/^https?:\/\/[^\s]+$/)
      if (article.headimg) expect(article.images[0]?.url, article.id).toBe(article.headimg)
    }
    const ithome = articles.get(
      'source/_posts/新媒体/IT 之家/分类资讯/12306 App 上新：已支持买船票，轻松跨越琼州海峡.md',
    )
    expect(ithome?.images.filter((image) => image.url.includes('@s_2,w_820,h_')).length).toBe(13)
    expect(ithome?.images.filter((image) => image.source === 'srcset').length).toBe(13)
    const guancha = articles.get(
      'source/_posts/新媒体/观察者网/头条/习近平：无论爬多少坡过多少坎，中俄都将继续笃定前行.md',
    )
    expect(guancha?.headimg).toMatch(/!cmspl$/)
    const jianshu = articles.get('source/_posts/社交媒体/简书/首页/Android HTTPS从概念到编码.md')
    // data-original-src="//upload-images…" becomes https and matches the header image.
    expect(jianshu?.images.map((image) => image.url)).toEqual([
      'https://upload-images.jianshu.io/upload_images/3415839-487d566745447653.jpg',
    ])
    const picsum = [...articles.values()].filter((article) =>
      article.headimg?.startsWith('https://picsum.photos/'),
    )
    expect(picsum).toHaveLength(9)
    const noHeadimg = [...articles.values()].filter(
      (article) => !/^headimg:/m.test(raw(article.id)),
    )
    expect(noHeadimg).toHaveLength(8)
    for (const article of noHeadimg) expect(article.headimg, article.id).toBeNull()
    for (const id of [
      'post/新媒体/12_00.md',
      'source/_posts/二次元/AcFun/番剧/第10话 - 说谎者的宴会.md',
    ]) {
      expect(articles.get(id)?.imageCount, id).toBe(1)
      expect(articles.get(id)?.text, id).toBe('')
    }
  })

  it('extracts text without markup, styles, scripts, comments or raw entities', () => {
    for (const article of articles.values()) {
      expect(article.format, article.id).toBe('html')
      expect(article.encoding, article.id).toBe('utf-8')
      expect(article.text, article.id).not.toMatch(
        /<\/?(?:script|style|div|p|img|span|iframe|table|br)\b/i,
      )
      expect(article.text, article.id).not.toMatch(/&(?:nbsp|amp|lt|gt|#\d+);/)
      expect(article.text, article.id).not.toMatch(/\s{2,}/)
      for (const match of article.bodyHtml.matchAll(/<(style|script)\b[^>]*>([\s\S]*?)<\/\1>/gi)) {
        const hidden = (match[2] ?? '').trim()
        if (hidden.length > 8) expect(article.text, article.id).not.toContain(hidden.slice(0, 40))
      }
      // Comment text must not reach the index (unless the same words also appear outside comments).
      const outsideComments = article.bodyHtml.replace(/<!--[\s\S]*?-->/g, '')
      for (const match of article.bodyHtml.matchAll(/<!--([\s\S]*?)-->/g)) {
        const comment = (match[1] ?? '').trim()
        if (comment.length > 3 && !outsideComments.includes(comment)) {
          expect(article.text, article.id).not.toContain(comment)
        }
      }
    }
    const acm = articles.get('source/_posts/编程/ACM/图灵奖获得者/2021.md')
    expect(acm?.text.length).toBeGreaterThan(10_000)
    expect(articles.get('post/新媒体/1936.md')?.text).toBe('Lars Valerian Ahlfors Jesse Douglas')
  })

  it('parses the sample quickly enough to measure (printed, not asserted)', () => {
    const inputs = ids.map((id) => {
      const bytes = readFileSync(path.join(SAMPLE, ...id.split('/')))
      return { id, bytes, size: bytes.length, mtimeMs: 0, truncated: false }
    })
    const rounds = 20
    const started = performance.now()
    for (let round = 0; round < rounds; round++)
      for (const input of inputs) parseArticle(input, OPTIONS)
    const perFile = (performance.now() - started) / (rounds * inputs.length)
    process.stdout.write(
      `corpus/sample: parseArticle ${perFile.toFixed(3)} ms/file over ${rounds}×${inputs.length} files\n`,
    )
    expect(inputs).toHaveLength(35)
  })
})
