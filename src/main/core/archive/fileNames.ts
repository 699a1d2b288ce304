/**
 * Which files are articles. Note that `path.extname('.md')` is '' in Node, yet a
 * file named just `.md` is a real article (the generator strips every character
 * of some titles), so the test looks at the name's ending, not at extname.
 */
const ARTICLE_ENDINGS = ['.md', '.markdown', '.html', '.htm'] as const

export function isArticleFileName(name: string): boolean {
  const lower = name.toLowerCase()
  return ARTICLE_ENDINGS.some((ending) => lower.endsWith(ending))
}

/** HTML files are HTML; Markdown files may still hold an HTML body (decided from the content). */
export function isHtmlFileName(name: string): boolean {
  const lower = name.toLowerCase()
  return lower.endsWith('.html') || lower.endsWith('.htm')
}
