/**
 * A search worker that dies while it indexes (it ran out of memory on a 5 MB run of one letter
 * before tokens.ts cut long words): indexing still ends (the progress says done) and a search
 * fails with the worker's death instead of waiting for an index that never comes. The CLI
 * waited for that end and, once nothing else was left to run, exited 0 with nothing printed.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import { createSearchWorkerClient } from '../../src/main/core/search/client'
import { createSearchService, type SyncReport } from '../../src/main/core/search/searchService'
import { startWorker } from '../../src/main/core/workers/workerEntry'
import { ApiError } from '../../src/shared/errors'
import { writeArchive } from '../support/generator/index'
import { makeTempDir, removeDir } from '../support/tempDir'

const cleanup: string[] = []
const cores: Core[] = []
afterEach(async () => {
  for (const core of cores.splice(0)) await core.dispose()
  for (const dir of cleanup.splice(0)) await removeDir(dir)
})

/** A real worker client whose worker is ended as soon as it is asked to build or sync. */
function dyingClient(): ReturnType<typeof createSearchWorkerClient> {
  const worker = startWorker('searchWorker', 'search/worker.ts')
  const client = createSearchWorkerClient(worker)
  return {
    ...client,
    build(root, options) {
      const job = client.build(root, options)
      void worker.terminate()
      return job
    },
    sync(root, files, options) {
      const job = client.sync(root, files, options)
      void worker.terminate()
      return job
    },
  }
}

describe('search worker death', () => {
  it('ends indexing and makes searches fail, not wait', async () => {
    const root = await makeTempDir('worker-death-archive-')
    const dataDir = await makeTempDir('worker-death-data-')
    cleanup.push(root, dataDir)
    await writeArchive(root, 30)
    const reports: SyncReport[] = []
    const core = await createCore(
      { dataDir, watch: false },
      {
        createSearch: (options) =>
          createSearchService({
            ...options,
            scanWorkers: 0,
            warmUpRounds: 0,
            workerClient: dyingClient,
            onSynced: (report) => reports.push(report),
          }),
      },
    )
    cores.push(core)
    // What the CLI's search and export wait for before they search.
    const indexed = new Promise<void>((resolve) => {
      core.subscribe((event) => {
        if (event.type === 'index-progress' && event.done) resolve()
      })
    })
    await core.openArchive({ path: root })
    await indexed
    expect(reports).toHaveLength(1)
    expect(reports[0]?.failed).toMatch(/search: the worker/)
    const failure = await core.search({ query: '的', limit: 5 }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).code).toBe('INTERNAL')
    expect((failure as ApiError).message).toMatch(/search: the worker/)
  }, 60_000)
})
