import { describe, expect, it } from 'vitest'
import { isIgnoredRelativePath, isWatchedArticle } from '../../../src/main/core/watch/articleFiles'

describe('watched article predicate', () => {
  it.each([
    'a.md',
    'A.MD',
    'x/y.Markdown',
    'p.html',
    'deep/q.HTM',
    '.md',
    'sub/.html',
    '中文/文章.md',
    // Folders named like backups are entered by the scanner too (archive/walk.ts).
    'drafts~/a.md',
    'x.tmp/y.md',
  ])('%s is an article', (id) => expect(isWatchedArticle(id)).toBe(true))

  it.each([
    'a.txt',
    'a.md.bak',
    '.foo.md.swp',
    '.x.tmp',
    '.a.md',
    'a.md.tmp',
    'a.md~',
    'b.md~',
    'x.TMP',
    '.git/a.md',
    'sub/.obsidian/n.md',
    'node_modules/pkg/readme.md',
    'a/node_modules/b.md',
    '',
    'md',
  ])('%s is not an article', (id) => expect(isWatchedArticle(id)).toBe(false))

  it('never ignores the root, ignores dot-folders themselves', () => {
    expect(isIgnoredRelativePath('')).toBe(false)
    expect(isIgnoredRelativePath('.git')).toBe(true)
    expect(isIgnoredRelativePath('posts')).toBe(false)
    expect(isIgnoredRelativePath('drafts~')).toBe(false)
  })
})
