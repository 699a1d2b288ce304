import { describe, expect, it } from 'vitest'
import { isArticleFileName, toSummary } from '../../../src/main/core/archive/parseArticle'
import { parseFixture, parseText } from './quirkFixtures'

describe('parseArticle: the generator formats', () => {
  it('reads the new format (blank line before ---, 3 categories, headimg, RFC 2822 date)', () => {
    const article = parseFixture('new-format.md')
    expect(article.issues).toEqual([])
    expect(article.title).toBe('开源键盘固件发布：支持 12 种布局')
    expect(article.titleSource).toBe('front-matter')
    expect(article.categories).toEqual([['新媒体', '键盘周刊', '快讯']])
    expect(article.author).toBe('键盘周刊')
    expect(article.date).toBe('2022-03-15T09:30:00.000Z')
    expect(article.dateSource).toBe('front-matter')
    expect(article.headimg).toBe('https://picsum.photos/400/300?random=4242')
    expect(article.thumbnail).toBe('https://picsum.photos/400/300?random=4242')
    // headimg and thumbnail are the same URL: listed once, as the header image.
    expect(article.images).toEqual([
      { url: 'https://picsum.photos/400/300?random=4242', source: 'headimg' },
    ])
    expect(article.imageCount).toBe(1)
    expect(article.format).toBe('html')
    expect(article.encoding).toBe('utf-8')
    expect(article.frontMatter.comments).toBe(false)
    expect(article.bodyHtml.startsWith('<div>')).toBe(true)
    expect(article.bodyHtml.endsWith('</div>')).toBe(true)
    expect(article.text).toBe(
      '据键盘周刊报道，一款开源键盘固件今日发布新版本。 新版本支持 12 种布局，并改进了蓝牙连接。',
    )
    expect(article.link).toBeNull()
    expect(article.hash).toMatch(/^[0-9a-f]{40}$/)
  })

  it('reads the old format (4-space categories, no headimg, empty thumbnail, local date)', () => {
    const article = parseFixture('old-format.md')
    expect(article.issues).toEqual([])
    expect(article.title).toBe('旧版格式的一篇文章')
    expect(article.categories).toEqual([['新媒体', '示例站点 - 快讯']])
    expect(article.headimg).toBeNull()
    expect(article.thumbnail).toBeNull()
    expect(article.images).toEqual([])
    // 16:41:54 in Shanghai (UTC+8).
    expect(article.date).toBe('2021-03-21T08:41:54.000Z')
    expect(article.text).toBe('旧格式正文，没有段落标签。')
  })

  it('reads the transitional format (blank line inside the front matter)', () => {
    const article = parseFixture('transitional-format.md')
    expect(article.issues).toEqual([])
    expect(article.categories).toEqual([['博客', 'Example Sites', '文章更新']])
    expect(article.author).toBe('Example Sites')
    expect(article.thumbnail).toBeNull()
    expect(article.date).toBe('2021-03-22T16:36:08.000Z')
  })
})

describe('parseArticle: invalid front matter', () => {
  it('still produces the article, with the YAML reason and the line in the file', () => {
    const article = parseFixture('invalid-yaml.md')
    const issue = article.issues.find((i) => i.code === 'FRONT_MATTER_INVALID')
    expect(issue).toBeDefined()
    // Line 1 is blank, line 2 is `---`, line 3 is the broken title.
    expect(issue?.line).toBe(3)
    expect(issue?.message).toContain('bad indentation')
    // The value as written: which quotes the author meant cannot be known.
    expect(article.title).toBe(`""""""'报告：广告业2030'""""""`)
    expect(article.titleSource).toBe('front-matter')
    expect(article.categories).toEqual([['新媒体', '数据站 - 首页更新']])
    expect(article.author).toBe('数据站 - 首页更新')
    expect(article.date).toBe('2021-03-21T22:06:54.000Z')
    expect(article.thumbnail).toBeNull()
    expect(article.text).toBe('报告：广告业2030')
  })

  it('counts every stripped leading line in the reported line', () => {
    // Lines 1-3 blank or spaces, 4 `---`, 5 title, 6 comments, 7 the broken `summary: a: b`.
    const article = parseText(
      '\n  \n\n---\ntitle: ok\ncomments: false\nsummary: a: b\nx: 1\n---\nbody',
    )
    expect(article.issues).toHaveLength(1)
    expect(article.issues[0]?.line).toBe(7)
    expect(article.title).toBe('ok')
    expect(article.frontMatter).toEqual({ title: 'ok', comments: false, summary: 'a: b', x: '1' })
  })

  it('reports an unterminated flow list at the end of the block and recovers the raw value', () => {
    const article = parseText('\n---\ntitle: ok\nbad: [unclosed\n---\nbody')
    expect(article.issues[0]?.code).toBe('FRONT_MATTER_INVALID')
    expect(article.issues[0]?.message).toContain('flow collection')
    // js-yaml stops at the end of the block, which is the closing `---` (line 5).
    expect(article.issues[0]?.line).toBe(5)
    expect(article.frontMatter.bad).toBe('[unclosed')
  })

  it('reports front matter that is YAML but not a mapping', () => {
    const article = parseText('---\n- a\n- b\n---\n<p>x</p>', 'x/list.md')
    expect(article.issues.map((i) => i.code)).toEqual(['FRONT_MATTER_INVALID'])
    expect(article.title).toBe('list')
    expect(article.text).toBe('x')
  })

  it('reports a duplicate key and keeps the first value', () => {
    const article = parseText('---\ntitle: first\ndate: 2021-01-01\ntitle: second\n---\n<p>x</p>')
    const issue = article.issues.find((i) => i.code === 'FRONT_MATTER_INVALID')
    expect(issue?.message).toMatch(/duplicat/i)
    expect(issue?.line).toBe(4)
    expect(article.title).toBe('first')
  })
})

describe('parseArticle: YAML aliases', () => {
  it('reads a value that holds an alias of itself as invalid YAML, recovered line by line', () => {
    const article = parseFixture('alias-cycle.md')
    expect(article.issues.map((i) => i.code)).toEqual(['FRONT_MATTER_INVALID'])
    expect(article.issues[0]?.message).toContain('alias of itself')
    // Line 1 is blank, line 2 is `---`, line 3 the title with the alias.
    expect(article.issues[0]?.line).toBe(3)
    // The value as written (recovery keeps what is not YAML on its own).
    expect(article.title).toBe('&a [*a]')
    expect(article.categories).toEqual([['新媒体', '别名站']])
    expect(article.date).toBe('2021-06-01T02:00:00.000Z')
    expect(article.text).toBe('一个引用自身的别名')
    // What `show` and serve's getArticle send: it was "Converting circular structure to JSON".
    expect(JSON.parse(JSON.stringify(article))).toEqual(article)
    expect(toSummary(article).title).toBe('&a [*a]')
  })

  it('stops aliases that expand past the budget (8 levels of 9: 43M strings)', () => {
    const started = performance.now()
    const article = parseFixture('alias-bomb.md')
    expect(article.issues.map((i) => i.code)).toEqual(['FRONT_MATTER_INVALID'])
    expect(article.issues[0]?.message).toContain('expand to more than 10,000 values')
    expect(article.issues[0]?.line).toBe(5) // `b:`, the first alias
    expect(article.title).toBe('笑话大全')
    expect(article.categories).toEqual([['新媒体', '别名站']])
    expect(article.date).toBe('2021-06-02T02:00:00.000Z')
    expect(article.frontMatter.a).toHaveLength(9)
    expect(article.frontMatter.h).toBe('&h [*g,*g,*g,*g,*g,*g,*g,*g,*g]')
    // Was 18 s and 900 MB in `show`, then "Invalid string length".
    expect(JSON.stringify(article).length).toBeLessThan(5_000)
    expect(performance.now() - started).toBeLessThan(2_000)
  })

  it('keeps aliases that expand within the budget, and values nested up to 32 levels', () => {
    const ok = parseText(
      '---\ntitle: ok\ntags: &t [a, b]\nkeywords: *t\nmore: [*t, *t, [*t]]\n---\n<p>x</p>',
    )
    expect(ok.issues).toEqual([])
    expect(ok.tags).toEqual(['a', 'b'])
    expect(ok.frontMatter.keywords).toEqual(['a', 'b'])
    expect(ok.frontMatter.more).toEqual([['a', 'b'], ['a', 'b'], [['a', 'b']]])
    const nest = (levels: number): string => `${'['.repeat(levels)}*t${']'.repeat(levels)}`
    const within = parseText(`---\ntitle: ok\nt: &t x\ndeep: ${nest(31)}\n---\n<p>x</p>`)
    expect(within.issues).toEqual([])
    const deeper = parseText(`---\ntitle: ok\nt: &t x\ndeep: ${nest(32)}\n---\n<p>x</p>`)
    expect(deeper.issues[0]?.message).toContain('more than 32 levels deep')
    expect(deeper.title).toBe('ok')
    // 10,000 values in all (the mapping, its 3 values, 9,996 aliases in the list) pass; one more does not.
    const list = (n: number): string => `[${Array.from({ length: n }, () => '*t').join(',')}]`
    const full = parseText(`---\ntitle: ok\nt: &t x\nl: ${list(9_996)}\n---\n<p>x</p>`)
    expect(full.issues).toEqual([])
    const over = parseText(`---\ntitle: ok\nt: &t x\nl: ${list(9_997)}\n---\n<p>x</p>`)
    expect(over.issues[0]?.code).toBe('FRONT_MATTER_INVALID')
  })
})

describe('parseArticle: titles', () => {
  it('keeps numeric-looking titles exactly as written', () => {
    expect(parseFixture('numeric-title-12_00.md').title).toBe('12_00')
    expect(parseFixture('numeric-title-1936.md').title).toBe('1936')
    expect(parseFixture('numeric-title-decimal.md').title).toBe('1.10')
  })

  it('folds a multi-line plain title as YAML does, joining the lines with one space', () => {
    const article = parseFixture('multiline-title.md')
    expect(article.issues).toEqual([])
    expect(article.title).toBe('00_00 行情快报：指数回升至3000点上方')
  })

  it("reads a double-quoted title containing '", () => {
    expect(parseFixture('double-quoted-title.md').title).toBe(
      "Facebook's 新工具：BOLT'ing 提升性能",
    )
  })

  it('turns &nbsp; written in a title into a space and keeps other symbols', () => {
    expect(parseFixture('title-nbsp.md').title).toBe('_Unclassified_ 英特爾旗下 實驗室推出新處理器')
    expect(parseText("---\ntitle: 'a\u00a0b &#160;c'\n---\nx").title).toBe('a b  c')
    expect(parseFixture('title-symbols.md').title).toBe(
      '"养老"机构爆雷 100%+涨幅？© 2021｜ONE｜海賊王，完。',
    )
  })

  it('falls back from a null title to the first heading, then the file name', () => {
    const nullTitle = parseFixture('null-title.md', 'post/新媒体/null-title.md')
    expect(nullTitle.title).toBe('null-title')
    expect(nullTitle.titleSource).toBe('filename')

    const heading = parseFixture('heading-title.md')
    expect(heading.title).toBe('来自正文的 标题')
    expect(heading.titleSource).toBe('heading')

    const markdown = parseFixture('markdown-body.md')
    expect(markdown.title).toBe('第一个标题')
    expect(markdown.titleSource).toBe('heading')
  })

  it('uses an HTML page <title> when there is no heading', () => {
    const page = parseFixture('page.html')
    expect(page.title).toBe('页面标题')
    expect(page.titleSource).toBe('heading')
    expect(page.text).toBe('没有一级标题的页面。')
  })

  it('never gives an empty title, even for a file named just ".md"', () => {
    const article = parseText('---\ntitle: "   "\n---\n<p>x</p>', 'folder/.md')
    expect(article.title).toBe('(untitled)')
    expect(article.titleSource).toBe('filename')
    const spaced = parseText('<p>x</p>', 'folder/ .md')
    expect(spaced.title).toBe('(untitled)')
  })

  it('treats an empty, null or list title as missing', () => {
    expect(parseText("---\ntitle: ''\n---\n<h3>H</h3>").title).toBe('H')
    expect(parseText('---\ntitle: ~\n---\n<h3>H</h3>').title).toBe('H')
    expect(parseText('---\ntitle: [a, b]\n---\nplain', 'x/name.md').title).toBe('name')
  })
})

describe('parseArticle: dates', () => {
  it('falls back silently from "Invalid Date" to the file mtime', () => {
    const article = parseText('---\ntitle: t\ndate: Invalid Date\n---\n<p>x</p>')
    expect(article.issues).toEqual([])
    expect(article.dateSource).toBe('mtime')
    expect(article.date).toBe('2024-01-02T03:04:05.000Z')
    const fixture = parseFixture('invalid-date.md')
    expect(fixture.dateSource).toBe('mtime')
    expect(fixture.issues).toEqual([])
  })

  it('reports an unreadable date and takes the date in the file name', () => {
    const article = parseText('---\ndate: next Tuesday\n---\n<p>x</p>', 'posts/2021-06-28-title.md')
    expect(article.issues.map((i) => i.code)).toEqual(['DATE_INVALID'])
    expect(article.issues[0]?.message).toContain('next Tuesday')
    expect(article.dateSource).toBe('filename')
    expect(article.date).toBe('2021-06-27T16:00:00.000Z')
  })

  it('uses the file name date when the front matter has none', () => {
    const article = parseText('<p>x</p>', 'posts/20210628 notes.md')
    expect(article.issues).toEqual([])
    expect(article.dateSource).toBe('filename')
    expect(article.date).toBe('2021-06-27T16:00:00.000Z')
  })

  it('reads an ISO date with offset and a date-only value', () => {
    expect(parseText('---\ndate: 2021-06-28T18:03:38+02:00\n---\nx').date).toBe(
      '2021-06-28T16:03:38.000Z',
    )
    expect(parseFixture('heading-title.md').date).toBe('2021-06-27T16:00:00.000Z')
  })
})

describe('parseArticle: categories, tags, author, link', () => {
  it('reads Hexo nested category lists, tag lists, an author object and the link', () => {
    const article = parseFixture('markdown-body.md')
    expect(article.categories).toEqual([['技术', '前端'], ['生活']])
    expect(article.tags).toEqual(['笔记', 'markdown'])
    expect(article.author).toBe('张三')
    expect(article.link).toBe('https://blog.example.com/posts/markdown')
  })

  it('accepts single strings and trims items, dropping empty ones', () => {
    const article = parseText("---\ncategories: ' 随笔 '\ntags: one\nauthor: ''\n---\nx")
    expect(article.categories).toEqual([['随笔']])
    expect(article.tags).toEqual(['one'])
    expect(article.author).toBeNull()
    const list = parseText(
      "---\ncategories:\n  - ' a '\n  - ''\n  - b\ntags: [x, ' ', x, y]\n---\nx",
    )
    expect(list.categories).toEqual([['a', 'b']])
    expect(list.tags).toEqual(['x', 'y'])
  })

  it('takes the link from url, source_url or permalink only when it is http(s)', () => {
    expect(
      parseText('---\nurl: ftp://example.com/a\npermalink: https://example.com/p/\n---\nx').link,
    ).toBe('https://example.com/p/')
    expect(parseText('---\nlink: /relative/path\n---\nx').link).toBeNull()
    expect(parseText('---\nsource_url: http://example.com/s\n---\nx').link).toBe(
      'http://example.com/s',
    )
  })
})

describe('parseArticle: bodies', () => {
  it('renders Markdown with the CJK plugins and resolves local images against the folder', () => {
    const article = parseFixture('markdown-body.md', 'notes/2021/markdown-body.md')
    expect(article.format).toBe('markdown')
    expect(article.bodyHtml).toContain('<strong>加粗：</strong>')
    // cjk-breaks: no stray space where a Chinese line was wrapped.
    expect(article.text).toContain('这里换行了')
    expect(article.images).toEqual([
      { url: 'notes/2021/images/photo 1.png', source: 'markdown', local: true },
      { url: 'notes/shared/b.png', source: 'markdown', local: true },
      { url: 'img/root.png', source: 'markdown', local: true },
      { url: 'https://img.example.com/x.png', source: 'markdown' },
    ])
    expect(article.imageCount).toBe(4)
  })

  it('treats a .md body that starts with an HTML tag as HTML', () => {
    const article = parseText('---\ntitle: t\n---\n\n<div>   \n    indented line\n</div>')
    expect(article.format).toBe('html')
    expect(article.bodyHtml).not.toContain('<pre>')
    expect(parseText('---\ntitle: t\n---\n\n    indented line').bodyHtml).toContain('<pre><code>')
  })

  it('keeps image-only and title-only bodies', () => {
    const image = parseFixture('image-only.md')
    expect(image.text).toBe('')
    expect(image.images).toEqual([
      { url: 'https://photos.example.com/p/1-ld.jpg', source: 'headimg' },
    ])
    expect(parseFixture('title-only.md').text).toBe('只有标题的文章')
  })

  it('reads Traditional Chinese, Japanese and English bodies', () => {
    expect(parseFixture('traditional-chinese.md').text).toContain('結合轉生、奇幻、軍事戰爭')
    expect(parseFixture('japanese.md').text).toBe(
      'カルロ・ゼン原作のアニメが、劇場版として公開されます。',
    )
    expect(parseFixture('english.md').text).toBe(
      'For his pioneering contributions to numerical algorithms and libraries.',
    )
  })

  it('collapses long runs of space-only lines', () => {
    expect(parseFixture('null-title.md').text).toBe('第一行 空白行之后')
  })

  it('normalizes CRLF line endings before parsing', () => {
    const article = parseText(
      '\r\n---\r\ntitle: Windows\r\ndate: 2021-03-21 16:41:54\r\n---\r\n<p>a\r\nb</p>',
    )
    expect(article.issues).toEqual([])
    expect(article.title).toBe('Windows')
    expect(article.bodyHtml).toBe('<p>a\nb</p>')
  })

  it('treats a --- without a closing line as Markdown, not front matter', () => {
    const article = parseText('---\njust a rule above', 'x/rule.md')
    expect(article.frontMatter).toEqual({})
    expect(article.text).toBe('just a rule above')
    expect(article.issues).toEqual([])
  })
})

describe('parseArticle: front matter with no closing ---', () => {
  // Hexo (hexo-front-matter's split) shows the whole file as the body, with no warning.
  it('reads its key lines as the front matter, the rest as the body, and says so', () => {
    const article = parseFixture('unclosed-front-matter.md')
    expect(article.issues).toHaveLength(1)
    expect(article.issues[0]?.code).toBe('FRONT_MATTER_INVALID')
    expect(article.issues[0]?.message).toContain('not closed')
    expect(article.issues[0]?.message).toContain('lines 3–10 were read as its fields')
    expect(article.issues[0]?.line).toBe(2) // the opening `---` after the blank first line
    expect(article.title).toBe('没有结尾的文件头')
    expect(article.titleSource).toBe('front-matter')
    expect(article.categories).toEqual([['新媒体', '某站 - 快讯']])
    expect(article.author).toBe('某站 - 快讯')
    expect(article.date).toBe('2021-06-01T02:00:00.000Z')
    expect(article.dateSource).toBe('front-matter')
    expect(article.format).toBe('html')
    expect(article.text).toBe('文件头少了结尾的三条短线。')
  })

  it('reads a file cut off inside its front matter, and recovers broken YAML line by line', () => {
    const cut = parseText('---\ntitle: cut\ndate: 2021-06-0', 'x/cut.md')
    expect(cut.issues[0]?.message).toContain('lines 2–3 were read')
    expect(cut.title).toBe('cut')
    expect(cut.text).toBe('')
    const broken = parseText('---\ntitle: "a: b\n<p>x</p>', 'x/broken.md')
    expect(broken.issues.map((i) => i.message)).toEqual([
      expect.stringContaining('line 2 was read'),
    ])
    expect(broken.title).toBe('"a: b')
    expect(broken.text).toBe('x')
  })

  it('ends the front matter at the first line that is no key, indented value or blank', () => {
    const article = parseText(
      '---\n\ntitle: md\ntags:\n  - a\n# Heading\n\nNote: prose with a colon',
      'x/md.md',
    )
    expect(article.frontMatter).toEqual({ title: 'md', tags: ['a'] })
    expect(article.format).toBe('markdown')
    expect(article.bodyHtml).toContain('<h1>Heading</h1>')
    expect(article.text).toBe('Heading Note: prose with a colon')
  })
})

describe('toSummary and isArticleFileName', () => {
  it('strips the heavy fields only', () => {
    const article = parseFixture('new-format.md')
    const summary = toSummary(article)
    expect(Object.keys(summary).sort()).toEqual(
      Object.keys(article)
        .filter((key) => !['frontMatter', 'bodyHtml', 'text', 'images'].includes(key))
        .sort(),
    )
    expect(summary.title).toBe(article.title)
  })

  it('recognizes article extensions case-insensitively, including a bare ".md"', () => {
    for (const name of ['a.md', 'B.MD', 'c.markdown', 'd.html', 'e.HTM', '.md', 'name .md']) {
      expect(isArticleFileName(name)).toBe(true)
    }
    for (const name of ['a.txt', 'md', 'a.md.bak', 'a.mdx', 'image.png']) {
      expect(isArticleFileName(name)).toBe(false)
    }
  })
})
