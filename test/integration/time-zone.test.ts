/**
 * Days and months are the archive's time zone's (the setting, else the machine's), everywhere
 * a user names or sees one: `date:`, `before:`, `after:`, the month facets and timeline, the
 * list's month filter. An article published at 23:30 UTC on 30 June is on 1 July in Shanghai,
 * where the list shows it as 2021/07/01: `date:2021-07-01` must find it there, not in London.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveEvent } from '../../src/shared/contract/events'
import { createCore } from '../../src/main/core/createCore'
import type { Core } from '../../src/main/core/coreTypes'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

const FOLDER = 'source/_posts/新媒体/测试源/频道'
const LATE = `${FOLDER}/深夜.md` // 2021-07-01 07:30 in Shanghai
const EVENING = `${FOLDER}/傍晚.md` // 2021-06-30 20:00 in Shanghai

describe("dates in the archive's time zone", () => {
  let archive: string
  let dataDir: string
  let core: Core
  const events: ArchiveEvent[] = []

  beforeEach(async () => {
    archive = await makeTempDir('archive-browser-zone-')
    dataDir = await makeTempDir('archive-browser-zone-data-')
    await writeTree(archive, {
      [LATE]: articleText({
        title: '深夜',
        date: 'Wed, 30 Jun 2021 23:30:00 GMT',
        body: '<p>时区</p>',
      }),
      [EVENING]: articleText({
        title: '傍晚',
        date: 'Wed, 30 Jun 2021 12:00:00 GMT',
        body: '<p>时区</p>',
      }),
    })
    events.length = 0
    core = await createCore({ dataDir })
    core.subscribe((event) => events.push(event))
  })
  afterEach(async () => {
    await core.dispose()
    await removeDir(archive)
    await removeDir(dataDir)
  })

  async function openIn(timeZone: string): Promise<void> {
    await core.updateSettings({ timeZone })
    await core.openArchive({ path: archive })
    await waitFor(async () => (await core.getArchiveInfo())?.status === 'ready', 'the first scan')
    await waitFor(() => events.some((e) => e.type === 'index-progress' && e.done), 'the index')
  }
  const found = async (query: string) =>
    (await core.search({ query })).hits.map((hit) => hit.id).sort()
  const months = (list: { value: string; count: number }[]) =>
    Object.fromEntries(list.map(({ value, count }) => [value, count]))

  it('reads date:, before: and after: as days and months in Shanghai', async () => {
    await openIn('Asia/Shanghai')
    // Front ends show dates in it (whatever zone the browser is in).
    expect((await core.getArchiveInfo())?.timeZone).toBe('Asia/Shanghai')
    expect(await found('时区 date:2021-07-01')).toEqual([LATE])
    expect(await found('时区 date:2021-06-30')).toEqual([EVENING])
    expect(await found('时区 date:2021-07')).toEqual([LATE])
    expect(await found('时区 date:2021-06')).toEqual([EVENING])
    expect(await found('时区 date:2021-06-30..2021-07-01')).toEqual([EVENING, LATE].sort())
    expect(await found('时区 before:2021-07')).toEqual([EVENING])
    expect(await found('时区 after:2021-06')).toEqual([LATE])
    expect(await found('时区 after:2021-06-30')).toEqual([LATE])

    const expected = { '2021-07': 1, '2021-06': 1 }
    expect(months((await core.getFacets({})).months)).toEqual(expected)
    expect(months((await core.search({ query: '时区' })).facets.months)).toEqual(expected)
    const july = await core.listArticles({ filter: { monthFrom: '2021-07', monthTo: '2021-07' } })
    expect(july.items.map((item) => item.id)).toEqual([LATE])
    const inSearch = await core.search({ query: '时区', filter: { monthFrom: '2021-07' } })
    expect(inSearch.hits.map((hit) => hit.id)).toEqual([LATE])
  })

  it('and in UTC both are on 30 June', async () => {
    await openIn('UTC')
    expect(await found('时区 date:2021-06-30')).toEqual([EVENING, LATE].sort())
    expect(await found('时区 date:2021-07-01')).toEqual([])
    expect(months((await core.getFacets({})).months)).toEqual({ '2021-06': 2 })
  })
})
