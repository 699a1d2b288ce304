/**
 * Queries that warm the search code up after an index opens. The first searches after an open
 * ran the query code cold in V8 (50–60 ms in the worker for a 20k-match query at 100k articles,
 * 4–10 ms once compiled), and those were the user's first keystrokes; a few searches nobody
 * sees, drawn from the archive's own titles, pay for that instead.
 */

const CJK_RUN = /[\u4e00-\u9fff]{2,}/g
const LATIN_WORD = /[A-Za-z]{3,}/g
/** Titles read for the warm-up queries, and how many times each query runs. */
const WARM_UP_TITLES = 500
export const WARM_UP_ROUNDS = 3

/**
 * Queries from the archive's first titles, one per path of the query code, common enough for
 * V8 to compile its loops: the most frequent CJK pair (one bigram), a 4-character run with it
 * (bigrams aligned by position), the most frequent Latin word (FlexSearch).
 */
export function warmUpQueries(summaries: Iterable<{ title: string }>): string[] {
  const pairs = new Map<string, number>()
  const words = new Map<string, number>()
  const runs: string[] = []
  let seen = 0
  for (const { title } of summaries) {
    for (const [run] of title.matchAll(CJK_RUN)) {
      if (run.length >= 4) runs.push(run)
      for (let i = 0; i + 2 <= run.length; i++) {
        const pair = run.slice(i, i + 2)
        pairs.set(pair, (pairs.get(pair) ?? 0) + 1)
      }
    }
    for (const [word] of title.matchAll(LATIN_WORD)) words.set(word, (words.get(word) ?? 0) + 1)
    if (++seen >= WARM_UP_TITLES) break
  }
  const mostFrequent = (counts: Map<string, number>): string | null =>
    [...counts].reduce<[string, number] | null>((a, b) => (a && a[1] >= b[1] ? a : b), null)?.[0] ??
    null
  const pair = mostFrequent(pairs)
  const withPair = pair === null ? undefined : runs.find((run) => run.includes(pair))
  const at = pair !== null && withPair ? Math.min(withPair.indexOf(pair), withPair.length - 4) : 0
  const run = withPair?.slice(at, at + 4) ?? runs[0]?.slice(0, 4)
  return [pair, run, mostFrequent(words)].filter((query): query is string => !!query)
}
