/** Fakes for the Electron adapter's tests: an in-memory message channel and a fake Core. */
import type { Core, ImageFile } from '../../../src/main/core/coreTypes'
import type { PortLike } from '../../../src/main/electron/coreProtocol'
import { createFakeApi, type FakeApi } from '../../support/fakeApi'

export interface FakeChannel<A, B> {
  /** The end main uses: receives what `b` posts. */
  a: PortLike<unknown, A>
  /** The end the host uses: receives what `a` posts. */
  b: PortLike<unknown, B>
  /** Every message, in order, as it crossed. */
  log: { from: 'a' | 'b'; message: unknown }[]
  /** Delivers a raw message to `a` as if `b` had posted it (malformed-message tests). */
  injectToA(message: unknown): void
  injectToB(message: unknown): void
}

/**
 * Like a MessagePort: delivery is asynchronous and structured-cloned, so a test that passes here
 * does not rely on shared objects or synchronous replies.
 */
export function fakeChannel<A, B>(): FakeChannel<A, B> {
  const toA = new Set<(message: unknown) => void>()
  const toB = new Set<(message: unknown) => void>()
  const log: FakeChannel<A, B>['log'] = []
  const deliver = (targets: Set<(message: unknown) => void>, message: unknown) => {
    const copy: unknown = structuredClone(message)
    setImmediate(() => {
      for (const listener of [...targets]) listener(copy)
    })
  }
  const end = <Out>(
    from: 'a' | 'b',
    own: Set<(message: unknown) => void>,
    other: Set<(message: unknown) => void>,
  ): PortLike<unknown, Out> => ({
    post(message) {
      log.push({ from, message })
      deliver(other, message)
    },
    onMessage(listener) {
      own.add(listener)
      return () => own.delete(listener)
    },
  })
  return {
    a: end<A>('a', toA, toB),
    b: end<B>('b', toB, toA),
    log,
    injectToA: (message) => deliver(toA, message),
    injectToB: (message) => deliver(toB, message),
  }
}

export interface FakeCore extends Core {
  fake: FakeApi
  disposed: number
}

export function createFakeCore(images: Record<string, ImageFile> = {}): FakeCore {
  const fake = createFakeApi({ articleCount: 5 })
  const core: FakeCore = {
    ...fake,
    fake,
    disposed: 0,
    async imageFile(key: string) {
      return Object.hasOwn(images, key) ? (images[key] ?? null) : null
    },
    async dispose() {
      core.disposed++
    },
  }
  // The fake's methods are closures over its own state, so spreading them keeps them working.
  return core
}
