/** An ArticleSummary for tests that need the catalog's shape, not a parsed file. */
import type { ArticleSummary } from '../../src/shared/types/article'

export function testSummary(id: string, over: Partial<ArticleSummary> = {}): ArticleSummary {
  const date = over.date === undefined ? '2021-06-01T00:00:00.000Z' : over.date
  return {
    id,
    title: id,
    titleSource: 'front-matter',
    date,
    dateSource: 'front-matter',
    // The UTC month, as an archive read in UTC has it.
    month: date === null ? null : date.slice(0, 7),
    categories: [['新媒体']],
    tags: [],
    author: null,
    headimg: null,
    thumbnail: null,
    link: null,
    imageCount: 0,
    format: 'html',
    encoding: 'utf-8',
    size: 100,
    mtimeMs: 0,
    hash: id,
    issues: [],
    ...over,
  }
}
