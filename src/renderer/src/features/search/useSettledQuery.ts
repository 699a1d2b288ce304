/**
 * The query the list searches for, from what is typed in the search box:
 * - key by key typing settles 80 ms after the last key (the debounce: one search per burst);
 * - a whole word arriving at once (an input method's commit, a paste, a syntax example, clearing
 *   the box) settles at once: nothing more is coming, and waiting would only add latency;
 * - input-method composition (pinyin letters before the commit) is not pushed at all: searching
 *   "xinp" on the way to 芯片 would be wrong and wasted work.
 * Each settling leaves a User Timing mark (free when nobody reads it): `npm run bench -- ui`
 * measures "debounce fired → results painted" from it.
 */
import { useCallback, useEffect, useRef, useState } from 'react'

/** 'key': one typed character or deletion; 'commit': a complete value arrived at once. */
export type QueryInput = 'key' | 'commit'

export interface SettledQuery {
  query: string
  push: (value: string, how: QueryInput) => void
}

export function useSettledQuery(debounceMs: number, markName: string): SettledQuery {
  const [query, setQuery] = useState('')
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  const push = useCallback(
    (raw: string, how: QueryInput) => {
      const value = raw.trim()
      if (timer.current !== null) clearTimeout(timer.current)
      timer.current = null
      const settle = () => {
        timer.current = null
        performance.mark(markName, { detail: value })
        setQuery(value)
      }
      if (how === 'commit' || value === '') settle()
      else timer.current = setTimeout(settle, debounceMs)
    },
    [debounceMs, markName],
  )

  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current)
    },
    [],
  )
  return { query, push }
}

/** How an input event changed the box: several characters inserted at once read as a commit. */
export function inputKind(
  before: string,
  after: string,
  inputType: string | undefined,
): QueryInput {
  if (inputType === 'insertFromPaste' || inputType === 'insertFromDrop') return 'commit'
  if (inputType === 'insertReplacementText') return 'commit'
  return after.length - before.length >= 2 ? 'commit' : 'key'
}
