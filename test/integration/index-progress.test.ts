/**
 * The progress bar after the archive folder goes away and comes back while the app runs: the
 * rescan's changes reach the search index later than the rescan ends, and the bar (hidden by
 * the renderer only on `done`) must still end with a `done` event whose figures are the
 * archive's: indexed ≤ total, total = articles (library/indexProgress.ts).
 */
import { rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveEvent, IndexProgressEvent } from '../../src/shared/contract/events'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

describe('createCore: indexing progress when the folder goes away and comes back', () => {
  let base: string
  let dataDir: string
  let core: Core
  const events: ArchiveEvent[] = []

  const articles = (names: string[]) =>
    Object.fromEntries(
      names.map((name) => [name, articleText({ title: name, body: `<p>${name} 的正文</p>` })]),
    )
  const progress = () => events.filter((e): e is IndexProgressEvent => e.type === 'index-progress')
  const lastProgress = () => progress().at(-1)
  const status = () => events.filter((e) => e.type === 'archive-status').at(-1)

  /** Waits for the last progress event to say done, then checks its figures and the info's. */
  async function expectDone(articleCount: number): Promise<void> {
    await waitFor(() => lastProgress()?.done === true, 'a done progress event')
    const figures = { read: articleCount, indexed: articleCount, total: articleCount }
    expect(lastProgress()).toEqual({ type: 'index-progress', ...figures, done: true })
    const info = await core.getArchiveInfo()
    expect(info?.articleCount).toBe(articleCount)
    expect(info?.progress).toEqual(figures)
    expect((await core.search({ query: '的正文' })).total).toBe(articleCount)
  }

  beforeEach(async () => {
    base = await makeTempDir('archive-browser-progress-')
    dataDir = await makeTempDir('archive-browser-data-')
    events.length = 0
    await writeTree(base, articles(['live/a.md', 'live/b.md', 'live/c.md']))
    core = await createCore({ dataDir })
    core.subscribe((event) => events.push(event))
    await core.openArchive({ path: path.join(base, 'live') })
    await expectDone(3)
  })

  afterEach(async () => {
    await core.dispose()
    await removeDir(base)
    await removeDir(dataDir)
  })

  /** Moves or deletes the folder, waits for the session to see it missing, then brings it back. */
  async function awayAndBack(away: () => Promise<void>, back: () => Promise<void>) {
    await away()
    await waitFor(
      () =>
        status()?.type === 'archive-status' &&
        (status() as { status: string }).status === 'missing',
      'the folder reported missing',
    )
    events.length = 0
    await back()
  }

  it('ends with done when the folder is renamed away, gains files, and is renamed back', async () => {
    const live = path.join(base, 'live')
    await awayAndBack(
      () => rename(live, `${live}-gone`),
      async () => {
        await writeTree(base, articles(['live-gone/new/d.md', 'live-gone/new/e.md']))
        await rename(`${live}-gone`, live)
      },
    )
    // Before: the rescan's last event said read 5, indexed 3, total 5, done false, and stayed.
    await expectDone(5)
  })

  it('ends with done and figures of the new folder when it is deleted and recreated', async () => {
    await awayAndBack(
      () => rm(path.join(base, 'live'), { recursive: true }),
      () => writeTree(base, articles(['live/x.md'])),
    )
    // Before: done at once with indexed 3 of total 1, and getArchiveInfo kept saying so.
    await expectDone(1)
    expect(progress().every((e) => !e.done || e.indexed <= e.total)).toBe(true)
  })
})
