/**
 * LocalImages registers list thumbnails from the catalog, which may come from a snapshot on disk:
 * only plain archive-relative image paths get a key, so no key can name a file outside. Keys of
 * read articles and of listed thumbnails are bounded apart: listing never evicts a read key.
 */
import { realpath, rm, symlink } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { IMAGE_KEY_PATTERN } from '../../../src/shared/contract/api'
import { LocalImages, listedImageKey } from '../../../src/main/core/images/localImages'
import { makeTempDir, removeDir, writeTree } from '../../support/tempDir'

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

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

describe('LocalImages.describe', () => {
  it('says whether each image of a read article can be shown, and why not', async () => {
    const outside = await makeTempDir('archive-browser-outside-')
    const archive = await makeTempDir('archive-browser-local-')
    try {
      const root = await realpath(archive)
      await writeTree(outside, { 'secret.png': PNG })
      await writeTree(root, { 'posts/pic.png': PNG, 'posts/x': 'text', 'posts/..a.png': PNG })
      await symlink(path.join(outside, 'secret.png'), path.join(root, 'posts/link-out.png'))
      await symlink('/etc/passwd', path.join(root, 'posts/pw.png'))
      await symlink('pic.png', path.join(root, 'posts/link-in.png'))
      const images = new LocalImages()
      const describe = async (relPath: string) => {
        const { key, ...state } = await images.describe(root, relPath)
        expect(images.has(key), relPath).toBe(true)
        return state
      }
      expect(await describe('posts/pic.png')).toEqual({ status: 'cached' })
      expect(await describe('posts/link-in.png')).toEqual({ status: 'cached' })
      // A name that starts with two dots is still inside.
      expect(await describe('posts/..a.png')).toEqual({ status: 'cached' })
      expect(await describe('posts/missing-local.png')).toEqual({
        status: 'failed',
        reason: 'missing',
      })
      // '/etc/hostname' in a body is the archive's etc/hostname, which is not there.
      expect(await describe('etc/hostname')).toEqual({ status: 'failed', reason: 'missing' })
      expect(await describe('posts')).toEqual({ status: 'failed', reason: 'missing' })
      expect(await describe('posts/x')).toEqual({ status: 'failed', reason: 'not-image-file' })
      for (const link of ['posts/link-out.png', 'posts/pw.png']) {
        expect(await describe(link), link).toEqual({ status: 'failed', reason: 'outside' })
        expect(await images.file(images.register(root, link)), link).toBeNull()
      }
      // The list's states say the same.
      const keys = ['posts/pic.png', 'posts/pw.png'].map((relPath) =>
        images.register(root, relPath),
      )
      expect(await images.states(keys)).toEqual([
        { key: keys[0], status: 'cached' },
        { key: keys[1], status: 'failed', reason: 'outside' },
      ])
    } finally {
      await removeDir(archive)
      await removeDir(outside)
    }
  })

  it('finds an image added after the article was first read, and one removed since', async () => {
    const archive = await makeTempDir('archive-browser-local-')
    try {
      const root = await realpath(archive)
      const images = new LocalImages()
      expect((await images.describe(root, 'late.png')).status).toBe('failed')
      await writeTree(root, { 'late.png': PNG })
      expect(await images.describe(root, 'late.png')).toMatchObject({ status: 'cached' })
      await rm(path.join(root, 'late.png'))
      expect(await images.describe(root, 'late.png')).toMatchObject({
        status: 'failed',
        reason: 'missing',
      })
    } finally {
      await removeDir(archive)
    }
  })
})
