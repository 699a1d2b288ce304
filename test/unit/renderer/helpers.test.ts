import { describe, it, expect } from 'vitest'
import { highlightParts } from '../../../src/renderer/src/components/Highlight'
import { shortcutFor } from '../../../src/renderer/src/app/shortcuts'
import {
  articleDir,
  firstSrcsetUrl,
  httpHost,
  resolveImageUrl,
} from '../../../src/renderer/src/features/reader/imageUrl'

describe('highlightParts', () => {
  it('splits the text at the marks', () => {
    expect(
      highlightParts({
        text: '关于芯片与手机的芯片',
        marks: [
          [2, 4],
          [8, 10],
        ],
      }),
    ).toEqual([
      { text: '关于', marked: false },
      { text: '芯片', marked: true },
      { text: '与手机的', marked: false },
      { text: '芯片', marked: true },
    ])
  })

  it('ignores overlapping, empty and out-of-range marks', () => {
    const parts = highlightParts({
      text: 'abcdef',
      marks: [
        [1, 3],
        [2, 4],
        [5, 5],
        [4, 99],
      ],
    })
    expect(parts.map((p) => `${p.marked ? '*' : ''}${p.text}`)).toEqual(['a', '*bc', 'def'])
  })
})

describe('resolveImageUrl (mirror of the engine normalisation)', () => {
  it('resolves protocol-relative, absolute and relative references', () => {
    expect(resolveImageUrl('//img.ithome.com/a.jpg@s_2,w_820', 'x')).toBe(
      'https://img.ithome.com/a.jpg@s_2,w_820',
    )
    expect(resolveImageUrl('https://a.example/x.png?v=1&amp;w=2', 'x')).toBe(
      'https://a.example/x.png?v=1&w=2',
    )
    expect(resolveImageUrl('images/a.png', 'guide/intro')).toBe('guide/intro/images/a.png')
    expect(resolveImageUrl('../shared/a%20b.png?x=1', 'guide/intro')).toBe('guide/shared/a b.png')
    expect(resolveImageUrl('/root.png', 'guide/intro')).toBe('root.png')
  })

  it('refuses what names nothing fetchable', () => {
    for (const raw of [
      '',
      "''",
      'data:image/png;base64,xx',
      'javascript:alert(1)',
      'file:///etc/passwd',
      '../../../etc/passwd',
      'dir/',
    ]) {
      expect(resolveImageUrl(raw, 'a/b'), raw).toBeNull()
    }
  })

  it('finds folders, srcset URLs and hosts', () => {
    expect(articleDir('a/b/c.md')).toBe('a/b')
    expect(articleDir('c.md')).toBe('')
    expect(firstSrcsetUrl(' https://x/a@s_2,w_820.jpg 1x, https://x/b.jpg 2x')).toBe(
      'https://x/a@s_2,w_820.jpg',
    )
    expect(httpHost('//v.example.org/a.mp4')).toBe('v.example.org')
    expect(httpHost('javascript:alert(1)')).toBeNull()
  })
})

describe('shortcutFor', () => {
  const key = (
    k: string,
    mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {},
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...mods,
  })

  it('maps the documented keys', () => {
    expect(shortcutFor(key('j'), false)).toBe('next')
    expect(shortcutFor(key('k'), false)).toBe('previous')
    expect(shortcutFor(key('/'), false)).toBe('focusSearch')
    expect(shortcutFor(key('Enter'), false)).toBe('open')
    expect(shortcutFor(key('f'), false)).toBe('favourite')
    expect(shortcutFor(key('m'), false)).toBe('read')
    expect(shortcutFor(key('?'), false)).toBe('shortcuts')
    expect(shortcutFor(key('p', { ctrlKey: true }), false)).toBe('export')
    expect(shortcutFor(key('P', { metaKey: true }), false)).toBe('export')
  })

  it('leaves typing alone, except Ctrl/Cmd+P', () => {
    expect(shortcutFor(key('j'), true)).toBeNull()
    expect(shortcutFor(key('/'), true)).toBeNull()
    expect(shortcutFor(key('p', { ctrlKey: true }), true)).toBe('export')
    expect(shortcutFor(key('j', { ctrlKey: true }), false)).toBeNull()
  })
})
