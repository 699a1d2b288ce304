/**
 * Closeness of the body terms in the best few hundred documents of a query, for ranking: the
 * smallest gap between occurrences of two different terms among the first OCCURRENCE_CAP of
 * each in the body (`closestDistance(occurrencesOf(body, terms, cap))`).
 *
 * Terms that are runs of 2+ gram units take their occurrences from positions: those the query
 * plan already decoded (`known`), or the bigram lists decoded for these documents only. A document is read from the text store only when a
 * term has no positions (a single unit, a word, a mixed term). Reading 200 texts was most of a
 * two-term query's time at 100k articles (≈ 4.7 MB of text, 4–7 ms of a 10 ms query).
 */
import { isGramRun, type GramIndex } from './gramIndex'
import { gramPositionsWithin, type PositionalList } from './gramQuery'
import { closestDistance, occurrencesOf, type Occurrence } from './snippet'

/** Occurrences of each term taken into account (as snippets and the text path do). */
export const OCCURRENCE_CAP = 50

/**
 * Per entry of `docs`, the closeness gap of `terms` (null when fewer than two terms occur in
 * the body). `text(doc)` is the normalised body, read only for documents that need it;
 * `known[i]`: positions of `terms[i]` in (at least) these documents, already decoded.
 */
export function closenessGaps(
  grams: GramIndex,
  titleLength: ArrayLike<number>,
  terms: readonly string[],
  docs: Int32Array,
  text: (doc: number) => string,
  known: readonly (PositionalList | undefined)[] = [],
): (number | null)[] {
  const within = Int32Array.from(docs).sort()
  const located = terms.map(
    (term, i) =>
      known[i] ??
      (term.length >= 2 && isGramRun(term)
        ? gramPositionsWithin(grams.bigrams, term, within)
        : null),
  )
  const positions = located.every((list) => list !== null) ? located : null
  return Array.from(docs, (doc) => {
    const occurrences = positions
      ? bodyOccurrences(positions, terms, doc, titleLength[doc] as number)
      : occurrencesOf(text(doc), terms, OCCURRENCE_CAP)
    return closestDistance(occurrences)
  })
}

/** The body occurrences of each term in `doc` from its positions, ordered like occurrencesOf. */
function bodyOccurrences(
  located: readonly PositionalList[],
  terms: readonly string[],
  doc: number,
  titleLength: number,
): Occurrence[] {
  const all: Occurrence[] = []
  located.forEach((list, term) => {
    const i = indexOf(list.docs, doc)
    if (i < 0) return
    const length = (terms[term] as string).length
    let taken = 0
    for (let k = list.starts[i] as number; k < (list.starts[i + 1] as number); k++) {
      const start = list.positions[k] as number
      // Body coordinates: the body follows the title and one space.
      if (start <= titleLength) continue
      all.push({ position: start - titleLength - 1, length, term })
      if (++taken === OCCURRENCE_CAP) break
    }
  })
  return all.sort((a, b) => a.position - b.position || b.length - a.length)
}

function indexOf(sorted: Int32Array, value: number): number {
  let lo = 0
  let hi = sorted.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const at = sorted[mid] as number
    if (at === value) return mid
    if (at < value) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
