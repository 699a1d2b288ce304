/**
 * The built core host (out/main/coreHost.js) in a real child process, driven through the same
 * protocol code main uses (connectRemoteCore). Plain Node stands in for Electron's
 * utilityProcess: a small shim (test/fixtures/electron/parent-port-shim.cjs) provides
 * `process.parentPort` over the child_process IPC channel (structured clone, like Electron).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core/coreTypes'
import {
  connectRemoteCore,
  type MainToHost,
  type PortLike,
  type RemoteCore,
} from '../../src/main/electron/coreProtocol'
import type { ArchiveEvent } from '../../src/shared/contract/events'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'

const root = path.resolve(import.meta.dirname, '..', '..')
const hostBundle = path.join(root, 'out', 'main', 'coreHost.js')
const shim = path.join(root, 'test', 'fixtures', 'electron', 'parent-port-shim.cjs')

function portOf(child: ChildProcess): PortLike<unknown, MainToHost> {
  return {
    post: (message) => {
      child.send(message)
    },
    onMessage(listener) {
      child.on('message', listener)
      return () => child.off('message', listener)
    },
  }
}

describe.skipIf(!existsSync(hostBundle))('core host bundle in a child process', () => {
  let archive: string
  let dataDir: string
  let child: ChildProcess
  let remote: RemoteCore
  let core: Core
  const events: ArchiveEvent[] = []
  let exitCode: Promise<number | null>

  /** Resolves at the next `archive-status: ready` event. */
  function waitForReady(): Promise<void> {
    return new Promise((resolve) => {
      const stop = core.subscribe((event) => {
        if (event.type === 'archive-status' && event.status === 'ready') {
          stop()
          resolve()
        }
      })
    })
  }

  beforeAll(async () => {
    archive = await makeTempDir('archive-browser-host-archive-')
    dataDir = await makeTempDir('archive-browser-host-data-')
    await writeTree(archive, {
      'a/2024-01-01-one.md': articleText({ title: '第一篇', body: '<p>芯片制造</p>' }),
      'a/2024-01-02-two.md': articleText({ title: '第二篇', body: '<p>游戏新闻</p>' }),
    })
    child = fork(hostBundle, [], {
      execArgv: ['-r', shim],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    exitCode = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
    remote = connectRemoteCore(portOf(child), { dataDir, watch: false })
    core = remote.core
    core.subscribe((event) => events.push(event))
    await remote.ready
  })

  afterAll(async () => {
    if (child.exitCode === null) child.kill()
    await removeDir(archive)
    await removeDir(dataDir)
  })

  it('opens an archive, lists it and reports events over the port', async () => {
    const ready = waitForReady()
    const info = await core.openArchive({ path: archive })
    expect(info.path).toBe(archive)
    // openArchive may return while the scan runs; the status event says when it is done.
    if (info.status !== 'ready') await ready
    const page = await core.listArticles({ limit: 10, sort: 'title', order: 'asc' })
    expect(page.items.map((item) => item.title).sort()).toEqual(['第一篇', '第二篇'])
    expect(events.some((event) => event.type === 'archive-status')).toBe(true)
  })

  it('carries engine errors with their codes', async () => {
    await expect(core.getArticle({ id: 'missing.md' })).rejects.toMatchObject({
      code: 'ARTICLE_NOT_FOUND',
    })
    await expect(core.openArchive({ path: path.join(archive, 'nope') })).rejects.toMatchObject({
      code: 'ARCHIVE_NOT_FOUND',
    })
  })

  it('keeps settings in the data folder and exits cleanly on dispose', async () => {
    const updated = await core.updateSettings({ fontSize: 19 })
    expect(updated.fontSize).toBe(19)
    await core.dispose()
    expect(await exitCode).toBe(0)
  })
})
