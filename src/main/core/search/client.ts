/**
 * The host side of the search worker: promises for requests, a progress callback and a
 * cancel handle for builds. The thread that answers the UI uses this and never indexes.
 */
import type { Worker } from 'node:worker_threads'
import { ApiError } from '../../../shared/errors'
import type { ReadOptions } from '../archive/options'
import { startWorker } from '../workers/workerEntry'
import type { SearchResult, IndexableArticle } from './searchIndex'
import type { SearchWorkerReply, SearchWorkerRequest, WorkerSearchOptions } from './worker'

export interface BuildProgress {
  read: number
  indexed: number
  /** Files listed so far is unknown until the listing ends. */
  total: number | null
}

export interface SearchBuild {
  done: Promise<{ indexed: number; size: number }>
  cancel(): void
}

export interface SearchWorkerClient {
  open(
    dir?: string,
    flushBytes?: number,
  ): Promise<{ restored: boolean; reason?: string; catalog?: unknown; size: number }>
  add(articles: IndexableArticle[]): Promise<{ size: number }>
  remove(ids: string[]): Promise<{ size: number }>
  search(query: string, options?: WorkerSearchOptions): Promise<SearchResult>
  save(catalog?: unknown): Promise<void>
  build(
    root: string,
    options?: {
      readOptions?: Partial<ReadOptions>
      scanWorkers?: number
      onProgress?: (p: BuildProgress) => void
    },
  ): SearchBuild
  close(): Promise<void>
}

type Pending = {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
  onProgress?: (p: BuildProgress) => void
}

// Distributes Omit over the union so each request keeps its own fields.
type RequestBody = SearchWorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never

export function createSearchWorkerClient(
  worker: Worker = startWorker('searchWorker', 'search/worker.ts'),
): SearchWorkerClient {
  const pending = new Map<number, Pending>()
  let nextId = 1
  worker.on('message', (reply: SearchWorkerReply) => {
    const entry = pending.get(reply.id)
    if (!entry) return
    if ('event' in reply) {
      entry.onProgress?.({ read: reply.read, indexed: reply.indexed, total: reply.total })
      return
    }
    pending.delete(reply.id)
    if (reply.ok) entry.resolve(reply.value)
    else entry.reject(new ApiError(reply.error.code, reply.error.message))
  })
  worker.on('error', (error) => {
    for (const entry of pending.values())
      entry.reject(new ApiError('INTERNAL', `search: the worker failed: ${error.message}`))
    pending.clear()
  })

  function request<T>(
    body: RequestBody,
    onProgress?: (p: BuildProgress) => void,
  ): { id: number; done: Promise<T> } {
    const id = nextId++
    const done = new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress })
    })
    worker.postMessage({ ...body, id })
    return { id, done }
  }

  return {
    open: (dir, flushBytes) =>
      request<{ restored: boolean; reason?: string; catalog?: unknown; size: number }>({
        op: 'open',
        dir,
        flushBytes,
      }).done,
    add: (articles) => request<{ size: number }>({ op: 'add', articles }).done,
    remove: (ids) => request<{ size: number }>({ op: 'remove', ids }).done,
    search: (query, options) => request<SearchResult>({ op: 'search', query, options }).done,
    save: async (catalog) => {
      await request<null>({ op: 'save', catalog }).done
    },
    build(root, options = {}) {
      const { id, done } = request<{ indexed: number; size: number }>(
        { op: 'build', root, readOptions: options.readOptions, scanWorkers: options.scanWorkers },
        options.onProgress,
      )
      return { done, cancel: () => void request<null>({ op: 'cancel', build: id }).done }
    },
    async close() {
      await request<null>({ op: 'close' }).done
      await worker.terminate()
    },
  }
}
