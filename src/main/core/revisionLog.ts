/**
 * What changed since a revision, for callers that keep something derived from a store (the
 * search columns of the catalog and of the marks, search/hostIds.ts): with the items changed
 * since their revision they update only those, instead of recomputing from every article.
 * Bounded: once the log no longer reaches back to a revision (too many changes since, or a
 * bulk change such as a scan that is not logged item by item), `since` says so with null.
 */
export class RevisionLog<T> {
  private entries: { revision: number; items: readonly T[] }[] = []
  private itemCount = 0
  /** `since` can answer for any revision ≥ this one. */
  private from = 0

  constructor(private readonly maxItems: number) {}

  /** Items changed by the change that brought the store to `revision`. */
  add(revision: number, items: readonly T[]): void {
    this.entries.push({ revision, items })
    this.itemCount += items.length
    while (this.itemCount > this.maxItems && this.entries.length > 0) {
      const dropped = this.entries.shift() as { revision: number; items: readonly T[] }
      this.itemCount -= dropped.items.length
      this.from = dropped.revision
    }
  }

  /** A change that is not logged item by item: nothing before `revision` can be answered. */
  forgetBefore(revision: number): void {
    if (this.entries.length > 0) {
      this.entries = []
      this.itemCount = 0
    }
    this.from = revision
  }

  /** The items changed after `revision`, or null when that is no longer known. */
  since(revision: number): T[] | null {
    if (revision < this.from) return null
    const items: T[] = []
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i] as { revision: number; items: readonly T[] }
      if (entry.revision <= revision) break
      items.push(...entry.items)
    }
    return items
  }
}
