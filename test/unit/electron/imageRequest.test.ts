import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImageFile } from '../../../src/main/core/coreTypes'
import {
  handleImageRequest,
  imageKeyFromUrl,
  isPathInside,
} from '../../../src/main/electron/imageRequest'
import { makeTempDir, removeDir } from '../../support/tempDir'

const KEY = '0123456789abcdef'.repeat(4)
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

describe('image URLs', () => {
  it('accepts app-img://cache/<64 hex> only', () => {
    expect(imageKeyFromUrl(`app-img://cache/${KEY}`)).toBe(KEY)
    expect(imageKeyFromUrl(`app-img://CACHE/${KEY}?v=1#x`)).toBe(KEY)
    expect(imageKeyFromUrl(`app-img://cache/${KEY.toUpperCase()}`)).toBeNull()
    expect(imageKeyFromUrl(`app-img://cache/${KEY}0`)).toBeNull()
    expect(imageKeyFromUrl(`app-img://cache/${KEY}/x`)).toBeNull()
    expect(imageKeyFromUrl(`app-img://other/${KEY}`)).toBeNull()
    expect(imageKeyFromUrl(`app-img://cache/..%2f..%2fetc%2fpasswd`)).toBeNull()
    expect(imageKeyFromUrl(`https://cache/${KEY}`)).toBeNull()
    expect(imageKeyFromUrl('nonsense')).toBeNull()
  })
})

describe('isPathInside', () => {
  const root = path.resolve('/data/app')
  it.each([
    [path.join(root, 'images', 'ab.png'), true],
    [path.join(root, 'images', '..', 'x.png'), true],
    [root, false],
    [path.join(root, '..', 'app-other', 'x.png'), false],
    [path.join(root, '..', '..', 'etc', 'passwd'), false],
    [path.resolve('/etc/passwd'), false],
    [`${root}-evil/x.png`, false],
  ])('%s → %s', (file, expected) => {
    expect(isPathInside(file, root)).toBe(expected)
  })
})

describe('handleImageRequest', () => {
  let root: string
  let outside: string
  const files = new Map<string, ImageFile>()
  const lookup = async (key: string) => files.get(key) ?? null

  beforeAll(async () => {
    root = await makeTempDir('archive-browser-img-')
    outside = await makeTempDir('archive-browser-outside-')
    await mkdir(path.join(root, 'images'), { recursive: true })
    await writeFile(path.join(root, 'images', 'ok.png'), PNG)
    await writeFile(path.join(outside, 'secret.png'), PNG)
    await writeFile(path.join(root, 'images', 'page.html'), '<script>1</script>')
    files.set(KEY, { path: path.join(root, 'images', 'ok.png'), contentType: 'image/png' })
    files.set('1'.repeat(64), { path: path.join(outside, 'secret.png'), contentType: 'image/png' })
    files.set('2'.repeat(64), {
      path: path.join(root, 'images', 'page.html'),
      contentType: 'text/html',
    })
    files.set('3'.repeat(64), {
      path: path.join(root, 'images', 'gone.png'),
      contentType: 'image/png',
    })
  })
  afterAll(async () => {
    await removeDir(root)
    await removeDir(outside)
  })

  it('serves a cached image with its type and a locked-down CSP', async () => {
    const response = await handleImageRequest(`app-img://cache/${KEY}`, lookup, root)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(response.headers.get('content-security-policy')).toContain('sandbox')
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG)
  })

  it.each([
    ['a file outside the cache folder', '1'.repeat(64)],
    ['a file that is not an image', '2'.repeat(64)],
    ['a file that vanished', '3'.repeat(64)],
    ['a key the engine does not know', '4'.repeat(64)],
    ['a malformed key', 'zz'],
  ])('answers 404 for %s', async (_what, key) => {
    const response = await handleImageRequest(`app-img://cache/${key}`, lookup, root)
    expect(response.status).toBe(404)
  })

  it('serves a file from any allowed root (cache and open archive), and only from those', async () => {
    const outsideKey = '1'.repeat(64)
    expect(
      (await handleImageRequest(`app-img://cache/${outsideKey}`, lookup, [root, outside])).status,
    ).toBe(200)
    expect((await handleImageRequest(`app-img://cache/${outsideKey}`, lookup, [root])).status).toBe(
      404,
    )
  })

  it('answers 404 when the engine fails', async () => {
    const failing = async () => {
      throw new Error('boom')
    }
    expect((await handleImageRequest(`app-img://cache/${KEY}`, failing, root)).status).toBe(404)
  })
})
