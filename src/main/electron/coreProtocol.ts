/**
 * The wire protocol between Electron's main process and the core host (a utilityProcess running
 * the engine, so a rebuild never blocks the process that draws windows and answers IPC).
 *
 * Both sides are pure functions over a PortLike (post + onMessage), so they are tested in plain
 * Node with an in-memory port; the Electron glue (coreProcess.ts, coreHost.ts) only adapts
 * `utilityProcess` and `process.parentPort` to it.
 *
 *   main → host: init, call {method,arg}, image {key}, dispose, reply (to a host request)
 *   host → main: ready | init-failed, result, event, request (e.g. print a PDF in main)
 */
import { createClient, type Transport } from '../../shared/contract/client'
import { dispatch } from '../../shared/contract/dispatch'
import { isArchiveEvent, type ArchiveEvent, type EventListener } from '../../shared/contract/events'
import { isResult, toErrorShape, toResult, unwrap } from '../../shared/contract/result'
import { ApiError, type ApiErrorShape, type Result } from '../../shared/errors'
import type { Core, CoreOptions, ImageFile } from '../core/coreTypes'

export type MainToHost =
  | { kind: 'init'; options: CoreOptions }
  | { kind: 'call'; id: number; method: string; arg: unknown }
  | { kind: 'image'; id: number; key: string }
  | { kind: 'dispose'; id: number }
  | { kind: 'reply'; id: number; result: Result<unknown> }

export type HostToMain =
  | { kind: 'ready' }
  | { kind: 'init-failed'; error: ApiErrorShape }
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'event'; event: ArchiveEvent }
  | { kind: 'request'; id: number; name: string; arg: unknown }

/** One end of a message channel. Messages are structured-cloned plain data. */
export interface PortLike<In, Out> {
  post(message: Out): void
  /** Returns the function that stops listening. */
  onMessage(listener: (message: In) => void): () => void
}

/** Something main does on the host's behalf (e.g. printToPDF, which needs a BrowserWindow). */
export type HostRequestHandler = (arg: unknown) => Promise<unknown>

const KINDS_TO_HOST = new Set(['init', 'call', 'image', 'dispose', 'reply'])
const KINDS_TO_MAIN = new Set(['ready', 'init-failed', 'result', 'event', 'request'])

function hasKind(value: unknown, kinds: Set<string>): value is { kind: string; id?: unknown } {
  if (typeof value !== 'object' || value === null) return false
  const kind = (value as { kind?: unknown }).kind
  return typeof kind === 'string' && kinds.has(kind)
}

const isId = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value)

/** Checks a message that crossed the process boundary before the main side trusts it. */
export function isHostToMain(value: unknown): value is HostToMain {
  if (!hasKind(value, KINDS_TO_MAIN)) return false
  const message = value as Record<string, unknown>
  switch (message.kind) {
    case 'ready':
      return true
    case 'init-failed':
      return isResult({ ok: false, error: message.error })
    case 'result':
      return isId(message.id) && isResult(message.result)
    case 'event':
      return isArchiveEvent(message.event)
    case 'request':
      return isId(message.id) && typeof message.name === 'string'
    default:
      return false
  }
}

/** Checks a message that crossed the process boundary before the host trusts it. */
export function isMainToHost(value: unknown): value is MainToHost {
  if (!hasKind(value, KINDS_TO_HOST)) return false
  const message = value as Record<string, unknown>
  switch (message.kind) {
    case 'init':
      return typeof message.options === 'object' && message.options !== null
    case 'call':
      return isId(message.id) && typeof message.method === 'string'
    case 'image':
      return isId(message.id) && typeof message.key === 'string'
    case 'dispose':
      return isId(message.id)
    case 'reply':
      return isId(message.id) && isResult(message.result)
    default:
      return false
  }
}

function internal(message: string): Result<never> {
  return { ok: false, error: { code: 'INTERNAL', message } }
}

// ------------------------------------------------------------------------------- host side

export interface CoreHostHandle {
  /** Resolves when the host has disposed the core (after a `dispose` message). */
  readonly disposed: Promise<void>
  /** Sends a request to main and waits for its reply (e.g. 'printPdf'). */
  request(name: string, arg: unknown): Promise<unknown>
}

/**
 * Runs in the core host: waits for `init`, builds the core with `factory`, then answers calls
 * and forwards events until `dispose`. `factory` receives `request`, so the engine can ask main
 * for what only main can do (printing).
 */
export function runCoreHost(
  port: PortLike<unknown, HostToMain>,
  factory: (options: CoreOptions, host: Pick<CoreHostHandle, 'request'>) => Promise<Core>,
): CoreHostHandle {
  let core: Core | null = null
  let starting = false
  let unsubscribeEvents: (() => void) | null = null
  let nextRequestId = 1
  const pendingRequests = new Map<number, (result: Result<unknown>) => void>()
  let resolveDisposed: () => void = () => {}
  const disposed = new Promise<void>((resolve) => {
    resolveDisposed = resolve
  })

  function request(name: string, arg: unknown): Promise<unknown> {
    const id = nextRequestId++
    return new Promise<Result<unknown>>((resolve) => {
      pendingRequests.set(id, resolve)
      port.post({ kind: 'request', id, name, arg })
    }).then(unwrap)
  }

  async function start(options: CoreOptions): Promise<void> {
    try {
      const created = await factory(options, { request })
      core = created
      unsubscribeEvents = created.subscribe((event) => port.post({ kind: 'event', event }))
      port.post({ kind: 'ready' })
    } catch (error) {
      port.post({ kind: 'init-failed', error: toErrorShape(error, 'core host') })
    }
  }

  async function answer(message: MainToHost): Promise<void> {
    switch (message.kind) {
      case 'init':
        if (starting) return
        starting = true
        await start(message.options)
        return
      case 'reply': {
        const resolve = pendingRequests.get(message.id)
        pendingRequests.delete(message.id)
        resolve?.(message.result)
        return
      }
      case 'call': {
        const result = core
          ? await dispatch(core, message.method, message.arg)
          : internal('core host: the engine is not started')
        port.post({ kind: 'result', id: message.id, result })
        return
      }
      case 'image': {
        const result = core
          ? await toResult(core.imageFile(message.key), 'images')
          : internal('core host: the engine is not started')
        port.post({ kind: 'result', id: message.id, result })
        return
      }
      case 'dispose': {
        unsubscribeEvents?.()
        const result = core
          ? await toResult(core.dispose(), 'core host')
          : { ok: true as const, value: undefined }
        core = null
        port.post({ kind: 'result', id: message.id, result })
        resolveDisposed()
        return
      }
    }
  }

  port.onMessage((message) => {
    if (!isMainToHost(message)) return
    void answer(message)
  })
  return { disposed, request }
}

// ------------------------------------------------------------------------------- main side

export interface RemoteCore {
  /** The engine, as seen from main: same interface as an in-process core. */
  core: Core
  /** Resolves once the host has built the core; rejects with its ApiError if it could not. */
  ready: Promise<void>
  /**
   * The host went away (crash, kill): fails every pending call with INTERNAL and refuses new
   * ones, so no caller waits forever.
   */
  disconnect(reason: string): void
}

/** Runs in main: sends `init` and returns a Core whose every call crosses the port. */
export function connectRemoteCore(
  port: PortLike<unknown, MainToHost>,
  options: CoreOptions,
  handlers: Record<string, HostRequestHandler> = {},
): RemoteCore {
  let nextId = 1
  const pending = new Map<number, (result: Result<unknown>) => void>()
  const listeners = new Set<EventListener>()
  let gone: string | null = null
  let settleReady: (error: ApiError | null) => void = () => {}
  const ready = new Promise<void>((resolve, reject) => {
    settleReady = (error) => (error ? reject(error) : resolve())
  })

  function send(build: (id: number) => MainToHost): Promise<Result<unknown>> {
    if (gone !== null) return Promise.resolve(internal(`core host: ${gone}`))
    const id = nextId++
    return new Promise((resolve) => {
      pending.set(id, resolve)
      port.post(build(id))
    })
  }

  async function answerRequest(id: number, name: string, arg: unknown): Promise<void> {
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined
    const result = handler
      ? await toResult(
          Promise.resolve().then(() => handler(arg)),
          name,
        )
      : internal(`main: no handler for the core host's request "${name.slice(0, 100)}"`)
    if (gone === null) port.post({ kind: 'reply', id, result })
  }

  port.onMessage((message) => {
    if (!isHostToMain(message)) return
    switch (message.kind) {
      case 'ready':
        settleReady(null)
        return
      case 'init-failed':
        settleReady(new ApiError(message.error.code, message.error.message))
        return
      case 'result': {
        const resolve = pending.get(message.id)
        pending.delete(message.id)
        resolve?.(message.result)
        return
      }
      case 'event':
        for (const listener of [...listeners]) listener(message.event)
        return
      case 'request':
        void answerRequest(message.id, message.name, message.arg)
        return
    }
  })

  const transport: Transport = {
    call: (method, arg) => send((id) => ({ kind: 'call', id, method, arg })),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  const client = createClient(transport)
  const core: Core = {
    ...client,
    // A message port does not drop and reconnect, so no ConnectionEvent comes; the type says so.
    subscribe: (listener) =>
      client.onEvent((event) => {
        if (event.type !== 'connection') listener(event)
      }),
    async imageFile(key: string) {
      return unwrap(await send((id) => ({ kind: 'image', id, key }))) as ImageFile | null
    },
    async dispose() {
      unwrap(await send((id) => ({ kind: 'dispose', id })))
    },
  }

  port.post({ kind: 'init', options })
  return {
    core,
    ready,
    disconnect(reason) {
      if (gone !== null) return
      gone = reason
      settleReady(new ApiError('INTERNAL', `core host: ${reason}`))
      for (const resolve of pending.values()) resolve(internal(`core host: ${reason}`))
      pending.clear()
    },
  }
}
