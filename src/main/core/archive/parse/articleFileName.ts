/** File-name helpers for ids ('/'-separated paths relative to the archive root). */
const ARTICLE_EXTENSION = /\.(?:md|markdown|html|htm)$/i

export function idFileName(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1)
}

/** The article's folder relative to the root ('' at the root). */
export function idFolder(id: string): string {
  const slash = id.lastIndexOf('/')
  return slash === -1 ? '' : id.slice(0, slash)
}

/**
 * The file name without its article extension: `.md` gives '' (Node's extname would keep it whole).
 * Other names lose their last extension, if any.
 */
export function fileStem(fileName: string): string {
  if (ARTICLE_EXTENSION.test(fileName)) return fileName.replace(ARTICLE_EXTENSION, '')
  const dot = fileName.lastIndexOf('.')
  return dot > 0 ? fileName.slice(0, dot) : fileName
}
