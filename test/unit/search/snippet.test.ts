import { describe, expect, it } from 'vitest'
import {
  encodePatches,
  isWordUnit,
  normalize,
  normalizeWithPatches,
} from '../../../src/main/core/search/normalize'
import {
  buildSnippet,
  closestDistance,
  occurrencesOf,
  titleMarks,
  WORD_SLACK,
  wordEdges,
} from '../../../src/main/core/search/snippet'
import { referenceSnippet } from '../../support/referenceSnippet'
import { mulberry32 } from '../../support/random'

const stored = (original: string): { text: string; patches: string } => {
  const n = normalizeWithPatches(original)
  return { text: n.text, patches: encodePatches(n.patches) }
}
const marked = (s: { text: string; marks: [number, number][] }): string[] =>
  s.marks.map(([a, b]) => s.text.slice(a, b))

describe('buildSnippet', () => {
  it('marks CJK matches in the original text, Traditional characters included', () => {
    const snippet = buildSnippet(stored('今天英特爾發布了新的處理器，英特尔股价上涨。'), [
      normalize('英特尔'),
    ])
    expect(snippet.text).toBe('今天英特爾發布了新的處理器，英特尔股价上涨。')
    expect(marked(snippet)).toEqual(['英特爾', '英特尔'])
  })

  it('marks ASCII word prefixes case-insensitively, full-width forms included', () => {
    const snippet = buildSnippet(stored('AMD and amdgpu, not lambda. ＡＭＤ霄龙'), ['amd'])
    expect(marked(snippet)).toEqual(['AMD', 'amd', 'ＡＭＤ'])
  })

  it('cuts about 120 characters around the densest cluster, with ellipses', () => {
    const filler = '的'.repeat(300)
    const text = `${filler}甲乙${'的'.repeat(10)}丙丁${filler}`
    const snippet = buildSnippet(stored(text), ['甲乙', '丙丁'])
    expect(snippet.text.startsWith('…')).toBe(true)
    expect(snippet.text.endsWith('…')).toBe(true)
    expect(snippet.text.length).toBeLessThanOrEqual(122)
    expect(marked(snippet)).toEqual(['甲乙', '丙丁'])
  })

  it('prefers the window holding the most different terms', () => {
    const text = `甲乙 ${'x '.repeat(100)} 甲乙 ${'y'.repeat(5)} 丙丁 ${'z '.repeat(100)}`
    const snippet = buildSnippet(stored(text), ['甲乙', '丙丁'])
    expect(marked(snippet)).toEqual(['甲乙', '丙丁'])
  })

  it('collapses whitespace and keeps the marks on the words', () => {
    const snippet = buildSnippet(stored('  第一行\n\n  RTX\t4090 显卡  '), ['rtx', '4090'])
    expect(snippet.text).toBe('第一行 RTX 4090 显卡')
    expect(marked(snippet)).toEqual(['RTX', '4090'])
  })

  it('shows the start of the text without marks when the body has no match', () => {
    const snippet = buildSnippet(stored('正文开始。'.repeat(40)), ['标题里的词'])
    expect(snippet.marks).toEqual([])
    expect(snippet.text.startsWith('正文开始。')).toBe(true)
  })
})

describe('snippet edges at word boundaries', () => {
  // The window starts a quarter of its length (30) before its first match and is 120 long:
  // these texts put an edge inside an English word.
  const CONTEXT = 30

  it('extends the start to the start of the word it cuts ("…inux内核" → "…Linux内核")', () => {
    const lead = '的'.repeat(40) + 'Linux'
    // The match comes CONTEXT after the `i` of Linux (a space before it): the window starts there.
    const filler = '内'.repeat(lead.length - 4 + CONTEXT - (lead.length + 1))
    const text = `${lead}${filler} in kernel ${'的'.repeat(200)}`
    const snippet = buildSnippet(stored(text), ['in'])
    expect(snippet.text.startsWith('…Linux内')).toBe(true)
    expect(marked(snippet)).toEqual(['in'])
  })

  it('extends the end to the end of the word it cuts, keeping its mark ("insi…" → "inside…")', () => {
    const head = `${'的'.repeat(100)} in `
    const first = head.length - 3
    // The window ends at first + 90, two letters before the end of "inside".
    const filler = '的'.repeat(first + 90 - 4 - head.length - ' <script> '.length)
    const text = `${head}${filler} <script> inside ${'的'.repeat(200)}`
    const snippet = buildSnippet(stored(text), ['in'])
    expect(snippet.text.endsWith('<script> inside…')).toBe(true)
    expect(marked(snippet)).toEqual(['in', 'in'])
  })

  it('shrinks an edge to the nearer word boundary ("…e -e" → "…-e")', () => {
    const lead = `${'的'.repeat(40)}git cat-file -e <git_blob_sha1> `
    // The window would start at the last letter of "file".
    const at = lead.indexOf('e -e')
    const text = `${lead}${'的'.repeat(at + CONTEXT - lead.length)}提交 ${'的'.repeat(200)}`
    const snippet = buildSnippet(stored(text), ['提交'])
    expect(snippet.text.startsWith('…-e <git_blob_sha1>')).toBe(true)
    expect(marked(snippet)).toEqual(['提交'])
  })

  it('moves an edge at most WORD_SLACK units, never past a match, and cuts CJK anywhere', () => {
    const hash = 'a'.repeat(40)
    // Inside a 40-letter run, both ends are more than the slack away: the edge stays.
    expect(wordEdges(`x ${hash} y`, 20, 30, 30, 20)).toEqual([20, 30])
    // "rtx4090" is one run: letters turning into digits are no boundary here.
    expect(wordEdges('see rtx4090 now', 6, 15, 15, 6)).toEqual([4, 15])
    // Shrinking the start would drop the match at 4 (inside "ab|cde"): it extends instead.
    expect(wordEdges('x abcde y', 4, 9, 4, 7)).toEqual([2, 9])
    // The end would shrink past a match ending at 12 in "rtx4090" and cannot extend 11 units.
    expect(wordEdges('the rtx4090abcdefghijkl', 0, 12, 4, 12)).toEqual([0, 12])
    expect(wordEdges('英特尔处理器', 2, 4, 4, 2)).toEqual([2, 4])
  })

  it('leaves every edge out of words within the slack, on random texts', () => {
    const random = mulberry32(7)
    const PIECES = [
      'Linux',
      'in',
      'x',
      'RTX4090',
      '的',
      '内核',
      ' ',
      '-',
      '😀',
      'é',
      'abcdefghijklmnop',
    ]
    for (let round = 0; round < 2_000; round++) {
      let text = ''
      while (text.length < 60) text += PIECES[Math.floor(random() * PIECES.length)] as string
      const start = 1 + Math.floor(random() * 20)
      const end = start + 10 + Math.floor(random() * 25)
      const first = start + Math.floor(random() * (end - start))
      const last = first + Math.floor(random() * (end - first))
      const [s, e] = wordEdges(text, start, end, first, last)
      const why = `${JSON.stringify(text)} ${start} ${end} ${first} ${last} → ${s} ${e}`
      expect(Math.abs(s - start), why).toBeLessThanOrEqual(WORD_SLACK)
      expect(Math.abs(e - end), why).toBeLessThanOrEqual(WORD_SLACK)
      expect(s <= first && e >= last && s < e, why).toBe(true)
      const inWord = (at: number): boolean =>
        at > 0 &&
        at < text.length &&
        isWordUnit(text.charCodeAt(at - 1)) &&
        isWordUnit(text.charCodeAt(at))
      // Still inside a word only where the run is too long to leave within the slack.
      if (inWord(s)) expect(s, why).toBe(start)
      if (inWord(e)) expect(e, why).toBe(end)
      // An edge moves only out of a word, to a boundary (so never into a surrogate pair).
      if (s !== start) expect([inWord(start), inWord(s)], why).toEqual([true, false])
      if (e !== end) expect([inWord(end), inWord(e)], why).toEqual([true, false])
    }
  })
})

describe('titleMarks', () => {
  const marks = (title: string, ...queries: string[]): string[] =>
    titleMarks(title, queries.map(normalize)).map(([s, e]) => title.slice(s, e))

  it('marks ASCII terms at word starts only, never inside a word', () => {
    const title = "Facebook正持续研究BOLT'ing以提高Linux内核性能"
    // `in` starts the word `ing` (after the apostrophe), not one inside `Linux`.
    expect(titleMarks(title, ['in'])).toEqual([[title.indexOf('ing'), title.indexOf('ing') + 2]])
    expect(marks('AMD amdgpu lambda', 'md')).toEqual([])
    expect(marks('RTX4090 显卡', '4090')).toEqual(['4090'])
  })

  it('marks whatever case and width matched, as the original has it', () => {
    expect(marks('Intel inside INTEL', 'intel')).toEqual(['Intel', 'INTEL'])
    expect(marks('ＡＭＤ锐龙与AMD', 'amd')).toEqual(['ＡＭＤ', 'AMD'])
  })

  it('marks Traditional characters for a Simplified term and the reverse', () => {
    expect(marks('英特爾旗下的英特尔', '英特尔')).toEqual(['英特爾', '英特尔'])
    expect(marks('英特尔处理器', '英特爾')).toEqual(['英特尔'])
  })

  it('gives offsets into the original title across astral characters and length changes', () => {
    // 嗰 is one unit that folds to the astral 𠮶 (two units): AMD is at 3 in the normalised
    // title but at 2 in the original.
    expect(titleMarks('嗰度AMD', ['amd'])).toEqual([[2, 5]])
    expect(titleMarks('嗰度AMD', [normalize('嗰')])).toEqual([[0, 1]])
    expect(titleMarks('😀AMD和𠮷野家', ['amd', '𠮷'])).toEqual([
      [2, 5],
      [6, 8],
    ])
    // Half a surrogate pair (a query may carry one) still marks the whole character.
    expect(titleMarks('𠮷野家', ['\ud842'])).toEqual([[0, 2]])
  })

  it('merges overlapping terms and marks nothing without a match or terms', () => {
    expect(marks('处理器评测', '处理', '理器')).toEqual(['处理器'])
    expect(marks('手机', '处理器')).toEqual([])
    expect(titleMarks('手机', [])).toEqual([])
  })
})

describe('closestDistance', () => {
  it('measures the gap between occurrences of different terms', () => {
    const text = normalize('甲乙xxxx丙丁xx甲乙')
    expect(closestDistance(occurrencesOf(text, ['甲乙', '丙丁']))).toBe(2)
    expect(closestDistance(occurrencesOf(text, ['甲乙']))).toBeNull()
  })
})

describe('buildSnippet against the plain reference', () => {
  // Pieces with patches (Traditional, upper case, full width, ligature-like forms) and
  // whitespace of every kind, so windows cut through patches and runs of spaces.
  const PIECES = [
    '英特爾',
    '英特尔',
    '處理器',
    '处理器',
    '的',
    '了',
    '成为',
    '成為',
    'AMD',
    'amd',
    'Ａｍｄ',
    'RTX 4090',
    'rtx',
    ' ',
    '  ',
    '\n',
    '\t',
    '\u3000',
    '，',
    '。',
    'Samsung',
    '😀',
    'ﬁ',
    'x',
  ]

  it('equals the reference on 3,000 random texts and term sets', () => {
    const random = mulberry32(42)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
    for (let round = 0; round < 3_000; round++) {
      const size = random() < 0.5 ? 5 + Math.floor(random() * 20) : 100 + Math.floor(random() * 400)
      let original = ''
      for (let i = 0; i < size; i++) original += pick(PIECES)
      const entry = stored(original)
      const terms: string[] = []
      const wanted = 1 + Math.floor(random() * 3)
      for (let t = 0; t < wanted; t++) {
        // A piece of the normalised text (a real match) or a piece that may be absent.
        if (random() < 0.7 && entry.text.length > 4) {
          const at = Math.floor(random() * (entry.text.length - 3))
          const term = entry.text.slice(at, at + 1 + Math.floor(random() * 3)).trim()
          if (term) terms.push(term)
        } else terms.push(normalize(pick(PIECES)).trim() || 'x')
      }
      const length = pick([120, 40, 10])
      expect(
        buildSnippet(entry, terms, length),
        `${JSON.stringify(original)} ${JSON.stringify(terms)}`,
      ).toEqual(referenceSnippet(entry, terms, length))
    }
  })
})
