/**
 * The one client of the contract, generated from the method table: the renderer uses it over
 * IPC (preload) and over HTTP (serve mode) alike; only the Transport differs.
 */
import type { Result } from '../errors'
import type { ArchiveApi, MethodName } from './api'
import type { ClientEventListener } from './events'
import { METHOD_NAMES } from './methods'
import { unwrap } from './result'

export interface Transport {
  /** Sends one call; resolves with the Result (transport failures too, as INTERNAL), never rejects... */
  call(method: MethodName, arg: unknown): Promise<Result<unknown>>
  /**
   * ...and listens to the event stream, plus ConnectionEvents when the stream can drop; returns
   * the unsubscribe function.
   */
  subscribe(listener: ClientEventListener): () => void
}

export type ArchiveClient = ArchiveApi & {
  /**
   * Listen to engine events, and to the transport's ConnectionEvents ('restored': re-read what
   * is shown); returns the unsubscribe function.
   */
  onEvent(listener: ClientEventListener): () => void
}

/**
 * A plain object (not a Proxy, so it survives structured cloning and contextBridge) with one
 * function per method. Errors come back as thrown ApiErrors with the engine's code.
 */
export function createClient(transport: Transport): ArchiveClient {
  const client: Record<string, unknown> = {}
  for (const method of METHOD_NAMES) {
    client[method] = async (arg?: unknown) => unwrap(await transport.call(method, arg))
  }
  client.onEvent = (listener: ClientEventListener) => transport.subscribe(listener)
  // Built by a loop over the table, which TypeScript cannot follow; the table's `satisfies`
  // guarantees every method of ArchiveApi is present.
  return client as unknown as ArchiveClient
}
