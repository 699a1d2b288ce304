import { describe, expect, it } from 'vitest'
import { ForegroundGate, quietMoment } from '../../../src/main/core/foreground'

/** A request the test ends when it wants. */
function openRequest(gate: ForegroundGate): { end: () => void; done: Promise<string> } {
  let end!: () => void
  const done = gate.run(() => new Promise<string>((resolve) => (end = () => resolve('answered'))))
  return { end, done }
}

describe('ForegroundGate', () => {
  it('lets background work go on at once while no request runs', async () => {
    const gate = new ForegroundGate({ graceMs: 50, maxDeferralMs: 5_000 })
    expect(gate.busy).toBe(false)
    await gate.backgroundTurn()
  })

  it('holds a background turn while a request runs and for the grace after its answer', async () => {
    const gate = new ForegroundGate({ graceMs: 40, maxDeferralMs: 5_000 })
    const order: string[] = []
    const request = openRequest(gate)
    expect(gate.busy).toBe(true)
    const turn = gate.backgroundTurn().then(() => order.push('background'))
    await new Promise((resolve) => setTimeout(resolve, 30))
    order.push('answer')
    request.end()
    expect(await request.done).toBe('answered')
    expect(gate.busy).toBe(true) // the grace
    await turn
    expect(order).toEqual(['answer', 'background'])
    expect(gate.busy).toBe(false)
  })

  it('never holds background work longer than the deferral limit', async () => {
    const gate = new ForegroundGate({ graceMs: 40, maxDeferralMs: 60 })
    const request = openRequest(gate)
    await gate.backgroundTurn() // returns although the request never ends
    expect(gate.busy).toBe(true)
    request.end()
    await request.done
  })

  it('counts a failed request as answered', async () => {
    const gate = new ForegroundGate({ graceMs: 0, maxDeferralMs: 5_000 })
    await expect(gate.run(() => Promise.reject(new Error('no archive')))).rejects.toThrow(
      'no archive',
    )
    expect(gate.busy).toBe(false)
  })

  it('finds a quiet moment once no request has run for a while', async () => {
    const gate = new ForegroundGate()
    await quietMoment(gate, { quietMs: 0, maxWaitMs: 5_000 }) // nothing ran: quiet at once
    const order: string[] = []
    const request = openRequest(gate)
    const quiet = quietMoment(gate, { quietMs: 150, maxWaitMs: 10_000 }).then(() =>
      order.push('background starts'),
    )
    await new Promise((resolve) => setTimeout(resolve, 120))
    order.push('answer')
    request.end()
    await request.done
    expect(gate.quietFor(150)).toBe(false)
    await quiet
    expect(order).toEqual(['answer', 'background starts'])
    expect(gate.quietFor(150)).toBe(true)
  })

  it('gives up waiting for a quiet moment after the longest wait', async () => {
    const gate = new ForegroundGate()
    const request = openRequest(gate)
    await quietMoment(gate, { quietMs: 1_000, maxWaitMs: 150 }) // returns while the request runs
    expect(gate.quietFor(0)).toBe(false)
    request.end()
    await request.done
  })
})
