/**
 * Which cached images to delete when the cache is over its size cap: least recently read first,
 * never a pinned one (images of favourite articles). Evicts down to a low-water mark below the
 * cap, so a full cache sorts its entries once per tenth of the cap downloaded, not once per image.
 */
import type { ManifestEntry } from './manifest'

/** Fraction of the cap to evict down to. */
export const EVICTION_LOW_WATER = 0.9

export function chooseEvictions(
  entries: Iterable<ManifestEntry>,
  usedBytes: number,
  capBytes: number,
  isPinned: (key: string) => boolean,
): ManifestEntry[] {
  if (usedBytes <= capBytes) return []
  const target = Math.floor(capBytes * EVICTION_LOW_WATER)
  const candidates: ManifestEntry[] = []
  for (const entry of entries)
    if (entry.status === 'ok' && entry.bytes > 0 && !isPinned(entry.key)) candidates.push(entry)
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
