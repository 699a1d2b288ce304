/**
 * Texts read again from a source (the archive's files in the app) instead of a stored copy:
 * the same normalised text and patches as the copy, a changed source refused, a small cache.
 */
import { describe, expect, it } from 'vitest'
import { createDerivedTextSource, textHash } from '../../../src/main/core/search/derivedText'
import { encodePatches, normalizeWithPatches } from '../../../src/main/core/search/normalize'

function stored(raw: string): { text: string; patches: string } {
  const normalized = normalizeWithPatches(raw)
  return { text: normalized.text, patches: encodePatches(normalized.patches) }
}

function sourceOver(files: Map<number, string>, cacheBytes?: number) {
  let reads = 0
  const source = createDerivedTextSource(
    (doc) => {
      reads++
      return files.get(doc)
    },
    undefined,
    cacheBytes === undefined ? {} : { cacheBytes },
  )
  return { source, reads: () => reads }
}

describe('texts derived from their source', () => {
  const raws = ['ＡＭＤ 霄龙处理器 RTX４０９０', '英特爾的新芯片，Intel Core', '']

  it('gives back what was indexed: normalised text, patches, ranges', () => {
    const files = new Map(raws.map((raw, doc) => [doc, raw]))
    const { source } = sourceOver(files)
    raws.forEach((raw, doc) => source.put(doc, stored(raw)))
    raws.forEach((raw, doc) => {
      expect(source.get(doc)).toEqual(stored(raw))
      expect(source.getText(doc)).toBe(stored(raw).text)
    })
    expect(source.getTextRange(0, 4, 8)).toBe(stored(raws[0] as string).text.slice(4, 8))
    expect(source.getTextRange(0, -5, 2)).toBe(stored(raws[0] as string).text.slice(0, 2))
    expect(source.get(7)).toBeUndefined()
  })

  it('refuses a source that changed since it was indexed, of the same length too', () => {
    const files = new Map([[0, '性能测试']])
    const { source } = sourceOver(files)
    source.put(0, stored('性能测试'))
    files.set(0, '性能测验')
    expect(source.get(0)).toBeUndefined()
    files.set(0, '性能测试 更多')
    expect(source.getText(0)).toBeUndefined()
    expect(source.reads.stale).toBe(2)
    files.delete(0)
    expect(source.get(0)).toBeUndefined()
    files.set(0, '性能测试')
    expect(source.get(0)?.text).toBe('性能测试')
  })

  it('reads each text once while it stays in the cache, and forgets deleted ones', () => {
    const files = new Map([
      [0, 'a'.repeat(1000)],
      [1, 'b'.repeat(1000)],
      [2, 'c'.repeat(1000)],
    ])
    // Room for two texts of 2,000 bytes each (UTF-16), not three.
    const { source, reads } = sourceOver(files, 4400)
    for (const [doc, raw] of files) source.put(doc, stored(raw))
    source.get(0)
    source.get(0)
    expect(reads()).toBe(1)
    source.get(1)
    source.get(0) // 0 is now the most recent: 2 evicts 1
    source.get(2)
    expect(reads()).toBe(3)
    source.get(0)
    expect(reads()).toBe(3)
    source.get(1)
    expect(reads()).toBe(4)
    source.delete(0)
    expect(source.get(0)).toBeUndefined()
    expect(reads()).toBe(4)
  })

  it('replacing a document forgets its cached text', () => {
    const files = new Map([[0, '旧文本']])
    const { source } = sourceOver(files)
    source.put(0, stored('旧文本'))
    expect(source.getText(0)).toBe('旧文本')
    files.set(0, '新的文本')
    source.put(0, stored('新的文本'))
    expect(source.getText(0)).toBe('新的文本')
  })

  it('restores from its state: lengths and hashes, no texts', () => {
    const files = new Map(raws.map((raw, doc) => [doc, raw]))
    const { source } = sourceOver(files)
    raws.forEach((raw, doc) => source.put(doc, stored(raw)))
    source.delete(1)
    const state = source.state()
    expect(state.textUnits.length).toBe(3)
    expect(state.hashes[0]).toBe(textHash(stored(raws[0] as string).text))
    const restored = createDerivedTextSource((doc) => files.get(doc), state)
    expect(restored.get(0)).toEqual(stored(raws[0] as string))
    expect(restored.get(1)).toBeUndefined()
    expect(restored.get(2)).toEqual(stored(''))
  })
})
