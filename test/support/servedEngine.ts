/**
 * The real engine behind serve mode's HTTP server, for the browser specs: no watcher unless
 * asked (most specs write their archives before opening them; `watch: true` starts it once the
 * load is done, for specs that change files while the page is open) and an offline image cache
 * (generated and hostile archives name image hosts the engine must not download from; the
 * browser's own requests are what the specs watch). Closes both and removes the data folder.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Core } from '../../src/main/core/coreTypes'
import { createCore } from '../../src/main/core/createCore'
import { createServeServer, type ServeServer } from '../../src/main/serve'

export interface ServedEngine {
  core: Core
  server: ServeServer
  close(): Promise<void>
}

export async function startServedEngine(
  rendererDir: string,
  options: { watch?: boolean } = {},
): Promise<ServedEngine> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'archive-browser-e2e-data-'))
  const core = await createCore({
    dataDir,
    images: { offline: true },
    ...(options.watch ? { watch: true, watchStart: 'load' as const } : { watch: false }),
  })
  const server = await createServeServer({
    api: core,
    events: core.subscribe,
    imageFile: (key) => core.imageFile(key),
    rendererDir,
  })
  return {
    core,
    server,
    async close() {
      await server.close()
      await core.dispose()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
