/**
 * The search index on its own thread (worker_threads; an Electron utilityProcess can host
 * the same handler). Building and querying run here, so the thread that answers the UI
 * only passes messages. Protocol: requests { id, op, ... } get one reply { id, ok, value |
 * error }; a build also sends { event: 'progress', id, read, indexed, total } on the way.
 * Messages are handled between the build's awaits, so searches and cancel work during a build.
 */
import { parentPort } from 'node:worker_threads'
import { ApiError, type ApiErrorShape } from '../../../shared/errors'
import type { ReadOptions } from '../archive/options'
import { scanArchive } from '../archive/scan'
import {
  createSearchIndex,
  openSearchIndex,
  type IndexableArticle,
  type SearchIndex,
  type SearchOptions,
} from './searchIndex'

export type SearchWorkerRequest =
  | { id: number; op: 'open'; dir?: string; flushBytes?: number }
  | { id: number; op: 'add'; articles: IndexableArticle[] }
  | { id: number; op: 'remove'; ids: string[] }
  | { id: number; op: 'search'; query: string; options?: WorkerSearchOptions }
  | { id: number; op: 'save'; catalog?: unknown }
  | {
      id: number
      op: 'build'
      root: string
      readOptions?: Partial<ReadOptions>
      scanWorkers?: number
    }
  | { id: number; op: 'cancel'; build: number }
  | { id: number; op: 'close' }

/** Search options that cross a thread: a filter travels as the list of ids it allows. */
export type WorkerSearchOptions = Omit<SearchOptions, 'accept'> & { allowedIds?: string[] }

export type SearchWorkerReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: ApiErrorShape }
  | { event: 'progress'; id: number; read: number; indexed: number; total: number | null }

/** Progress is reported at most this often (ms), plus once at the end. */
const PROGRESS_INTERVAL = 100
/** Longest stretch (ms) the build indexes without letting queued requests (searches) in. */
const YIELD_INTERVAL = 50

export function createSearchWorkerHandler(send: (reply: SearchWorkerReply) => void): {
  handle(request: SearchWorkerRequest): Promise<void>
} {
  let index: SearchIndex = createSearchIndex()
  let options: { dir?: string; flushBytes?: number } = {}
  const builds = new Map<number, AbortController>()

  const fresh = (): SearchIndex => {
    index.close()
    return options.dir === undefined
      ? createSearchIndex(options)
      : createSearchIndex({ ...options, dir: options.dir })
  }

  async function build(
    id: number,
    root: string,
    readOptions: Partial<ReadOptions>,
    scanWorkers?: number,
  ): Promise<unknown> {
    const abort = new AbortController()
    builds.set(id, abort)
    let read = 0
    let total: number | null = null
    let last = 0
    let lastYield = Date.now()
    const progress = (force = false): void => {
      const now = Date.now()
      if (!force && now - last < PROGRESS_INTERVAL) return
      last = now
      send({ event: 'progress', id, read, indexed: read, total })
    }
    try {
      const scan = scanArchive(root, {
        ...readOptions,
        signal: abort.signal,
        workers: scanWorkers,
        onListed: (count) => (total = count),
      })
      for await (const article of scan) {
        if (abort.signal.aborted) break
        index.update({
          id: article.id,
          title: article.title,
          date: article.date,
          categories: article.categories,
          author: article.author,
          text: article.text,
        })
        read++
        progress()
        // The scan hands over parsed articles through promises that are often already resolved,
        // so this loop can run on microtasks alone for a long time and starve the message port:
        // measured, a search sent mid-build waited 18 s. Yield to the event loop every 50 ms.
        if (Date.now() - lastYield > YIELD_INTERVAL) {
          await new Promise<void>((resolve) => setImmediate(resolve))
          lastYield = Date.now()
        }
      }
      if (abort.signal.aborted) {
        index = fresh()
        throw new ApiError('CANCELLED', 'search: the build was cancelled; the index was emptied.')
      }
      progress(true)
      return { indexed: read, size: index.size }
    } finally {
      builds.delete(id)
    }
  }

  async function run(request: SearchWorkerRequest): Promise<unknown> {
    switch (request.op) {
      case 'open': {
        options = { dir: request.dir, flushBytes: request.flushBytes }
        index.close()
        if (request.dir === undefined) {
          index = createSearchIndex(options)
          return { restored: false, size: 0 }
        }
        const opened = openSearchIndex({ dir: request.dir, flushBytes: request.flushBytes })
        index = opened.index
        return {
          restored: opened.restored,
          reason: opened.reason,
          catalog: opened.catalog,
          size: index.size,
        }
      }
      case 'add':
        for (const article of request.articles) index.update(article)
        return { size: index.size }
      case 'remove':
        for (const id of request.ids) index.remove(id)
        return { size: index.size }
      case 'search': {
        const { allowedIds, ...searchOptions } = request.options ?? {}
        if (allowedIds === undefined) return index.search(request.query, searchOptions)
        const allowed = new Set(allowedIds)
        return index.search(request.query, { ...searchOptions, accept: (id) => allowed.has(id) })
      }
      case 'save':
        index.save(request.catalog)
        return null
      case 'build':
        return build(request.id, request.root, request.readOptions ?? {}, request.scanWorkers)
      case 'cancel':
        builds.get(request.build)?.abort()
        return null
      case 'close':
        for (const abort of builds.values()) abort.abort()
        index.close()
        return null
    }
  }

  return {
    async handle(request) {
      try {
        send({ id: request.id, ok: true, value: await run(request) })
      } catch (error) {
        const shape: ApiErrorShape =
          error instanceof ApiError
            ? error.toJSON()
            : {
                code: 'INTERNAL',
                message: `search: ${error instanceof Error ? error.message : String(error)}`,
              }
        send({ id: request.id, ok: false, error: shape })
      }
    },
  }
}

const port = parentPort
if (port) {
  const handler = createSearchWorkerHandler((reply) => port.postMessage(reply))
  port.on('message', (request: SearchWorkerRequest) => void handler.handle(request))
}
