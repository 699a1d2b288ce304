/**
 * The real engine behind serve mode's HTTP server, for the browser specs: no watcher unless
 * asked (most specs write their archives before opening them; `watch: true` starts it once the
 * load is done, for specs that change files while the page is open) and an offline image cache
 * (generated and hostile archives name image hosts the engine must not download from; the
 * browser's own requests are what the specs watch). Closes both and removes the data folder.
 * The HTTP server alone can be stopped and started again on the same port, the engine going on,
 * as a restarted server or a dropped network looks to an open page. Export specs may bring their
 * own printer (`pdfPrinter`) and chunk size.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Core } from '../../src/main/core/coreTypes'
import { createCore } from '../../src/main/core/createCore'
import type { PdfPrinter } from '../../src/main/core/export/printer'
import { createSearchService } from '../../src/main/core/search/searchService'
import { createServeServer, type ServeServer } from '../../src/main/serve'

export interface ServedEngine {
  core: Core
  /** The server listening now (a new one after startServer). */
  readonly server: ServeServer
  /** Closes the HTTP server and its event streams; the engine and its watcher go on. */
  stopServer(): Promise<void>
  /** Listens again, on the same port. */
  startServer(): Promise<void>
  close(): Promise<void>
}

export async function startServedEngine(
  rendererDir: string,
  options: { watch?: boolean; pdfPrinter?: PdfPrinter; exportArticlesPerChunk?: number } = {},
): Promise<ServedEngine> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'archive-browser-e2e-data-'))
  const core = await createCore(
    {
      dataDir,
      images: { offline: true },
      ...(options.watch ? { watch: true, watchStart: 'load' as const } : { watch: false }),
      ...(options.pdfPrinter ? { pdfPrinter: options.pdfPrinter } : {}),
    },
    {
      createSearch: createSearchService,
      ...(options.exportArticlesPerChunk
        ? { exportArticlesPerChunk: options.exportArticlesPerChunk }
        : {}),
    },
  )
  const listen = (port?: number) =>
    createServeServer({
      api: core,
      events: core.subscribe,
      imageFile: (key) => core.imageFile(key),
      rendererDir,
      port,
    })
  let server = await listen()
  const port = Number(new URL(server.url).port)
  return {
    core,
    get server() {
      return server
    },
    stopServer: () => server.close(),
    async startServer() {
      server = await listen(port)
    },
    async close() {
      await server.close()
      await core.dispose()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
