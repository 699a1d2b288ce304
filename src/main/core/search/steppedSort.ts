/**
 * Sorting strings a few milliseconds at a time. The search worker packs its word index between
 * messages (wordIndexSnapshot.ts WordPack) and must answer a search within ~10 ms; the native
 * sort of the 93k terms of a 100k-article index takes 45–55 ms in one call. So: chunks sorted
 * with the native sort (~3 ms per 4,096 terms), then merged two by two, each merge resumable
 * in the middle. The order is the default sort's (UTF-16 code units, as `<` compares).
 */

/** Strings per chunk sorted in one call: ~3 ms at 100k articles' terms. */
const CHUNK = 4096
/** Merged elements between two looks at the clock. */
const MERGE_SLICE = 2048

interface Merge {
  left: string[]
  right: string[]
  out: string[]
  i: number
  j: number
}

export class SteppedSort {
  /** Sorted runs waiting to be merged, oldest first. */
  private runs: string[][] = []
  private unsorted: number
  private merge: Merge | null = null

  constructor(private readonly items: string[]) {
    this.unsorted = 0
    if (items.length === 0) this.runs.push([])
  }

  /** True when done (`result()` is the sorted array); false when the deadline came first. */
  run(deadline: number): boolean {
    const { items } = this
    while (this.unsorted < items.length) {
      const end = Math.min(items.length, this.unsorted + CHUNK)
      this.runs.push(items.slice(this.unsorted, end).sort())
      this.unsorted = end
      if (performance.now() >= deadline) return false
    }
    // Two by two from the front, each result to the back: runs of similar length meet.
    while (this.merge !== null || this.runs.length > 1) {
      if (this.merge === null) {
        const left = this.runs.shift() as string[]
        const right = this.runs.shift() as string[]
        this.merge = { left, right, out: new Array<string>(left.length + right.length), i: 0, j: 0 }
      }
      if (!mergeUntil(this.merge, deadline)) return false
      this.runs.push(this.merge.out)
      this.merge = null
      if (performance.now() >= deadline && this.runs.length > 1) return false
    }
    return true
  }

  result(): string[] {
    if (this.runs.length !== 1 || this.merge !== null || this.unsorted < this.items.length)
      throw new Error('search: SteppedSort.result() called before the sort finished')
    return this.runs[0] as string[]
  }
}

/** Merge `m` until done (true) or `deadline` passed (false, resumable). */
function mergeUntil(m: Merge, deadline: number): boolean {
  const { left, right, out } = m
  let { i, j } = m
  while (i < left.length || j < right.length) {
    const stop = Math.min(out.length, i + j + MERGE_SLICE)
    for (let k = i + j; k < stop; k++) {
      if (j >= right.length || (i < left.length && (left[i] as string) <= (right[j] as string)))
        out[k] = left[i++] as string
      else out[k] = right[j++] as string
    }
    if (i + j < out.length && performance.now() >= deadline) {
      m.i = i
      m.j = j
      return false
    }
  }
  m.i = i
  m.j = j
  return true
}
