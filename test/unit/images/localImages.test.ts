/**
 * LocalImages registers list thumbnails from the catalog, which may come from a snapshot on disk:
 * only plain archive-relative image paths get a key, so no key can name a file outside. Keys of
 * read articles and of listed thumbnails are bounded apart: listing never evicts a read key.
 */
import { describe, expect, it } from 'vitest'
import { IMAGE_KEY_PATTERN } from '../../../src/shared/contract/api'
import { LocalImages, listedImageKey } from '../../../src/main/core/images/localImages'

describe('LocalImages.registerListed', () => {
  it('keys a plain archive-relative image path', () => {
    const images = new LocalImages()
    const key = images.registerListed('/archive', 'posts/images/a.png')
    expect(key).toBe(images.register('/archive', 'posts/images/a.png'))
    expect(images.has(key!)).toBe(true)
  })

  it('registers nothing for a path that could leave the archive or is not an image', () => {
    const images = new LocalImages()
    for (const relPath of [
      '../outside.png',
      'posts/../../outside.png',
      '/etc/secret.png',
      'posts//a.png',
      './a.png',
      'posts\\..\\..\\a.png',
      'C:/a.png',
      'a\0.png',
      'posts/notes.md',
      'posts/',
      '',
    ])
      expect(images.registerListed('/archive', relPath), relPath).toBeNull()
  })

  it('answers a missing file as failed, not cached', async () => {
    const images = new LocalImages()
    const key = images.register('/no/such/archive', 'a.png')
    expect(await images.states([key])).toEqual([{ key, status: 'failed', reason: 'missing' }])
  })

  it('never evicts the keys of a read article for listed ones, and bounds each set', () => {
    const images = new LocalImages({ read: 4, listed: 3 })
    const read = ['a.png', 'b.png', 'c.png'].map((relPath) => images.register('/archive', relPath))
    const listed: string[] = []
    for (let i = 0; i < 50; i++) listed.push(images.registerListed('/archive', `t/${i}.png`)!)
    for (const key of read) expect(images.has(key)).toBe(true)
    // The newest listed keys resolve, the oldest were forgotten.
    expect(listed.slice(-3).every((key) => images.has(key))).toBe(true)
    expect(listed.slice(0, -3).some((key) => images.has(key))).toBe(false)
    // Reading more evicts the oldest read keys only.
    images.register('/archive', 'd.png')
    images.register('/archive', 'e.png')
    expect(images.has(read[0]!)).toBe(false)
    expect(images.has(read[1]!)).toBe(true)
    expect(listed.slice(-3).every((key) => images.has(key))).toBe(true)
  })

  it('keys a listed path without registering it until kept', () => {
    const images = new LocalImages()
    const key = listedImageKey('/archive', 'posts/a.png')
    expect(key).toMatch(IMAGE_KEY_PATTERN)
    expect(images.has(key!)).toBe(false)
    images.keepListed(key!, '/archive', 'posts/a.png')
    expect(images.has(key!)).toBe(true)
    expect(images.registerListed('/archive', 'posts/a.png')).toBe(key)
  })
})
