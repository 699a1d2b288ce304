/**
 * Per-host download rules from the settings (ImageHostRule): block a host, or send it a given
 * Referer or User-Agent. Read for every request, so a settings change applies to the next one.
 * No Referer is sent by default: the archived posts say `referrerpolicy="no-referrer"`, and
 * hotlink-protected hosts refuse foreign Referers while accepting none.
 */
import type { ImageHostRule } from '../../../shared/types/settings'

/**
 * Says what it is rather than impersonating a browser; a host that insists on a browser's
 * User-Agent gets one through a per-host rule.
 */
export const DEFAULT_USER_AGENT =
  'Mozilla/5.0 (compatible; ArchiveBrowser/0.1; offline image cache)'

export interface HostPolicy {
  blocked: boolean
  referer?: string
  userAgent: string
}

/**
 * The rule for a host ('img.example.com' or 'img.example.com:8080', lowercase). A rule with a port
 * matches that port only; without one, any port. Exact rules win over wildcard ones, and a longer
 * wildcard over a shorter one.
 */
export function findHostRule(
  rules: readonly ImageHostRule[],
  hostWithPort: string,
): ImageHostRule | undefined {
  const host = hostWithPort.toLowerCase()
  const bare = stripPort(host)
  let best: ImageHostRule | undefined
  let bestScore = -1
  for (const rule of rules) {
    const pattern = rule.host.toLowerCase()
    const hasPort = /:\d+$/.test(pattern)
    const target = hasPort ? host : bare
    let score = -1
    if (pattern.startsWith('*.')) {
      const domain = pattern.slice(2)
      if (target === domain || target.endsWith(`.${domain}`)) score = domain.length
    } else if (target === pattern) score = 10_000
    if (score >= 0 && hasPort) score += 1 // a port makes a rule more specific
    if (score > bestScore) {
      best = rule
      bestScore = score
    }
  }
  return best
}

export function hostPolicy(rules: readonly ImageHostRule[], hostWithPort: string): HostPolicy {
  const rule = findHostRule(rules, hostWithPort)
  return {
    blocked: rule?.action === 'block',
    ...(rule?.referer ? { referer: rule.referer } : {}),
    userAgent: rule?.userAgent ?? DEFAULT_USER_AGENT,
  }
}

/** The host[:port] of an http(s) URL, lowercase, or null when it is not one. */
export function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null
    return parsed.host.toLowerCase() || null
  } catch {
    return null
  }
}

function stripPort(host: string): string {
  if (host.startsWith('[')) return host.replace(/\]:\d+$/, ']')
  return host.replace(/:\d+$/, '')
}
