/**
 * The watcher of an opened archive starts when the first load is done (by default), or at the
 * user's first pause ('pause'); whatever changed on disk before it started is found once it is
 * ready: new files, deleted files and edits of files the first load had read.
 */
import { appendFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveEvent } from '../../src/shared/contract/events'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('createCore: when the watcher starts', () => {
  let archive: string
  let dataDir: string
  let core: Core
  const events: ArchiveEvent[] = []

  beforeEach(async () => {
    archive = await makeTempDir('archive-browser-watch-start-')
    dataDir = await makeTempDir('archive-browser-data-')
    await writeTree(archive, {
      'a.md': articleText({ title: '甲', body: '<p>第一篇</p>' }),
      'b.md': articleText({ title: '乙', body: '<p>第二篇</p>' }),
      'c.md': articleText({ title: '丙', body: '<p>第三篇</p>' }),
    })
    events.length = 0
  })

  async function start(watchStart?: 'pause' | 'load'): Promise<void> {
    core = await createCore({ dataDir, ...(watchStart ? { watchStart } : {}) })
    core.subscribe((event) => events.push(event))
  }

  afterEach(async () => {
    await core.dispose()
    await removeDir(archive)
    await removeDir(dataDir)
  })

  const titles = async (): Promise<string[]> =>
    (await core.listArticles({ sort: 'title' })).items.map((item) => item.title).sort()

  /** The user keeps the core busy (a request every 20 ms) until stop(). */
  function keepAsking(): { stop: () => Promise<void> } {
    let busy = true
    const user = (async () => {
      while (busy) {
        await core.listArticles({ limit: 5 }).catch(() => undefined)
        await sleep(20)
      }
    })()
    return {
      stop: async () => {
        busy = false
        await user
      },
    }
  }

  it('by default watches as soon as the load is done, even while the user keeps asking', async () => {
    await start()
    const user = keepAsking()
    try {
      await core.openArchive({ path: archive })
      await waitFor(async () => (await core.getArchiveInfo())?.status === 'ready', 'the load')
      await writeFile(path.join(archive, 'd.md'), articleText({ title: '丁', body: '<p>新</p>' }))
      await waitFor(async () => (await titles()).includes('丁'), 'a change while busy', {
        timeoutMs: 10_000,
      })
    } finally {
      await user.stop()
    }
  })

  it("with 'pause', waits while the user keeps asking, then finds what changed meanwhile", async () => {
    await start('pause')
    // The user keeps the core busy from the open on (the first requests fail: no archive yet)
    // while files change on disk.
    const user = keepAsking()
    try {
      await core.openArchive({ path: archive })
      await waitFor(async () => (await core.getArchiveInfo())?.status === 'ready', 'the load')
      await writeFile(path.join(archive, 'd.md'), articleText({ title: '丁', body: '<p>新</p>' }))
      await rm(path.join(archive, 'b.md'))
      // Same title, more text: another size and mtime than the first load read.
      await appendFile(path.join(archive, 'c.md'), '<p>后来加的一段：编辑标记</p>\n')
      await sleep(1_500)
      // Nothing watched yet: the catalog is still what the first load read.
      expect(await titles()).toEqual(['丙', '乙', '甲'].sort())
    } finally {
      await user.stop()
    }
    // After a second without requests the watcher starts; once it is ready, the differences
    // are applied: d.md added, b.md removed, c.md read again.
    // Polled slowly: a pause is what lets the watcher start.
    const slowly = { intervalMs: 1_200 }
    await waitFor(
      async () => {
        const now = await titles()
        return now.length === 3 && now.includes('丁') && !now.includes('乙')
      },
      'the changes made before the watcher started',
      slowly,
    )
    await waitFor(
      async () => (await core.search({ query: '编辑标记' })).total === 1,
      'the edit made before the watcher started',
      slowly,
    )
    // And from then on the archive is live.
    await writeFile(path.join(archive, 'e.md'), articleText({ title: '戊', body: '<p>再新</p>' }))
    await waitFor(async () => (await titles()).includes('戊'), 'a change once watching')
  })
})
