/**
 * Each listed row's thumbnail key is computed once per summary (a changed file is a new summary
 * object): serving a page again hashes nothing, yet keeps its local thumbnails registered.
 */
import { describe, expect, it, vi } from 'vitest'
import { imageKey } from '../../../src/main/core/images/imageKey'
import { LocalImages, localImageKey } from '../../../src/main/core/images/localImages'
import { ThumbnailKeys } from '../../../src/main/core/library/thumbnailKeys'
import { testSummary } from '../../support/summary'

const hashed = vi.hoisted(() => ({ count: 0 }))
vi.mock('../../../src/main/core/images/imageKey', async (original) => {
  const real = await original<{ imageKey: (url: string) => string }>()
  return {
    imageKey: (url: string) => {
      hashed.count++
      return real.imageKey(url)
    },
  }
})

describe('ThumbnailKeys', () => {
  it('keys each summary once, and again when the summary is replaced', () => {
    const keys = new ThumbnailKeys(new LocalImages())
    const remote = testSummary('a.md', { thumbnail: 'https://img.example.com/a.jpg' })
    const local = testSummary('b.md', { thumbnail: null, headimg: 'posts/b.png' })
    const none = testSummary('c.md', { thumbnail: null, headimg: null })
    const remoteKey = imageKey('https://img.example.com/a.jpg')
    const localKey = localImageKey('/archive', 'posts/b.png')
    hashed.count = 0
    for (let pass = 0; pass < 3; pass++) {
      expect(keys.keyOf('/archive', remote)).toBe(remoteKey)
      expect(keys.keyOf('/archive', local)).toBe(localKey)
      expect(keys.keyOf('/archive', none)).toBeNull()
    }
    expect(hashed.count).toBe(2)
    // An edited file is a new summary object: keyed afresh.
    const edited = { ...remote, thumbnail: 'https://img.example.com/a2.jpg' }
    const editedKey = keys.keyOf('/archive', edited)
    expect(hashed.count).toBe(3)
    expect(editedKey).toBe(imageKey('https://img.example.com/a2.jpg'))
  })

  it('registers a local thumbnail again each time its row is served', () => {
    const images = new LocalImages({ listed: 1 })
    const keys = new ThumbnailKeys(images)
    const first = testSummary('a.md', { thumbnail: 'posts/a.png' })
    const second = testSummary('b.md', { thumbnail: 'posts/b.png' })
    const key = keys.keyOf('/archive', first)!
    expect(images.has(key)).toBe(true)
    keys.keyOf('/archive', second)
    expect(images.has(key)).toBe(false)
    expect(keys.keyOf('/archive', first)).toBe(key)
    expect(images.has(key)).toBe(true)
  })

  it('keys nothing local that could leave the archive', () => {
    const keys = new ThumbnailKeys(new LocalImages())
    expect(keys.keyOf('/archive', testSummary('a.md', { thumbnail: '../x.png' }))).toBeNull()
  })
})
