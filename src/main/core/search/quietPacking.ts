/**
 * What the search worker does to a built index once it is quiet (backgroundCompaction.ts):
 * FlexSearch's word index back into its stored form (wordIndexSnapshot.ts, in steps), the
 * word positions' arena without its gaps (listArena.ts), and the document records' strings
 * into columns (storedRecords.ts). Each makes the heap smaller or holds fewer objects, so the
 * major collections that fall into searches are shorter.
 */
import type { Index } from 'flexsearch'
import type { DocTable } from './docTable'
import { packRecords } from './storedRecords'
import { startWordPack, type WordPack } from './wordIndexSnapshot'
import type { WordPositions } from './wordPositions'

export type WordPackState = 'more' | 'packed' | 'nothing'

export class QuietPacking {
  // A packing of the word index in steps, dropped by any add: FlexSearch's adds push into the
  // very arrays it is encoding.
  private wordPack: WordPack | null = null
  private positionsPending = false

  constructor(
    private readonly words: Index,
    private readonly positions: WordPositions,
    private readonly table: DocTable,
  ) {}

  /** An add is about to change the word index: the packing under way starts over. */
  wordsChanging(): void {
    this.wordPack = null
  }

  /** Every step at once (the search bench after its build): see SearchIndex.packWords. */
  packWords(): boolean {
    this.wordPack = null
    let state = this.packWordsStep(Infinity)
    while (state === 'more') state = this.packWordsStep(Infinity)
    return state === 'packed'
  }

  /** See SearchIndex.packWordsStep. */
  packWordsStep(deadline: number): WordPackState {
    if (this.positionsPending) {
      // A step of its own: copying the positions (~20 MB) after the last encoding step.
      this.positionsPending = false
      this.positions.compact()
      return 'packed'
    }
    if (this.wordPack === null) {
      this.wordPack = startWordPack(this.words)
      if (this.wordPack === null) return 'nothing'
    }
    if (!this.wordPack.step(deadline)) return 'more'
    const packed = this.wordPack.replaced
    this.wordPack = null
    if (!packed) return 'nothing'
    this.positionsPending = true
    return 'more'
  }

  packRecords(): number {
    return packRecords(this.table)
  }
}
