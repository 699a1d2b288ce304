/**
 * The one normalization of an image URL before it is hashed into a cache key (the engine's
 * imageKey; front ends get keys from the engine, e.g. ArticleListItem.thumbnailKey, and test
 * code computes them with it), so two spellings of one URL name the same cached file.
 *
 * Only what cannot change the resource is normalized: scheme and host case, a default port, an
 * empty path, the fragment. Path and query are kept byte for byte: CDN suffixes such as
 * `!cmspl` or `@s_2,w_820` and query parameters select the image.
 * Anything that is not an absolute http(s) URL (archive-local keys) is returned as given.
 */
const REMOTE = /^(https?):\/\/([^/?#\\]*)([^#]*)/i

export function normalizeImageUrlForKey(url: string): string {
  const trimmed = url.trim()
  const match = REMOTE.exec(trimmed)
  if (!match) return url
  const scheme = (match[1] ?? '').toLowerCase()
  const authority = match[2] ?? ''
  const at = authority.lastIndexOf('@')
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : ''
  let hostPort = authority.slice(at + 1).toLowerCase()
  const defaultPort = scheme === 'https' ? ':443' : ':80'
  if (hostPort.endsWith(defaultPort)) hostPort = hostPort.slice(0, -defaultPort.length)
  else if (hostPort.endsWith(':')) hostPort = hostPort.slice(0, -1)
  let rest = match[3] ?? ''
  if (rest === '' || rest.startsWith('?')) rest = `/${rest}`
  return `${scheme}://${userinfo}${hostPort}${rest}`
}
