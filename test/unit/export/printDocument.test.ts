import { describe, expect, it } from 'vitest'
import {
  articleHtml,
  contentsHtml,
  coverHtml,
  dateRangeOf,
  dayText,
  headerFooter,
  metaLine,
  noHeaderFooter,
  rangeText,
  type PrintArticle,
} from '../../../src/main/core/export/printDocument'

const ARTICLE: PrintArticle = {
  index: 0,
  title: '标题',
  source: '3DMGame',
  author: '3DMGame',
  date: '2022-05-11T08:00:00.000Z',
  dateSource: 'front-matter',
  headerHtml: '',
  bodyHtml: '<p>正文</p>',
}

describe('the print document', () => {
  it('names the source once when the author is the same feed', () => {
    expect(metaLine(['3DMGame', '3DMGame', '2022-05-11'])).toBe('3DMGame · 2022-05-11')
    expect(metaLine(['IT之家', ' it之家 ', null, ''])).toBe('IT之家')
    expect(metaLine(['观察者网', '张三', '2021-06-01'])).toBe('观察者网 · 张三 · 2021-06-01')
    expect(articleHtml(ARTICLE)).toContain('<p class="meta">3DMGame · 2022-05-11</p>')
  })

  it('has a header template with the running title, and an empty one for the cover', () => {
    const margins = { top: 15, right: 12, bottom: 15, left: 12 }
    expect(headerFooter('文集', '2021-06-01', margins).headerTemplate).toContain('文集')
    const none = noHeaderFooter()
    // Explicit and empty: Chromium's default template would print a date, title and URL.
    for (const template of [none.headerTemplate, none.footerTemplate])
      expect(template.replace(/<[^>]*>/g, '')).toBe('')
  })

  it('marks a date that was not in the front matter, as the reader does', () => {
    const fromName = articleHtml({ ...ARTICLE, source: '简书', dateSource: 'filename' })
    expect(fromName).toContain(
      '<p class="meta">简书 · 3DMGame · <span class="date-inferred">2022-05-11≈（日期根据文件名推断 · date inferred from the file name）</span></p>',
    )
    expect(articleHtml({ ...ARTICLE, dateSource: 'mtime' })).toContain(
      '2022-05-11≈（日期根据文件修改时间推断 · date inferred from the file’s modification time）',
    )
    expect(dayText(ARTICLE.date, 'mtime')).toBe('2022-05-11≈')
    expect(dayText(ARTICLE.date, 'front-matter')).toBe('2022-05-11')
    expect(dayText(null, 'mtime')).toBe('')

    const entry = { index: 0, title: 'a', source: '简书', date: ARTICLE.date }
    const stated = contentsHtml([{ ...entry, dateSource: 'front-matter' }])
    expect(stated).not.toContain('≈')
    const marked = contentsHtml([
      { ...entry, dateSource: 'front-matter' },
      { ...entry, index: 1, dateSource: 'mtime' },
    ])
    // The mark is explained once, above the list.
    expect(marked).toContain('<p class="toc-note">≈ 日期为推断')
    expect(marked).toContain('简书 · <span class="date-inferred">2022-05-11≈</span>')
  })

  it('leaves inferred dates out of the range, unless every date is inferred', () => {
    const at = (day: string, dateSource: PrintArticle['dateSource']) => ({
      date: `${day}T08:00:00.000Z`,
      dateSource,
    })
    const mixed = dateRangeOf([
      at('2021-06-02', 'front-matter'),
      at('2026-12-07', 'mtime'),
      at('2021-06-01', 'front-matter'),
      at('2019-01-01', 'filename'),
      { date: null, dateSource: 'mtime' as const },
    ])
    expect(mixed).toEqual({ text: '2021-06-01 – 2021-06-02', inferred: false })
    expect(rangeText(mixed)).toBe('2021-06-01 – 2021-06-02')
    const guessed = dateRangeOf([at('2026-12-07', 'mtime'), at('2026-12-01', 'filename')])
    expect(guessed).toEqual({ text: '2026-12-01 – 2026-12-07', inferred: true })
    expect(rangeText(guessed)).toBe('2026-12-01 – 2026-12-07 ≈')
    expect(dateRangeOf([{ date: null, dateSource: 'mtime' }])).toEqual({
      text: '',
      inferred: false,
    })
    const cover = coverHtml({ title: 't', articles: 2, dateRange: guessed, exportDate: 'x' })
    expect(cover).toContain('2026-12-01 – 2026-12-07 ≈（日期为推断')
  })
})
