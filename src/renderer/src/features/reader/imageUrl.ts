/**
 * Resolves an image reference written in an article body to the URL the engine keys it by
 * (ArticleView.images[].url). This mirrors src/main/core/archive/parse/imageUrl.ts, which the
 * renderer may not import (it uses node:path): remote images become absolute http(s) URLs
 * (`//x` → `https://x`), relative paths become archive-relative paths.
 */

const EMPTY_FORMS = new Set(['', "''", '""'])
const HTTP_URL = /^https?:\/\//i
const ANY_SCHEME = /^[a-z][a-z\d+.-]*:/i

/** The folder of an article id ('a/b/c.md' → 'a/b'; '' at the root). */
export function articleDir(articleId: string): string {
  const slash = articleId.lastIndexOf('/')
  return slash < 0 ? '' : articleId.slice(0, slash)
}

/** `/`-separated path normalisation ('a/./b/../c' → 'a/c'); leading '..' segments are kept. */
function normalizePosix(path: string): string {
  const out: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop()
    else out.push(segment)
  }
  return out.join('/')
}

/** The engine's key URL of an image reference, or null when it names nothing fetchable. */
export function resolveImageUrl(raw: string, dir: string): string | null {
  const value = raw.trim().replace(/&amp;/gi, '&')
  if (EMPTY_FORMS.has(value)) return null
  if (value.startsWith('//')) return `https:${value}`
  if (HTTP_URL.test(value)) return value
  if (ANY_SCHEME.test(value)) return null
  let file = value.replace(/[?#].*$/, '').replace(/\\/g, '/')
  try {
    file = decodeURIComponent(file)
  } catch {
    // A stray '%' in a real file name: keep it as written (as the engine does).
  }
  if (file === '' || file.includes('\0') || file.endsWith('/')) return null
  const joined = file.startsWith('/') ? file.slice(1) : dir === '' ? file : `${dir}/${file}`
  const normalized = normalizePosix(joined)
  if (normalized === '' || normalized === '..' || normalized.startsWith('../')) return null
  return normalized
}

/** The first URL of a srcset (`a.png 1x, b.png 2x`); URLs may contain commas (`@s_2,w_820`). */
export function firstSrcsetUrl(srcset: string): string | null {
  const match = /^[\s,]*(\S+)/.exec(srcset)
  if (!match?.[1]) return null
  return match[1].replace(/,+$/, '')
}

/** The host of an http(s) URL, or null for anything else (javascript:, data:, relative...). */
export function httpHost(url: string): string | null {
  const absolute = url.trim().startsWith('//') ? `https:${url.trim()}` : url.trim()
  if (!HTTP_URL.test(absolute)) return null
  try {
    return new URL(absolute).host || null
  } catch {
    return null
  }
}
