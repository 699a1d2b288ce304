import { describe, expect, it } from 'vitest'
import type { ArticlesChangedEvent } from '../../../src/shared/contract/events'
import {
  afterArticlesChanged,
  afterNewSearch,
  afterReconnect,
  NOTHING_OPEN,
  openArticle,
  oncePerReading,
  openOnly,
  type OpenState,
} from '../../../src/renderer/src/features/library/openState'

const change = (patch: Partial<ArticlesChangedEvent>): ArticlesChangedEvent => ({
  type: 'articles-changed',
  upserted: [],
  removed: [],
  renamed: [],
  ...patch,
})

const state = (id: string | null, selected: string[], version = 0): OpenState => ({
  reading: id === null ? null : { id, key: 1, version },
  selected: new Set(selected),
})

describe('openArticle (j/k, Enter, the health panel)', () => {
  it('moves a selection that was only the open article, as a click would', () => {
    const next = openArticle(state('a', ['a']), 'b')
    expect(next.reading).toEqual({ id: 'b', key: 2, version: 0 })
    expect([...next.selected]).toEqual(['b'])
  })

  it('keeps a selection made on purpose: several rows, or one row that is not the open one', () => {
    expect([...openArticle(state('a', ['a', 'c', 'd']), 'b').selected]).toEqual(['a', 'c', 'd'])
    expect([...openArticle(state('a', ['c']), 'b').selected]).toEqual(['c'])
    expect([...openArticle(state(null, ['c']), 'b').selected]).toEqual(['c'])
  })

  it('selects nothing when nothing was selected (export then takes the open article)', () => {
    expect(openArticle(state('a', []), 'b').selected.size).toBe(0)
    expect(openArticle(NOTHING_OPEN, 'b').reading?.id).toBe('b')
  })

  it('is a new reading for another article, the same one for the article already open', () => {
    const open = state('a', ['a'], 3)
    expect(openArticle(open, 'a')).toBe(open)
    expect(openArticle(open, 'b').reading?.key).not.toBe(open.reading?.key)
  })

  it('a plain click opens the row and selects it alone', () => {
    const next = openOnly(state('a', ['a', 'c']), 'b')
    expect(next.reading?.id).toBe('b')
    expect([...next.selected]).toEqual(['b'])
  })
})

describe('afterNewSearch (the query or the filters changed)', () => {
  it('drops a selection made among the old results, the open article staying open', () => {
    const next = afterNewSearch(state('a', ['a', 'b']))
    expect(next.reading).toEqual({ id: 'a', key: 1, version: 0 })
    expect(next.selected.size).toBe(0)
    expect(afterNewSearch(state(null, ['b', 'c'])).selected.size).toBe(0)
    // One row ctrl-clicked without opening it is a selection made on purpose too.
    expect(afterNewSearch(state('a', ['b'])).selected.size).toBe(0)
  })

  it('keeps a selection that is only the open article, as j/k do', () => {
    const open = state('a', ['a'])
    expect(afterNewSearch(open)).toBe(open)
  })

  it('returns the same state when nothing is selected', () => {
    const open = state('a', [])
    expect(afterNewSearch(open)).toBe(open)
    expect(afterNewSearch(NOTHING_OPEN)).toBe(NOTHING_OPEN)
  })
})

describe('afterArticlesChanged', () => {
  it('reloads the open article when its file changed or went away, not for other files', () => {
    const open = state('a', ['a'])
    expect(afterArticlesChanged(open, change({ upserted: ['x'], removed: ['y'] }))).toBe(open)
    expect(afterArticlesChanged(open, change({ upserted: ['a'] })).reading).toEqual({
      id: 'a',
      key: 1,
      version: 1,
    })
    const deleted = afterArticlesChanged(open, change({ removed: ['a'] }))
    expect(deleted.reading).toEqual({ id: 'a', key: 1, version: 1 })
    expect(deleted.selected.size).toBe(0)
  })

  it('follows a rename: the same reading under the new id, in the selection too', () => {
    const next = afterArticlesChanged(
      state('a', ['a', 'b']),
      change({ upserted: ['a2'], removed: ['a'], renamed: [{ from: 'a', to: 'a2' }] }),
    )
    expect(next.reading).toEqual({ id: 'a2', key: 1, version: 1 })
    expect([...next.selected].sort()).toEqual(['a2', 'b'])
  })

  it('keeps a selection of several rows while files come and go beside it', () => {
    const selected = state('a', ['a', 'b', 'c'])
    const next = afterArticlesChanged(selected, change({ upserted: ['x', 'b'], removed: ['y'] }))
    expect(next.selected).toBe(selected.selected)
  })

  it('drops deleted ids from the selection, leaving the rest', () => {
    const next = afterArticlesChanged(state(null, ['a', 'b', 'c']), change({ removed: ['b', 'z'] }))
    expect(next.reading).toBeNull()
    expect([...next.selected]).toEqual(['a', 'c'])
  })
})

describe('afterReconnect', () => {
  it('reads the open article again as the same reading, keeping the selection', () => {
    const open = state('a', ['a', 'b'], 2)
    const next = afterReconnect(open)
    expect(next.reading).toEqual({ id: 'a', key: 1, version: 3 })
    expect(next.selected).toBe(open.selected)
    expect(afterReconnect(NOTHING_OPEN)).toBe(NOTHING_OPEN)
  })
})

describe('once per reading (mark read on open)', () => {
  it('says yes the first time a reading is shown only, whatever mounts it again', () => {
    const first = oncePerReading()
    let state = openArticle(NOTHING_OPEN, 'a')
    const a = state.reading!.key
    expect(first(a)).toBe(true)
    // The reader's view mounted again in the same reading (a reread failed, then one succeeded).
    expect(first(a)).toBe(false)
    state = afterReconnect(state)
    expect(first(state.reading!.key)).toBe(false)
    state = openArticle(state, 'b')
    expect(first(state.reading!.key)).toBe(true)
    // The previous reading's view, still on screen while the next loads, is not a new showing.
    expect(first(a)).toBe(false)
    state = openArticle(state, 'a')
    expect(first(state.reading!.key)).toBe(true)
  })
})
