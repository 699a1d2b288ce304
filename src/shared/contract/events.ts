/**
 * The engine's event stream, pushed to every front end (IPC `webContents.send`, HTTP server-sent
 * events). Events are hints to refresh: a client that misses one (reconnect) re-reads state
 * through the API, so no event carries anything that cannot be fetched again. The transport
 * says when that is needed with a ConnectionEvent of its own (never sent by the engine).
 */
import type { ApiErrorShape } from '../errors'
import type { ArchiveStatus, ImageCacheStatus, IndexProgress } from './api'

export interface IndexProgressEvent extends IndexProgress {
  type: 'index-progress'
  done: boolean
}

/** Articles added, changed or removed (watcher batch or scan). Ids are archive-relative paths. */
export interface ArticlesChangedEvent {
  type: 'articles-changed'
  upserted: string[]
  removed: string[]
  /**
   * Files that moved with their content unchanged (their marks moved with them): each `from` is
   * also in `removed`, each `to` in `upserted`. A reader showing `from` can follow it to `to`.
   */
  renamed: { from: string; to: string }[]
}

export interface ArchiveStatusEvent {
  type: 'archive-status'
  status: ArchiveStatus
  /** Why, for a person (e.g. "The folder was moved or deleted"). */
  message?: string
}

export interface CacheProgressEvent extends ImageCacheStatus {
  type: 'cache-progress'
}

/**
 * Images changed state (downloaded, failed, evicted), coalesced: at most a few events a second.
 * `more` means more changed than `keys` lists: re-read every image shown.
 */
export interface ImagesChangedEvent {
  type: 'images-changed'
  keys: string[]
  more: boolean
}

export interface ExportProgressEvent {
  type: 'export-progress'
  jobId: string
  /** Articles composed into the print document. */
  composed: number
  /** Articles printed to PDF. */
  printed: number
  /** Articles left out: deleted or moved while the export ran (ExportResult.skipped). */
  skipped: number
  /** Pages printed so far. */
  pages: number
  total: number
  done: boolean
  /** Set when the job failed or was cancelled (code CANCELLED); `done` is then true. */
  error?: ApiErrorShape
}

export type ArchiveEvent =
  | IndexProgressEvent
  | ArticlesChangedEvent
  | ArchiveStatusEvent
  | CacheProgressEvent
  | ImagesChangedEvent
  | ExportProgressEvent

export type ArchiveEventType = ArchiveEvent['type']

export type EventListener = (event: ArchiveEvent) => void

/**
 * From the client's transport, not the engine: the event stream dropped ('lost'), or came back
 * after dropping ('restored'). Events sent meanwhile are gone, so 'restored' means "anything may
 * have changed": re-read everything shown. Only a transport that can drop sends these (HTTP;
 * the Electron IPC channel cannot), and the first connection is not a restoration.
 */
export interface ConnectionEvent {
  type: 'connection'
  state: 'lost' | 'restored'
}

/** What a client's listeners receive: the engine's events and the transport's own. */
export type ClientEvent = ArchiveEvent | ConnectionEvent

export type ClientEventListener = (event: ClientEvent) => void

/** Subscribe to the stream; returns the unsubscribe function. */
export type SubscribeFn = (listener: EventListener) => () => void

// A Record literal, so a new event type missing here (or a stale one) is a compile error.
const EVENT_TYPES: Record<ArchiveEventType, true> = {
  'index-progress': true,
  'articles-changed': true,
  'archive-status': true,
  'cache-progress': true,
  'images-changed': true,
  'export-progress': true,
}

export const ARCHIVE_EVENT_TYPES = Object.keys(EVENT_TYPES) as ArchiveEventType[]

/**
 * True for a value shaped like an ArchiveEvent (checks the tag only; used on data from the wire).
 * A ConnectionEvent is not one: the transport makes those, and the wire cannot forge them.
 */
export function isArchiveEvent(value: unknown): value is ArchiveEvent {
  if (typeof value !== 'object' || value === null) return false
  const type = (value as { type?: unknown }).type
  return typeof type === 'string' && Object.hasOwn(EVENT_TYPES, type)
}
