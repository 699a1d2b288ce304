/**
 * Which paths the watcher cares about: the same files the scanner lists (archive/fileNames.ts),
 * so a live archive and a rescan always agree. Paths here are archive-relative ids with '/'
 * separators.
 */
import { isArticleFileName, isBareArticleName } from '../archive/fileNames'

export { isArticleFileName }

/**
 * True for anything under a dot-folder or node_modules, and dot-files (editors' `.foo.md.swp`,
 * `.x.md.tmp` used for atomic saves). The root itself ('') is never ignored. `*.tmp` and `*~`
 * backups are no articles by their extension; a folder so named (`drafts~`) is entered, as
 * the scanner does (archive/walk.ts), so that a live archive and a rescan agree.
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
  return false
}

/** An article file the watcher reports: right extension and not ignored. */
export function isWatchedArticle(id: string): boolean {
  if (id === '' || isIgnoredRelativePath(id)) return false
  const slash = id.lastIndexOf('/')
  return isArticleFileName(slash < 0 ? id : id.slice(slash + 1))
}
