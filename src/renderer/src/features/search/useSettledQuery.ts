/**
 * The query the list searches for, from what is typed in the search box (when a value settles:
 * querySettler.ts). Input-method composition (pinyin letters before the commit) is not pushed
 * at all: searching "xinp" on the way to 芯片 would be wrong and wasted work. The owner reports
 * through `setBusy` whether the settled query still awaits its answer.
 * Each settling leaves a User Timing mark (free when nobody reads it): `npm run bench -- ui`
 * measures "query settled → results painted" from it.
 */
import { useEffect, useState } from 'react'
import { createQuerySettler, type QueryInput, type QuerySettler } from './querySettler'

export type { QueryInput } from './querySettler'

export interface SettledQuery {
  query: string
  push: QuerySettler['push']
  setBusy: QuerySettler['setBusy']
  flush: QuerySettler['flush']
}

export function useSettledQuery(debounceMs: number, markName: string): SettledQuery {
  const [query, setQuery] = useState('')
  const [settler] = useState(() =>
    createQuerySettler(debounceMs, (value) => {
      performance.mark(markName, { detail: value })
      setQuery(value)
    }),
  )
  useEffect(() => () => settler.dispose(), [settler])
  return { query, push: settler.push, setBusy: settler.setBusy, flush: settler.flush }
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
