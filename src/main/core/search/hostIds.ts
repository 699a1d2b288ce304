/**
 * The host's side of compactSearch.ts: the numbering of ids it shares with the worker, the
 * list filter as a byte per number, and the matches (numbers) back to the catalog's summaries.
 */
import type { ArticleSummary } from '../../../shared/types/article'
import type { CompactSearchResult } from './compactSearch'

/** Ids numbered in the order first met (never reused), and what the worker has not been sent. */
export class HostIdTable {
  readonly ids: string[] = []
  private readonly numbers = new Map<string, number>()
  private sent = 0
  /** The last filter's catalog part: the summaries it passed and their numbers. */
  private kept: {
    key: string
    all: readonly ArticleSummary[]
    passing: ArticleSummary[]
    numbers: Int32Array
  } | null = null

  number(id: string): number {
    let n = this.numbers.get(id)
    if (n === undefined) {
      n = this.ids.length
      this.numbers.set(id, n)
      this.ids.push(id)
    }
    return n
  }

  /** The ids numbered since the last call, for the request about to be posted. */
  unsent(): { from: number; ids: string[] } {
    const from = this.sent
    this.sent = this.ids.length
    return { from, ids: this.ids.slice(from) }
  }

  /**
   * allowed[n] === 1 for the number of every summary that passes both `byCatalog` (a test of
   * the summary alone, null: all pass) and `byMarks`. What passes `byCatalog` is kept for the
   * next call with the same `key` over the same summary objects in the same order (the catalog
   * replaces a changed summary, never edits it): a filter applied to search after search then
   * costs one pass of identity checks. Marks change without a new summary, so `byMarks` is
   * always applied again.
   */
  allowed(
    summaries: readonly ArticleSummary[],
    key: string,
    byCatalog: ((summary: ArticleSummary) => boolean) | null,
    byMarks: ((summary: ArticleSummary) => boolean) | null,
  ): Uint8Array {
    let kept = this.kept
    if (!kept || kept.key !== key || !sameObjects(kept.all, summaries)) {
      const passing: ArticleSummary[] = []
      const numbers: number[] = []
      for (const summary of summaries) {
        if (byCatalog !== null && !byCatalog(summary)) continue
        passing.push(summary)
        numbers.push(this.number(summary.id))
      }
      this.kept = kept = { key, all: summaries, passing, numbers: Int32Array.from(numbers) }
    }
    const allowed = new Uint8Array(this.ids.length)
    const { passing, numbers } = kept
    for (let i = 0; i < passing.length; i++)
      if (byMarks === null || byMarks(passing[i] as ArticleSummary))
        allowed[numbers[i] as number] = 1
    return allowed
  }

  /**
   * The summaries of the matches, in the worker's order. A file deleted while the index was
   * being built may linger in it: only what the catalog holds is a result.
   */
  summariesOf(
    result: Pick<CompactSearchResult, 'matched' | 'unnumbered'>,
    summary: (id: string) => ArticleSummary | undefined,
  ): ArticleSummary[] {
    const matched: ArticleSummary[] = []
    let next = 0
    for (const n of result.matched) {
      let id: string
      if (n >= 0) id = this.ids[n] as string
      else {
        id = result.unnumbered[next++] as string
        this.number(id)
      }
      const found = summary(id)
      if (found) matched.push(found)
    }
    return matched
  }
}

function sameObjects(a: readonly ArticleSummary[], b: readonly ArticleSummary[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
