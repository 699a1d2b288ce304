import { describe, expect, it } from 'vitest'
import { PostingArena } from '../../../src/main/core/search/postingArena'
import { mulberry32 } from './querySampler'

describe('PostingArena', () => {
  it('gives back every list exactly, across block boundaries and arena growth', () => {
    const random = mulberry32(11)
    const arena = new PostingArena(2, 64)
    const truth = new Map<number, [number, number, number][]>()
    let doc = 0
    for (let d = 0; d < 3000; d++) {
      doc += 1 + Math.floor(random() * 300) // large gaps need multi-byte varints
      for (let k = 0; k < 40; k++) {
        if (random() < 0.2) continue
        const key = (0x4e00 + k * 997) << 16 // negative and positive int32 keys
        const entry: [number, number, number] = [doc, d & 255, k]
        arena.append(key, doc, [entry[1], entry[2]])
        const list = truth.get(key) ?? []
        list.push(entry)
        truth.set(key, list)
      }
    }
    expect(arena.keyCount).toBe(truth.size)
    for (const [key, list] of truth) {
      const decoded = arena.decode(key)
      expect(arena.documentFrequency(key)).toBe(list.length)
      expect(Array.from(decoded.docs)).toEqual(list.map((e) => e[0]))
      expect(Array.from(decoded.extras)).toEqual(list.flatMap((e) => [e[1], e[2]]))
    }
    expect(arena.decode(12345).docs.length).toBe(0)
  })

  it('keeps variable-length payloads and gives each list back as one stream', () => {
    const arena = new PostingArena(0, 64)
    const expected: number[] = []
    let doc = 0
    let lastDoc = -1 // the first delta of a list is relative to -1
    for (let i = 0; i < 500; i++) {
      doc += 1 + (i % 200)
      const payload = Uint8Array.from({ length: 1 + (i % 9) }, (_, k) => (i + k) & 0x7f)
      arena.appendPayload(42, doc, payload, payload.length)
      let delta = doc - lastDoc
      lastDoc = doc
      while (delta >= 0x80) {
        expected.push((delta & 0x7f) | 0x80)
        delta >>>= 7
      }
      expected.push(delta, ...payload)
    }
    const list = arena.listBytes(42)
    expect(list?.count).toBe(500)
    expect(Array.from(list?.bytes ?? [])).toEqual(expected)
    expect(arena.listBytes(7)).toBeNull()
  })

  it('refuses documents out of order', () => {
    const arena = new PostingArena(0)
    arena.append(1, 5, [])
    expect(() => arena.append(1, 5, [])).toThrow(/after doc 5/)
  })
})
