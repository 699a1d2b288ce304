import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createQuerySettler } from '../../../src/renderer/src/features/search/querySettler'

const DEBOUNCE = 80

function settlerWithLog() {
  const settled: string[] = []
  const settler = createQuerySettler(DEBOUNCE, (query) => settled.push(query))
  return { settler, settled }
}

describe('createQuerySettler', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('settles a typed key at once while no search is awaited', () => {
    const { settler, settled } = settlerWithLog()
    settler.push('Sa', 'key')
    expect(settled).toEqual(['Sa'])
  })

  it('debounces a lone typed character', () => {
    const { settler, settled } = settlerWithLog()
    settler.push('S', 'key')
    settler.setBusy(false)
    vi.advanceTimersByTime(DEBOUNCE - 1)
    expect(settled).toEqual([])
    vi.advanceTimersByTime(1)
    expect(settled).toEqual(['S'])
  })

  it('holds keys typed while a search is awaited, and settles the newest when it answers', () => {
    const { settler, settled } = settlerWithLog()
    settler.push('Sa', 'key')
    settler.setBusy(true)
    settler.push('Sam', 'key')
    settler.push('Sams ', 'key')
    vi.advanceTimersByTime(DEBOUNCE - 1)
    expect(settled).toEqual(['Sa'])
    settler.setBusy(false)
    expect(settled).toEqual(['Sa', 'Sams'])
    // Nothing is left to settle: the held value's timer is gone too.
    vi.advanceTimersByTime(DEBOUNCE * 2)
    expect(settled).toEqual(['Sa', 'Sams'])
  })

  it('never waits longer than the debounce for a slow answer', () => {
    const { settler, settled } = settlerWithLog()
    settler.setBusy(true)
    settler.push('Sa', 'key')
    vi.advanceTimersByTime(DEBOUNCE / 2)
    settler.push('Sam', 'key')
    vi.advanceTimersByTime(DEBOUNCE - 1)
    expect(settled).toEqual([])
    vi.advanceTimersByTime(1)
    expect(settled).toEqual(['Sam'])
    settler.setBusy(false)
    expect(settled).toEqual(['Sam'])
  })

  it('settles commits and an emptied box at once, dropping a held key', () => {
    const { settler, settled } = settlerWithLog()
    settler.setBusy(true)
    settler.push('芯', 'key')
    settler.push('芯片', 'commit')
    expect(settled).toEqual(['芯片'])
    settler.push('xy', 'key')
    settler.push('', 'key')
    expect(settled).toEqual(['芯片', ''])
    settler.setBusy(false)
    vi.advanceTimersByTime(DEBOUNCE)
    expect(settled).toEqual(['芯片', ''])
  })

  it('settles a held key at once when flushed (ArrowDown or Enter leaves the box)', () => {
    const { settler, settled } = settlerWithLog()
    settler.setBusy(true)
    settler.push('Sa', 'key')
    settler.push('S', 'key')
    expect(settler.flush()).toBe('S')
    expect(settled).toEqual(['S'])
    // Nothing held any more: no second settle, neither now nor when the timer would have fired.
    expect(settler.flush()).toBeNull()
    vi.advanceTimersByTime(DEBOUNCE)
    expect(settled).toEqual(['S'])
  })

  it('drops a held key when disposed', () => {
    const { settler, settled } = settlerWithLog()
    settler.setBusy(true)
    settler.push('Sa', 'key')
    settler.dispose()
    vi.advanceTimersByTime(DEBOUNCE)
    expect(settled).toEqual([])
  })
})
