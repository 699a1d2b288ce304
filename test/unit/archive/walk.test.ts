import { mkdir, symlink } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { walkArticleFiles, type WalkWarning } from '../../../src/main/core/archive/walk'
import { makeTempDir, removeDir, writeTree } from '../../support/tempDir'

async function list(root: string, warnings: WalkWarning[] = []): Promise<string[]> {
  const ids: string[] = []
  for await (const id of walkArticleFiles(root, { onWarning: (w) => warnings.push(w) }))
    ids.push(id)
  return ids.sort()
}

describe('walkArticleFiles', () => {
  let root: string
  beforeEach(async () => {
    root = await makeTempDir()
  })
  afterEach(async () => {
    await removeDir(root)
  })

  it('finds article files by ending, case-insensitively, including a file named just ".md" but no hidden file', async () => {
    await writeTree(root, {
      'a.md': 'x',
      'B.MD': 'x',
      'c.markdown': 'x',
      'd.html': 'x',
      'e.HTM': 'x',
      'sub/.md': 'x',
      'sub/.hidden-draft.md': 'x',
      'sub/.a.md.tmp': 'x',
      'sub/notes.txt': 'x',
      'sub/image.png': 'x',
      'sub/trailing space .md': 'x',
      'folder ending with space /f.md': 'x',
    })
    expect(await list(root)).toEqual(
      [
        'B.MD',
        'a.md',
        'c.markdown',
        'd.html',
        'e.HTM',
        'folder ending with space /f.md',
        'sub/.md',
        'sub/trailing space .md',
      ].sort(),
    )
  })

  it('skips dot-folders and node_modules', async () => {
    await writeTree(root, {
      '.git/x.md': 'x',
      '.deploy_git/y.md': 'x',
      'node_modules/z.md': 'x',
      'ok/w.md': 'x',
    })
    expect(await list(root)).toEqual(['ok/w.md'])
  })

  it('follows a symlinked folder once and never loops', async () => {
    await writeTree(root, { 'real/a.md': 'x' })
    await symlink(path.join(root, 'real'), path.join(root, 'link'))
    await symlink(root, path.join(root, 'real', 'loop'))
    const warnings: WalkWarning[] = []
    const ids = await list(root, warnings)
    // 'real' and 'link' are the same folder: listed once, whichever comes first.
    expect(ids.length).toBe(1)
    expect(warnings.some((w) => w.code === 'SYMLINK_LOOP')).toBe(true)
  })

  it('reports a broken link and goes on', async () => {
    await writeTree(root, { 'a.md': 'x' })
    await symlink(path.join(root, 'nowhere'), path.join(root, 'broken.md'))
    const warnings: WalkWarning[] = []
    expect(await list(root, warnings)).toEqual(['a.md'])
    expect(warnings.map((w) => w.code)).toContain('SYMLINK_BROKEN')
  })

  it('reports a folder that vanishes mid-walk and lists the rest', async () => {
    await writeTree(root, { 'a/x.md': 'x', 'b/y.md': 'x', 'c/z.md': 'x' })
    const warnings: WalkWarning[] = []
    const ids: string[] = []
    for await (const id of walkArticleFiles(root, { onWarning: (w) => warnings.push(w) })) {
      if (ids.length === 0) {
        // Remove every folder not yet visited: whichever comes next has vanished.
        for (const name of ['a', 'b', 'c'])
          if (!id.startsWith(`${name}/`)) await removeDir(path.join(root, name))
      }
      ids.push(id)
    }
    expect(ids).toHaveLength(1)
    expect(warnings.filter((w) => w.code === 'FOLDER_VANISHED')).toHaveLength(2)
  })

  it('stops when the signal aborts', async () => {
    for (let i = 0; i < 20; i++) await mkdir(path.join(root, `d${i}`))
    await writeTree(
      root,
      Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`d${i}/a.md`, 'x'])),
    )
    const controller = new AbortController()
    const ids: string[] = []
    for await (const id of walkArticleFiles(root, { signal: controller.signal })) {
      ids.push(id)
      if (ids.length === 3) controller.abort()
    }
    expect(ids.length).toBeLessThan(20)
  })
})
