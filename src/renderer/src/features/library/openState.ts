/**
 * Which article the reader shows and which rows are selected, as one state, with the rules that
 * change them together: opening moves a selection that was only the open article (a plain click
 * made it, or j/k), a new search drops a selection made among the old results, and the archive's
 * changes follow renamed ids and drop deleted ones. Pure functions, so the rules are tested
 * without a browser; useOpenState.ts holds the state.
 */
import type { ArticlesChangedEvent } from '../../../../shared/contract/events'

/** One reading of an article: from the user opening it until they open another. */
export interface Reading {
  id: string
  /** Differs for every reading, and stays the same when the file is renamed while it is open. */
  key: number
  /** Bumped when the article's file changed (or moved, or went away): read it again. */
  version: number
}

export interface OpenState {
  reading: Reading | null
  selected: ReadonlySet<string>
}

export const NOTHING_OPEN: OpenState = { reading: null, selected: new Set() }

/**
 * Opens `id`. A selection that was just the open article goes with it, as in a mail client:
 * otherwise j/k would leave it behind and Ctrl+P would export an article nobody is reading.
 * A selection made on purpose (several rows, or a row ctrl-clicked without opening it) stays:
 * moving through articles must not undo it, and the list says how many are selected.
 */
export function openArticle(state: OpenState, id: string): OpenState {
  const { reading, selected } = state
  if (reading?.id === id) return state
  const follows = reading !== null && selected.size === 1 && selected.has(reading.id)
  return {
    reading: { id, key: (reading?.key ?? 0) + 1, version: 0 },
    selected: follows ? new Set([id]) : selected,
  }
}

/** A plain click: the row is opened and is the whole selection. */
export function openOnly(state: OpenState, id: string): OpenState {
  return { ...openArticle(state, id), selected: new Set([id]) }
}

/**
 * A new search: the query or the filters changed (text, facets, filter chips, timeline). The
 * selection was made among results that are gone: kept, it read "2 selected" beside "0 results"
 * and the export offered articles the list no longer showed. The open article stays open, and a
 * selection that was just that article stays with it, as when j/k move (openArticle): the reader
 * still shows it, and Ctrl+P exports what is being read. Nothing to drop returns the same state.
 * (The archive's own changes, the query staying, are afterArticlesChanged's: they keep it.)
 */
export function afterNewSearch(state: OpenState): OpenState {
  const { reading, selected } = state
  const onlyTheOpen = reading !== null && selected.size === 1 && selected.has(reading.id)
  if (selected.size === 0 || onlyTheOpen) return state
  return { reading, selected: new Set() }
}

/**
 * The archive changed. The open article is read again when its file changed or went away (the
 * reader then says it was deleted), and follows its file when it was renamed; the selection
 * swaps renamed ids and drops deleted ones. Unrelated changes return the same state object.
 */
export function afterArticlesChanged(state: OpenState, event: ArticlesChangedEvent): OpenState {
  const renamedTo = new Map(event.renamed.map(({ from, to }) => [from, to]))
  const removed = new Set(event.removed)

  let { reading } = state
  if (reading) {
    const to = renamedTo.get(reading.id)
    if (to !== undefined) reading = { ...reading, id: to, version: reading.version + 1 }
    else if (removed.has(reading.id) || event.upserted.includes(reading.id))
      reading = { ...reading, version: reading.version + 1 }
  }

  let selected = state.selected
  // By the event's ids: a selection can be the whole archive (Select all).
  if (event.removed.some((id) => selected.has(id))) {
    const next = new Set<string>()
    for (const id of selected) {
      const to = renamedTo.get(id)
      if (to !== undefined) next.add(to)
      else if (!removed.has(id)) next.add(id)
    }
    selected = next
  }

  return reading === state.reading && selected === state.selected ? state : { reading, selected }
}

/**
 * Says yes once per reading, the first time its article is shown: "mark read on open" happens
 * then, and never again in that reading. The reader cannot keep this itself: its view is mounted
 * again when a reread fails and a later one succeeds, and marking then would undo the user's
 * "mark unread". Reading keys only grow, so remembering the newest is enough.
 */
export function oncePerReading(): (key: number) => boolean {
  let newest = 0
  return (key) => {
    if (key <= newest) return false
    newest = key
    return true
  }
}

/**
 * The event stream dropped and came back: whatever happened to the open article's file
 * meanwhile went unsaid, so it is read again (a file renamed meanwhile is found by the library's
 * answer, "renamed to …": useArticle). Nothing open, nothing to do.
 */
export function afterReconnect(state: OpenState): OpenState {
  const { reading } = state
  return reading ? { ...state, reading: { ...reading, version: reading.version + 1 } } : state
}
