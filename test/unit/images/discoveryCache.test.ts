/**
 * The discovery cache's line format: what is written comes back, odd ids and URLs included;
 * a damaged line costs only its article; the format-1 file is migrated; and reading a large
 * cache lets the event loop run between slices.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  DISCOVERY_CACHE_NAME,
  readDiscoveryCache,
  writeDiscoveryCache,
  type CachedArticle,
} from '../../../src/main/core/images/discoveryCache'
import { makeTempDir, removeDir } from '../../support/tempDir'

let dir: string
let file: string
beforeEach(async () => {
  dir = await makeTempDir('ab-discovery-')
  file = path.join(dir, DISCOVERY_CACHE_NAME)
})
afterEach(async () => {
  await removeDir(dir)
})

function articles(n: number): Map<string, CachedArticle> {
  const map = new Map<string, CachedArticle>()
  for (let i = 0; i < n; i++) {
    map.set(`post/新媒体/源${i % 7}/文章 ${i}.md`, {
      h: `hash${i}`,
      u: Array.from(
        { length: i % 4 },
        (_, k) => `https://img${k}.example.com/${i}/${k}.jpg?w=1&h="2"`,
      ),
    })
  }
  // File names may hold anything but '/' and NUL: tabs, newlines, quotes, backslashes.
  map.set('odd/tab\tnew\nline "quoted" \\ back.md', { h: 'odd', u: ['https://x.example/a b.jpg'] })
  return map
}

describe('the discovery cache', () => {
  it('gives back what it wrote, one line per article', async () => {
    const written = articles(2500)
    await writeDiscoveryCache(file, written)
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(written.size + 1)
    const read = await readDiscoveryCache(file)
    expect(read.articles).toEqual(written)
    expect(read.current).toBe(true)
  })

  it('loses only the article of a damaged line, and nothing from a file of another format', async () => {
    await writeDiscoveryCache(file, articles(10))
    const lines = readFileSync(file, 'utf8').split('\n')
    lines[3] = (lines[3] as string).slice(0, 12) // torn in the middle
    lines[5] = '[1, 2]' // not strings
    writeFileSync(file, lines.join('\n'))
    const read = await readDiscoveryCache(file)
    expect(read.articles.size).toBe(11 - 2)
    expect(read.current).toBe(false) // written again at the next discovery
    writeFileSync(file, '{"version":1,"articles":{}}')
    expect((await readDiscoveryCache(file)).articles.size).toBe(0)
  })

  it('migrates the format-1 file once, then removes it', async () => {
    const legacy = path.join(dir, 'images.json')
    const old = { 'a.md': { h: 'h1', u: ['https://a.example/1.jpg'] }, 'b.md': { h: 'h2', u: [] } }
    writeFileSync(legacy, JSON.stringify({ version: 1, articles: old }))
    const read = await readDiscoveryCache(file)
    expect(Object.fromEntries(read.articles)).toEqual(old)
    expect(read.current).toBe(false)
    await writeDiscoveryCache(file, read.articles)
    expect(existsSync(legacy)).toBe(false)
    expect(Object.fromEntries((await readDiscoveryCache(file)).articles)).toEqual(old)
  })

  it('yields to the event loop between slices of lines, reading and writing', async () => {
    const yields = vi.spyOn(globalThis, 'setImmediate')
    await writeDiscoveryCache(file, articles(5000))
    expect(yields.mock.calls.length).toBeGreaterThanOrEqual(5)
    yields.mockClear()
    const read = (await readDiscoveryCache(file)).articles
    expect(read.size).toBe(5001)
    expect(yields.mock.calls.length).toBeGreaterThanOrEqual(5)
    yields.mockRestore()
  })
})
