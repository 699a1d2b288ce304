/**
 * Normalises an image reference found in an article. Remote images become
 * absolute http(s) URLs (protocol-relative `//x` → `https://x`), kept otherwise
 * exactly as written: query strings and CDN suffixes such as `!cmspl` or
 * `@s_2,w_820,h_952` select the image and must not be touched. Relative paths
 * are images stored in the archive and become archive-relative paths.
 */
import path from 'node:path'

export interface NormalizedImage {
  url: string
  local: boolean
}

// Placeholders and schemes that never name a fetchable image (file: would read the user's disk).
const EMPTY_FORMS = new Set(['', "''", '""'])
const HTTP_URL = /^https?:\/\//i
const ANY_SCHEME = /^[a-z][a-z\d+.-]*:/i

/**
 * @param articleDir the article's folder relative to the root, '/' separators ('' for the root).
 * @returns null for empty, `data:`, `javascript:` and other non-http schemes, and for paths leaving the archive.
 */
export function normalizeImageUrl(raw: string, articleDir: string): NormalizedImage | null {
  const value = raw.trim().replace(/&amp;/gi, '&')
  if (EMPTY_FORMS.has(value)) return null
  if (value.startsWith('//')) return { url: `https:${value}`, local: false }
  if (HTTP_URL.test(value)) return { url: value, local: false }
  if (ANY_SCHEME.test(value)) return null
  return archivePath(value, articleDir)
}

function archivePath(value: string, articleDir: string): NormalizedImage | null {
  // Query and fragment do not name a different file on disk.
  let file = value.replace(/[?#].*$/, '').replace(/\\/g, '/')
  try {
    file = decodeURIComponent(file)
  } catch {
    // A stray '%' in a real file name: keep it as written.
  }
  if (file === '' || file.includes('\0')) return null
  const joined = file.startsWith('/') ? file.slice(1) : path.posix.join(articleDir, file)
  const normalized = path.posix.normalize(joined).replace(/^\.\/+/, '')
  if (
    normalized === '' ||
    normalized === '.' ||
    normalized === '..' ||
    normalized.startsWith('../') ||
    normalized.endsWith('/')
  ) {
    return null
  }
  return { url: normalized, local: true }
}

/**
 * Every URL of a `srcset` (`url 1x, url 2x` or `url 480w`). URLs may themselves
 * contain commas (`@s_2,w_820`), so this follows the HTML parsing rules: a URL
 * runs to the next whitespace, and only a comma AFTER it separates candidates.
 */
export function srcsetUrls(srcset: string): string[] {
  const urls: string[] = []
  let pos = 0
  const length = srcset.length
  while (pos < length) {
    while (pos < length && (isSpace(srcset.charCodeAt(pos)) || srcset[pos] === ',')) pos++
    if (pos >= length) break
    const start = pos
    while (pos < length && !isSpace(srcset.charCodeAt(pos))) pos++
    let url = srcset.slice(start, pos)
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '')
    } else {
      // Skip the descriptors up to the comma that ends this candidate (commas inside parentheses do not count).
      let depth = 0
      while (pos < length) {
        const ch = srcset[pos]
        if (ch === '(') depth++
        else if (ch === ')') depth = Math.max(0, depth - 1)
        else if (ch === ',' && depth === 0) break
        pos++
      }
    }
    if (url !== '') urls.push(url)
  }
  return urls
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d
}
