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

/** A bare ending used as a whole file name (`.md`): a dot-file that is still an article. */
export function isBareArticleName(name: string): boolean {
  return /^\.(?:md|markdown|html?)$/i.test(name)
}

/**
 * The files an archive lists: article endings, minus hidden files (editors' `.x.md.swp`, the
 * `.x.md.tmp` of atomic saves, drafts kept hidden on purpose), except a file named just `.md`.
 * The scanner and the watcher both use this, so a live archive and a rescan always agree.
 */
export function isListedArticleName(name: string): boolean {
  return isArticleFileName(name) && (!name.startsWith('.') || isBareArticleName(name))
}

/** HTML files are HTML; Markdown files may still hold an HTML body (decided from the content). */
export function isHtmlFileName(name: string): boolean {
  const lower = name.toLowerCase()
  return lower.endsWith('.html') || lower.endsWith('.htm')
}
