import { describe, expect, it } from 'vitest'
import {
  articleHtml,
  headerFooter,
  metaLine,
  noHeaderFooter,
} from '../../../src/main/core/export/printDocument'

describe('the print document', () => {
  it('names the source once when the author is the same feed', () => {
    expect(metaLine(['3DMGame', '3DMGame', '2022-05-11'])).toBe('3DMGame · 2022-05-11')
    expect(metaLine(['IT之家', ' it之家 ', null, ''])).toBe('IT之家')
    expect(metaLine(['观察者网', '张三', '2021-06-01'])).toBe('观察者网 · 张三 · 2021-06-01')
    const html = articleHtml({
      index: 0,
      title: '标题',
      source: '3DMGame',
      author: '3DMGame',
      date: '2022-05-11T08:00:00.000Z',
      headerHtml: '',
      bodyHtml: '<p>正文</p>',
    })
    expect(html).toContain('<p class="meta">3DMGame · 2022-05-11</p>')
  })

  it('has a header template with the running title, and an empty one for the cover', () => {
    const margins = { top: 15, right: 12, bottom: 15, left: 12 }
    expect(headerFooter('文集', '2021-06-01', margins).headerTemplate).toContain('文集')
    const none = noHeaderFooter()
    // Explicit and empty: Chromium's default template would print a date, title and URL.
    for (const template of [none.headerTemplate, none.footerTemplate])
      expect(template.replace(/<[^>]*>/g, '')).toBe('')
  })
})
