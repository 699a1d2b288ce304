import { describe, expect, it } from 'vitest'
import { inputKind } from '../../../src/renderer/src/features/search/useSettledQuery'

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
