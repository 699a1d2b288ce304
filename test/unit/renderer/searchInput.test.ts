import { describe, expect, it } from 'vitest'
import { markTerms, markableTerms } from '../../../src/renderer/src/features/search/queryTerms'
import { inputKind } from '../../../src/renderer/src/features/search/useSettledQuery'

describe('markableTerms', () => {
  it('keeps plain, quoted and title: words; drops excluded words, OR and other fields', () => {
    expect(markableTerms('芯片 "战略 石油" -手机 苹果 OR 华为 title:PMI author:观察者网')).toEqual([
      '芯片',
      '战略 石油',
      '苹果',
      '华为',
      'PMI',
    ])
  })
  it('is empty for a query of filters only', () => {
    expect(markableTerms('date:2021-06 source:cnBeta')).toEqual([])
  })
})

describe('markTerms', () => {
  it('marks every occurrence, case-insensitive, longest term first, never overlapping', () => {
    const marked = markTerms('Apple 芯片与苹果芯片组 apple', ['apple', '芯片', '芯片组'])
    expect(marked.marks.map(([s, e]) => marked.text.slice(s, e))).toEqual([
      'Apple',
      '芯片',
      '芯片组',
      'apple',
    ])
  })
  it('marks nothing when no word occurs', () => {
    expect(markTerms('标题', ['芯片']).marks).toEqual([])
  })
})

describe('inputKind', () => {
  it('reads one typed character or a deletion as a key', () => {
    expect(inputKind('芯', '芯a', 'insertText')).toBe('key')
    expect(inputKind('芯片', '芯', 'deleteContentBackward')).toBe('key')
  })
  it('reads a word inserted at once (input method commit, paste) as a commit', () => {
    expect(inputKind('', '芯片', 'insertText')).toBe('commit')
    expect(inputKind('a', 'ab', 'insertFromPaste')).toBe('commit')
  })
})
