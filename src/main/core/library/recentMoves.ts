/**
 * Where recently renamed articles went. The 'articles-changed' event tells a front end about a
 * rename as it happens, but a front end that missed it (serve mode's event stream dropped while
 * the file moved) only learns that its id is gone. Asked for that id, the library answers "not
 * found, renamed to …" from here, so the reader follows the file instead of calling it deleted.
 *
 * Bounded: the oldest moves are forgotten first. A chain (a → b, then b → c) is followed to its
 * end; a move whose target was deleted is forgotten, so that a new file created later under
 * that name is not taken for the one that moved.
 */

/** Moves remembered; a gap in the events long enough to miss more is a reopen, not a blip. */
export const RECENT_MOVES_KEPT = 4096

export class RecentMoves {
  /** from → to, oldest first (a Map keeps insertion order). */
  private readonly moves = new Map<string, string>()

  constructor(private readonly kept = RECENT_MOVES_KEPT) {}

  /** `from` was renamed to `to`. */
  note(from: string, to: string): void {
    // Moved back: the file is at its old id again, and nothing points away from it.
    this.moves.delete(to)
    this.moves.delete(from)
    this.moves.set(from, to)
    if (this.moves.size > this.kept) {
      const oldest = this.moves.keys().next().value
      if (oldest !== undefined) this.moves.delete(oldest)
    }
  }

  /** These ids were deleted (not renamed): moves into them lead nowhere now. */
  forgetTargets(deleted: ReadonlySet<string>): void {
    if (deleted.size === 0) return
    for (const [from, to] of this.moves) if (deleted.has(to)) this.moves.delete(from)
  }

  /**
   * Where `id` is now: the end of its chain of moves when `exists` says that end is in the
   * archive; undefined when `id` never moved (that we remember) or its file is gone since.
   */
  resolve(id: string, exists: (id: string) => boolean): string | undefined {
    const seen = new Set<string>([id])
    let at = id
    for (;;) {
      const next = this.moves.get(at)
      if (next === undefined || seen.has(next)) break
      seen.add(next)
      at = next
    }
    return at !== id && exists(at) ? at : undefined
  }

  get size(): number {
    return this.moves.size
  }
}
