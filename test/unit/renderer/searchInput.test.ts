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
  it('reads the forms a Chinese input method types as the engine does', () => {
    expect(
      markableTerms(
        '“战略 石油” 「英特尔 芯片」 ＂苹果 华为＂ －手机 ｔｉｔｌｅ：PMI 芯片 ＯＲ 苹果',
      ),
    ).toEqual(['战略 石油', '英特尔 芯片', '苹果 华为', 'PMI', '芯片', '苹果'])
    expect(markableTerms('author：观察者网 原标题：英特尔')).toEqual(['原标题：英特尔'])
    // Not a whole phrase: text to the engine, marked as typed.
    expect(markableTerms('“英特尔”芯片 “未闭合')).toEqual(['“英特尔”芯片', '“未闭合'])
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
