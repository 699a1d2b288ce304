/** Counts over an archive's article summaries: the CLI's `stats` and the UI's health panel. */
import type { ArticleSummary, DateSource } from '../../../shared/types/article'

export interface ArchiveStats {
  articles: number
  /** Articles with at least one issue. */
  articlesWithIssues: number
  issuesByCode: Record<string, number>
  datesBySource: Record<DateSource, number>
  /** Category path joined with ' › ' (every level, so parents count their children) → articles. */
  byCategory: Record<string, number>
  /** YYYY-MM (UTC) → articles; 'undated' for articles without a date. */
  byMonth: Record<string, number>
  bytes: number
}

export const CATEGORY_SEPARATOR = ' › '

export function computeArchiveStats(summaries: Iterable<ArticleSummary>): ArchiveStats {
  const stats: ArchiveStats = {
    articles: 0,
    articlesWithIssues: 0,
    issuesByCode: {},
    datesBySource: { 'front-matter': 0, filename: 0, mtime: 0 },
    byCategory: {},
    byMonth: {},
    bytes: 0,
  }
  for (const summary of summaries) {
    stats.articles++
    stats.bytes += summary.size
    if (summary.issues.length > 0) stats.articlesWithIssues++
    for (const issue of summary.issues) increment(stats.issuesByCode, issue.code)
    stats.datesBySource[summary.dateSource]++
    increment(stats.byMonth, summary.month ?? 'undated')
    // An article counts once per category node even when two of its paths share a prefix.
    const nodes = new Set<string>()
    for (const categoryPath of summary.categories) {
      for (let depth = 1; depth <= categoryPath.length; depth++) {
        nodes.add(categoryPath.slice(0, depth).join(CATEGORY_SEPARATOR))
      }
    }
    for (const node of nodes) increment(stats.byCategory, node)
  }
  return stats
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1
}
