/**
 * A stable Core for main's adapters (IPC, image scheme, menus) in front of a core host that may
 * be replaced: when the engine process dies, app.ts starts a new one and attaches it here, so
 * nothing that holds `relay.core` needs rewiring. Pure (no Electron), tested with fakes.
 */
import type { ArchiveApi } from '../../shared/contract/api'
import type { EventListener } from '../../shared/contract/events'
import { METHOD_NAMES } from '../../shared/contract/methods'
import { ApiError } from '../../shared/errors'
import type { Core } from '../core/coreTypes'

export interface CoreRelay {
  /** Delegates to the attached core; between cores, calls fail with INTERNAL ("restarting"). */
  readonly core: Core
  attach(core: Core): void
  /** Detaches the current core (it died); its events stop reaching listeners. */
  detach(): void
}

export function createCoreRelay(): CoreRelay {
  let current: Core | null = null
  let stopForwarding: (() => void) | null = null
  const listeners = new Set<EventListener>()

  const target = (): Core => {
    if (!current)
      throw new ApiError('INTERNAL', 'engine: restarting after a failure; try again in a moment')
    return current
  }

  const api: Record<string, (arg?: unknown) => Promise<unknown>> = {}
  for (const method of METHOD_NAMES) {
    api[method] = async (arg?: unknown) => {
      const engine = target() as unknown as Record<string, (arg?: unknown) => Promise<unknown>>
      return engine[method]!(arg)
    }
  }
  const core: Core = {
    // Built by a loop over the table (as createClient does); every method is present.
    ...(api as unknown as ArchiveApi),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    imageFile: async (key) => target().imageFile(key),
    dispose: async () => target().dispose(),
  }

  return {
    core,
    attach(next) {
      stopForwarding?.()
      current = next
      stopForwarding = next.subscribe((event) => {
        for (const listener of [...listeners]) listener(event)
      })
    },
    detach() {
      stopForwarding?.()
      stopForwarding = null
      current = null
    },
  }
}

/**
 * Whether to start the engine again after a crash at `now`: not when it has already crashed
 * `maxCrashes` times within `windowMs` (a crash loop: better to tell the user).
 */
export function shouldRestart(
  crashTimes: readonly number[],
  now: number,
  maxCrashes = 3,
  windowMs = 5 * 60_000,
): boolean {
  return crashTimes.filter((time) => now - time < windowMs).length < maxCrashes
}
