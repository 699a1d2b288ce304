import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFileTextStore, type StoredText } from '../../../src/main/core/search/textStore'
import { makeTempDir } from '../../support/tempDir'
import { mulberry32 } from './querySampler'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** Text over common and rare CJK, ASCII, astral characters and a lone surrogate. */
function randomText(random: () => number, length: number): string {
  const pieces = [
    '的',
    '是',
    '在',
    '处理器',
    '性能',
    'AMD ',
    'rtx4090',
    '，',
    '。',
    '𠀀',
    '\ud800',
    '龘',
    ' ',
  ]
  let text = ''
  while (text.length < length) {
    const r = random()
    text +=
      r < 0.7
        ? (pieces[Math.floor(random() * pieces.length)] as string)
        : String.fromCharCode(0x4e00 + Math.floor(random() * 20000))
  }
  return text
}

describe('file text store', () => {
  it('gives back every document, from its write buffer and from the file, and after a reopen', async () => {
    const dir = await makeTempDir('text-store-')
    dirs.push(dir)
    const file = path.join(dir, 'text.bin')
    const random = mulberry32(3)
    const store = createFileTextStore(file)
    const truth: StoredText[] = []
    // ~3 MB per 500 documents: several flushes of the 4 MB write buffer over the test.
    for (let doc = 0; doc < 1500; doc++) {
      const entry = { text: randomText(random, 3000), patches: doc % 3 === 0 ? '12龘3.2ﬁ' : '' }
      truth.push(entry)
      store.put(doc, entry)
      const probe = Math.floor(random() * (doc + 1))
      expect(store.get(probe)).toEqual(truth[probe])
    }
    store.delete(7)
    for (let doc = 0; doc < truth.length; doc++) {
      expect(store.getText(doc)).toBe(doc === 7 ? undefined : truth[doc]?.text)
    }
    const state = store.state()
    expect(state.end).toBe(truth.reduce((n, e) => n + (e.text.length + e.patches.length) * 2, 0))
    store.close()
    const reopened = createFileTextStore(file, state)
    reopened.put(1500, { text: '新的文章', patches: '' })
    expect(reopened.get(1499)).toEqual(truth[1499])
    expect(reopened.getText(1500)).toBe('新的文章')
    expect(reopened.get(7)).toBeUndefined()
    reopened.close()
  })

  it('read-only: reads the file, keeps new texts in memory, never writes; closes twice harmlessly', async () => {
    const dir = await makeTempDir('text-store-')
    dirs.push(dir)
    const file = path.join(dir, 'text.bin')
    const store = createFileTextStore(file)
    store.put(0, { text: '英特尔', patches: '' })
    store.put(1, { text: '处理器', patches: 'p' })
    const state = store.state()
    store.close()
    store.close() // a failed open closes the index, its caller again: no EBADF
    const bytes = fs.readFileSync(file)
    const mtime = fs.statSync(file).mtimeMs

    const readOnly = createFileTextStore(file, state, { readOnly: true })
    readOnly.put(2, { text: '新的文章', patches: 'q' })
    readOnly.delete(0)
    expect(readOnly.getText(0)).toBeUndefined()
    expect(readOnly.get(1)).toEqual({ text: '处理器', patches: 'p' })
    expect(readOnly.get(2)).toEqual({ text: '新的文章', patches: 'q' })
    expect(readOnly.getTextRange(2, 1, 3)).toBe('的文')
    expect(() => readOnly.state()).toThrow(/read-only/)
    readOnly.close()
    readOnly.close()
    expect(fs.readFileSync(file)).toEqual(bytes)
    expect(fs.statSync(file).mtimeMs).toBe(mtime)
  })
})
