/**
 * Reads the Hexo front-matter fields into the shapes of ArticleSummary. Values
 * arrive as text (see yamlSchema.ts) or, from hand-written files, as lists and
 * maps; every reader accepts what a person would reasonably have written.
 */

/** A scalar as text: strings trimmed, booleans as written by YAML; anything else is not a scalar. */
function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'boolean' || typeof value === 'number') return String(value)
  return null
}

/**
 * The front-matter title as a display string, or null to fall through to the next source.
 * `&nbsp;` written into a title (or a literal no-break space) becomes a space, and a title folded over several
 * lines (a multi-line plain scalar keeps a line break where a blank line was) is joined with one space.
 */
export function frontMatterTitle(value: unknown): string | null {
  const text = scalarText(value)
  if (text === null) return null
  const cleaned = cleanTitle(text)
  return cleaned === '' ? null : cleaned
}

export function cleanTitle(text: string): string {
  return text
    .replace(/&(?:nbsp|#160|#x0*a0);?|\u00a0/gi, ' ')
    .replace(/[ \t]*\n\s*/g, ' ')
    .trim()
}

/**
 * Hexo categories: `a` or `[a, b, c]` is ONE path a › b › c; each nested list is a
 * path of its own, so `[[a, b], [c]]` is two paths. Items are trimmed; empty items and paths dropped.
 */
export function frontMatterCategories(value: unknown): string[][] {
  if (value === null || value === undefined) return []
  if (!Array.isArray(value)) {
    const single = scalarText(value)
    return single ? [[single]] : []
  }
  const paths: string[][] = []
  const mainPath: string[] = []
  for (const item of value) {
    if (Array.isArray(item)) {
      const path = flattenScalars(item)
      if (path.length > 0) paths.push(path)
    } else {
      const text = scalarText(item)
      if (text) mainPath.push(text)
    }
  }
  if (mainPath.length > 0) paths.unshift(mainPath)
  return paths
}

/** Tags: a single tag or a list (nested lists flattened), trimmed, empty ones dropped, duplicates removed. */
export function frontMatterTags(value: unknown): string[] {
  if (value === null || value === undefined) return []
  const tags = Array.isArray(value)
    ? flattenScalars(value)
    : [scalarText(value) ?? ''].filter(Boolean)
  return [...new Set(tags)]
}

/** `author: Name`, `author: {name: Name, ...}` or a list of either (the first usable one). */
export function frontMatterAuthor(value: unknown): string | null {
  if (Array.isArray(value)) {
    for (const item of value) {
      const author = frontMatterAuthor(item)
      if (author) return author
    }
    return null
  }
  if (value !== null && typeof value === 'object') {
    return frontMatterAuthor((value as Record<string, unknown>).name)
  }
  const text = scalarText(value)
  return text ? text : null
}

const LINK_KEYS = ['link', 'url', 'source_url', 'permalink'] as const

/** The original article's address: the first of link/url/source_url/permalink that is an http(s) URL. */
export function frontMatterLink(frontMatter: Record<string, unknown>): string | null {
  for (const key of LINK_KEYS) {
    const text = scalarText(frontMatter[key])
    if (text && /^https?:\/\/\S+$/i.test(text)) return text
  }
  return null
}

function flattenScalars(values: unknown[]): string[] {
  const out: string[] = []
  for (const value of values) {
    if (Array.isArray(value)) out.push(...flattenScalars(value))
    else {
      const text = scalarText(value)
      if (text) out.push(text)
    }
  }
  return out
}
