import { describe, expect, it } from 'vitest'
import {
  decodePatches,
  encodePatches,
  normalize,
  normalizeWithPatches,
  restoreWindow,
} from '../../../src/main/core/search/normalize'
import { mulberry32 } from './querySampler'

const SAMPLES = [
  'Intel英特爾ＡＭＤ，性能ﬁne\tOK 𠵾㗲x',
  '頭髮與後天：著作權，ＲＴＸ　４０９０',
  'plain ascii only',
  '',
  '㈱ ½ Ⅻ ﬃ — “quotes” ＠ＡＢＣ',
]

describe('normalize', () => {
  it('folds width, case and Traditional characters', () => {
    expect(normalize('ＡＭＤ')).toBe('amd')
    expect(normalize('RTX 4090')).toBe('rtx 4090')
    expect(normalize('英特爾')).toBe('英特尔')
    expect(normalize('英特尔')).toBe('英特尔')
    expect(normalize('頭髮')).toBe('头发')
    expect(normalize('a\tb\nc')).toBe('a b c')
  })

  it('is a per-character mapping: norm(a + b) = norm(a) + norm(b)', () => {
    const random = mulberry32(3)
    const alphabet = [...SAMPLES.join('')]
    for (let round = 0; round < 300; round++) {
      const pick = (): string =>
        Array.from(
          { length: Math.floor(random() * 8) },
          () => alphabet[Math.floor(random() * alphabet.length)],
        ).join('')
      const a = pick()
      const b = pick()
      expect(normalize(a + b)).toBe(normalize(a) + normalize(b))
    }
  })

  it('gives the same text with and without patches, and the patches restore the original', () => {
    for (const sample of SAMPLES) {
      const result = normalizeWithPatches(sample)
      expect(result.text).toBe(normalize(sample))
      expect(restoreWindow(result.text, result.patches, 0, result.text.length).text).toBe(sample)
      expect(decodePatches(encodePatches(result.patches))).toEqual(result.patches)
    }
  })

  it('maps positions of a window back to the original when lengths change', () => {
    const original = 'xﬁy英特爾z'
    const { text, patches } = normalizeWithPatches(original)
    expect(text).toBe('xfiy英特尔z')
    const window = restoreWindow(text, patches, 1, text.length)
    expect(window.text).toBe('ﬁy英特爾z')
    // "i" (normalised 2) starts inside the ligature: the mark starts at the ligature.
    expect(window.starts[2 - 1]).toBe(0)
    // "fi" ends at normalised 3, which is just after the ligature.
    expect(window.ends[3 - 1]).toBe(1)
    // 英特尔 (normalised 4..7) maps to 英特爾 in the window (2..5).
    expect(window.text.slice(window.starts[4 - 1], window.ends[7 - 1])).toBe('英特爾')
  })
})
