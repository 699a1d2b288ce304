/**
 * Which paths the watcher cares about. The parser (archive/) has its own predicate; this one is
 * deliberately small and self-contained so the watcher does not depend on the parser's layout.
 * Paths here are archive-relative ids with '/' separators.
 */

const ARTICLE_EXTENSION = /\.(?:md|markdown|html?)$/i

/** `.md`, `.markdown`, `.html`, `.htm` (any case). A file named just `.md` is an article too. */
export function isArticleFileName(name: string): boolean {
  return ARTICLE_EXTENSION.test(name)
}

/** A bare extension used as a whole file name (`.md`): a dot-file that still counts as an article. */
function isBareArticleName(name: string): boolean {
  return /^\.(?:md|markdown|html?)$/i.test(name)
}

/**
 * True for anything under a dot-folder or node_modules, dot-files (editors' `.foo.md.swp`,
 * `.x.md.tmp` used for atomic saves), `*.tmp` and `*~` backups. The root itself ('') is never ignored.
 */
export function isIgnoredRelativePath(id: string): boolean {
  if (id === '') return false
  const segments = id.split('/')
  const last = segments.length - 1
  for (let i = 0; i <= last; i++) {
    const segment = segments[i] as string
    if (segment === 'node_modules') return true
    if (segment.startsWith('.') && !(i === last && isBareArticleName(segment))) return true
  }
  const name = segments[last] as string
  return /\.tmp$/i.test(name) || name.endsWith('~')
}

/** An article file the watcher reports: right extension and not ignored. */
export function isWatchedArticle(id: string): boolean {
  if (id === '' || isIgnoredRelativePath(id)) return false
  const slash = id.lastIndexOf('/')
  return isArticleFileName(slash < 0 ? id : id.slice(slash + 1))
}
