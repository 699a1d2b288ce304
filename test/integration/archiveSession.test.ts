/**
 * The live catalog against a real folder and the real watcher: after a storm of
 * creates, edits, renames and deletes, the catalog equals a fresh scan of the
 * folder, and renames are recognised by content.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ArchiveSession, type CatalogChange } from '../../src/main/core/library/archiveSession'
import { scanArchive } from '../../src/main/core/archive/scan'
import { mulberry32 } from '../support/random'
import { articleText, makeTempDir, removeDir, writeTree } from '../support/tempDir'
import { waitFor } from '../support/waitFor'

async function truth(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  for await (const article of scanArchive(root)) found.set(article.id, article.hash)
  return found
}

function catalogOf(session: ArchiveSession): Map<string, string> {
  return new Map([...session.summaries()].map((s) => [s.id, s.hash]))
}

async function converged(session: ArchiveSession, root: string): Promise<boolean> {
  await session.settled()
  const expected = await truth(root)
  const actual = catalogOf(session)
  if (expected.size !== actual.size) return false
  for (const [id, hash] of expected) if (actual.get(id) !== hash) return false
  return true
}

describe('ArchiveSession', () => {
  let root: string
  let session: ArchiveSession | null = null
  beforeEach(async () => {
    root = await makeTempDir()
  })
  afterEach(async () => {
    await session?.close()
    session = null
    await removeDir(root)
  })

  it('lists the folder on open and reports progress with the total', async () => {
    await writeTree(
      root,
      Object.fromEntries(
        Array.from({ length: 450 }, (_, i) => [
          `c${i % 7}/a${i}.md`,
          articleText({ title: `标题${i}` }),
        ]),
      ),
    )
    const progress: Array<{ read: number; total: number; done: boolean }> = []
    const opened = await ArchiveSession.open(root, {
      watch: false,
      listener: { onProgress: (p) => progress.push(p) },
    })
    session = opened.session
    await opened.scanned
    expect(session.size).toBe(450)
    expect(session.status).toBe('ready')
    expect(progress.at(-1)).toEqual({ read: 450, total: 450, done: true })
  })

  it('converges to the folder after 1,000 random creates, edits, renames and deletes', async () => {
    const random = mulberry32(42)
    const live = new Set<string>()
    const files: Record<string, string> = {}
    for (let i = 0; i < 100; i++) {
      const id = `d${i % 5}/start${i}.md`
      files[id] = articleText({ title: `初始${i}` })
      live.add(id)
    }
    await writeTree(root, files)
    const renames: CatalogChange['renamed'] = []
    const opened = await ArchiveSession.open(root, {
      watchOptions: { debounceMs: 50, maxWaitMs: 300 },
      listener: { onChange: (c) => renames.push(...c.renamed) },
    })
    session = opened.session
    await opened.scanned
    let serial = 0
    for (let op = 0; op < 1000; op++) {
      const ids = [...live]
      const pick = () => ids[Math.floor(random() * ids.length)] as string
      const roll = random()
      if (roll < 0.35 || ids.length < 10) {
        const id = `d${Math.floor(random() * 5)}/new${serial++}.md`
        await mkdir(path.join(root, path.dirname(id)), { recursive: true })
        await writeFile(path.join(root, id), articleText({ title: `新文章${serial}` }))
        live.add(id)
      } else if (roll < 0.6) {
        await writeFile(
          path.join(root, pick()),
          articleText({ title: `改过${serial++}`, body: `<p>第${op}次修改</p>` }),
        )
      } else if (roll < 0.8) {
        const from = pick()
        const to = `d${Math.floor(random() * 5)}/moved${serial++}.md`
        await rename(path.join(root, from), path.join(root, to))
        live.delete(from)
        live.add(to)
      } else {
        const id = pick()
        await rm(path.join(root, id))
        live.delete(id)
      }
    }
    await waitFor(
      () => converged(session as ArchiveSession, root),
      'the catalog to match the folder',
    )
    expect(new Set(catalogOf(session).keys())).toEqual(live)
    expect(renames.length).toBeGreaterThan(0)
  })

  it('sees 100 atomic saves (temp file, then rename over the article) as changes, never removals', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `s/a${i}.md`)
    await writeTree(
      root,
      Object.fromEntries(ids.map((id) => [id, articleText({ title: `原文${id}` })])),
    )
    const removed: string[] = []
    const opened = await ArchiveSession.open(root, {
      watchOptions: { debounceMs: 50, maxWaitMs: 300 },
      listener: { onChange: (c) => removed.push(...c.removed) },
    })
    session = opened.session
    await opened.scanned
    for (const id of ids) {
      const target = path.join(root, id)
      const temp = path.join(path.dirname(target), `.${path.basename(target)}.tmp`)
      await writeFile(temp, articleText({ title: `保存后${id}` }))
      await rename(temp, target)
    }
    await waitFor(
      () => [...session!.summaries()].every((s) => s.title.startsWith('保存后')),
      'every save to be seen',
    )
    expect(removed).toEqual([])
    expect(session.size).toBe(100)
  })

  it('keeps a rename as one move with the same content', async () => {
    await writeTree(root, { 'a/old.md': articleText({ title: '搬家' }) })
    const changes: CatalogChange[] = []
    const opened = await ArchiveSession.open(root, {
      watchOptions: { debounceMs: 50 },
      listener: { onChange: (c) => changes.push(c) },
    })
    session = opened.session
    await opened.scanned
    await mkdir(path.join(root, 'b'))
    await rename(path.join(root, 'a/old.md'), path.join(root, 'b/new.md'))
    await waitFor(
      () => session!.get('b/new.md') !== undefined && session!.get('a/old.md') === undefined,
      'the move',
    )
    expect(changes.flatMap((c) => c.renamed)).toEqual([{ from: 'a/old.md', to: 'b/new.md' }])
  })

  it('reports the folder missing when it is deleted, and rescans when it comes back', async () => {
    await writeTree(root, {
      'x/a.md': articleText({ title: '一' }),
      'x/b.md': articleText({ title: '二' }),
    })
    const archive = path.join(root, 'x')
    const statuses: string[] = []
    const opened = await ArchiveSession.open(archive, {
      watchOptions: { debounceMs: 50, rootCheckMs: 100 },
      listener: { onStatus: (s) => statuses.push(s) },
    })
    session = opened.session
    await opened.scanned
    await rm(archive, { recursive: true })
    await waitFor(() => session!.status === 'missing', 'status missing')
    await writeTree(root, {
      'x/a.md': articleText({ title: '一' }),
      'x/c.md': articleText({ title: '三' }),
    })
    await waitFor(
      () => session!.status === 'ready' && session!.get('c.md') !== undefined,
      'the rescan',
    )
    expect(new Set(catalogOf(session).keys())).toEqual(new Set(['a.md', 'c.md']))
    expect(statuses).toContain('missing')
  })
})
