/**
 * Which cached images to delete when the cache is over its size cap: least recently read first,
 * never a kept one. Evicts down to a low-water mark below the cap, so a full cache sorts its
 * entries once per tenth of the cap downloaded, not once per image.
 *
 * Kept: images of favourite articles (pinned in the manifest), and images a reader asked for
 * lately (HeldKeys): the open article's. Without the hold, a cache filled by favourites evicted
 * an article's image the moment it was downloaded for the reader, which then said "Image not in
 * the cache" and downloaded it again at every opening. Such images go over the cap instead,
 * until the hold ends and a later download evicts them in LRU order. A run ("Cache all", the
 * background) holds nothing: it could otherwise take the cache far over its cap.
 */
import type { ManifestEntry } from './manifest'

/** Fraction of the cap to evict down to. */
export const EVICTION_LOW_WATER = 0.9
/** How long an image a reader asked for is kept whatever the cap. */
export const HOLD_MS = 10 * 60_000

export function chooseEvictions(
  entries: Iterable<ManifestEntry>,
  usedBytes: number,
  capBytes: number,
  isKept: (key: string) => boolean,
): ManifestEntry[] {
  if (usedBytes <= capBytes) return []
  const target = Math.floor(capBytes * EVICTION_LOW_WATER)
  const candidates: ManifestEntry[] = []
  for (const entry of entries)
    if (entry.status === 'ok' && entry.bytes > 0 && !isKept(entry.key)) candidates.push(entry)
  candidates.sort((a, b) => a.access - b.access || a.lastTry - b.lastTry)
  const chosen: ManifestEntry[] = []
  let used = usedBytes
  for (const entry of candidates) {
    if (used <= target) break
    chosen.push(entry)
    used -= entry.bytes
  }
  return chosen
}

/**
 * Keys of images a reader asked for in the last `holdMs`: an article's images when it is read,
 * one image retried, a download for the reader when it lands. In memory only: after a restart
 * nothing is being read yet. Oldest first, so expired keys are dropped from the front.
 */
export class HeldKeys {
  private readonly since = new Map<string, number>()

  constructor(
    private readonly holdMs = HOLD_MS,
    private readonly now: () => number = Date.now,
  ) {}

  hold(keys: Iterable<string>): void {
    const now = this.now()
    this.expire(now)
    for (const key of keys) {
      this.since.delete(key)
      this.since.set(key, now)
    }
  }

  has(key: string): boolean {
    const since = this.since.get(key)
    return since !== undefined && this.now() - since < this.holdMs
  }

  private expire(now: number): void {
    for (const [key, since] of this.since) {
      if (now - since < this.holdMs) return
      this.since.delete(key)
    }
  }
}
