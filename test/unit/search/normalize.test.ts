import { describe, expect, it } from 'vitest'
import {
  decodePatches,
  encodePatches,
  normalize,
  normalizeToStored,
  normalizeWithPatches,
  restoreWindow,
} from '../../../src/main/core/search/normalize'
import { textHash } from '../../../src/main/core/search/derivedText'
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

describe('normalizeToStored', () => {
  const expected = (input: string): { text: string; patches: string; hash: number } => {
    const normalized = normalizeWithPatches(input)
    return {
      text: normalized.text,
      patches: encodePatches(normalized.patches),
      hash: textHash(normalized.text),
    }
  }

  it('is normalizeWithPatches with encoded patches and the text hash, in one pass', () => {
    for (const sample of SAMPLES) expect(normalizeToStored(sample)).toEqual(expected(sample))
    // A fold that lengthens a code point many times over (ﷺ → 18 units), at the very end too.
    const long = 'ﷺ'.repeat(5000)
    expect(normalizeToStored(long)).toEqual(expected(long))
    expect(normalizeToStored('文' + long)).toEqual(expected('文' + long))
  })

  it('agrees on random texts of every kind of character', () => {
    const alphabet = [
      ...'英特爾AMDａｂ，。 \t\n𠵾ﬁ½ⅫＲＴ頭髮ﷺ\u3000\u00a0x9',
      '\ud83d\ude00',
      '\ud800',
      '\udc00',
    ]
    const random = mulberry32(7)
    for (let k = 0; k < 500; k++) {
      let text = ''
      const length = Math.floor(random() * 300)
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)]
      expect(normalizeToStored(text)).toEqual(expected(text))
    }
  })
})
