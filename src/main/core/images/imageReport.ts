/** The health report of the image cache: counts by state and by host, and the failures. */
import type {
  ImageCacheReport,
  ImageCacheStatus,
  ImageFailure,
  ImageHostCount,
  ImageStatus,
} from '../../../shared/contract/api'
import type { RemoteImage } from './archiveImages'
import type { ManifestEntry } from './manifest'

const MAX_HOSTS = 200

export interface ReportInput {
  scope: 'archive' | 'cache'
  images: Map<string, RemoteImage>
  status: ImageCacheStatus
  entry: (key: string) => ManifestEntry | undefined
  state: (key: string, host: string) => ImageStatus
  cacheBytes: number
  capBytes: number
  offset: number
  limit: number
}

export function buildReport(input: ReportInput): Omit<ImageCacheReport, 'lastRun'> {
  const byStatus: Record<string, number> = {}
  const hosts = new Map<string, ImageHostCount>()
  const failures: ImageFailure[] = []
  for (const [key, image] of input.images) {
    const state = input.state(key, image.host)
    const entry = input.entry(key)
    const label =
      state === 'cached' ? 'ok' : state === 'failed' ? (entry?.status ?? 'failed') : state
    byStatus[label] = (byStatus[label] ?? 0) + 1
    let host = hosts.get(image.host)
    if (!host)
      hosts.set(image.host, (host = { host: image.host, total: 0, cached: 0, failed: 0, bytes: 0 }))
    host.total++
    if (state === 'cached') {
      host.cached++
      host.bytes += entry?.bytes ?? 0
    } else if (state === 'failed' && entry) {
      host.failed++
      failures.push({
        key,
        url: entry.url,
        host: image.host,
        reason: entry.status,
        detail: entry.detail ?? '',
        attempts: entry.attempts,
        lastTry: new Date(entry.lastTry).toISOString(),
      })
    }
  }
  // Most recent failures first: the ones a person just saw.
  failures.sort((a, b) => (a.lastTry < b.lastTry ? 1 : a.lastTry > b.lastTry ? -1 : 0))
  const byHost = [...hosts.values()]
    .sort((a, b) => b.total - a.total || a.host.localeCompare(b.host))
    .slice(0, MAX_HOSTS)
  return {
    scope: input.scope,
    status: input.status,
    byStatus,
    byHost,
    failures: failures.slice(input.offset, input.offset + input.limit),
    failureTotal: failures.length,
    cacheBytes: input.cacheBytes,
    capBytes: input.capBytes,
  }
}
