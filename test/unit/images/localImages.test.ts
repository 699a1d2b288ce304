/**
 * LocalImages registers list thumbnails from the catalog, which may come from a snapshot on disk:
 * only plain archive-relative image paths get a key, so no key can name a file outside.
 */
import { describe, expect, it } from 'vitest'
import { LocalImages } from '../../../src/main/core/images/localImages'

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
})
