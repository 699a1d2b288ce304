import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { prefetchFiles } from '../../../src/main/core/search/prefetch'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function folder(files: Record<string, number>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-prefetch-'))
  dirs.push(dir)
  for (const [name, size] of Object.entries(files))
    fs.writeFileSync(path.join(dir, name), Buffer.alloc(size, 7))
  return dir
}

describe('index read-ahead', () => {
  it('reads every byte of the files, passing over one that is gone', async () => {
    const dir = folder({ 'a.seg': 3_000_000, 'text.bin': 10 })
    const files = [path.join(dir, 'a.seg'), path.join(dir, 'gone.seg'), path.join(dir, 'text.bin')]
    expect(await prefetchFiles(files, new AbortController().signal)).toBe(3_000_010)
  })

  it('stops when told to', async () => {
    const dir = folder({ 'a.seg': 8_000_000 })
    const stop = new AbortController()
    const reading = prefetchFiles([path.join(dir, 'a.seg')], stop.signal)
    stop.abort()
    expect(await reading).toBeLessThan(8_000_000)
  })
})
