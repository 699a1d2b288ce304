/** Pure parts of the image cache: URL normalization, magic bytes, host rules, eviction order. */
import { describe, expect, it } from 'vitest'
import { normalizeImageUrlForKey } from '../../../src/shared/imageUrlKey'
import { imageKey } from '../../../src/main/core/images/imageKey'
import { imageTypeOf, rasterType } from '../../../src/main/core/images/imageType'
import { findHostRule, hostPolicy } from '../../../src/main/core/images/hostRules'
import { chooseEvictions, HeldKeys } from '../../../src/main/core/images/eviction'
import { parseRetryAfter } from '../../../src/main/core/images/fetchImage'
import type { ManifestEntry } from '../../../src/main/core/images/manifest'

const bytes = (...values: (number | string)[]): Uint8Array =>
  Uint8Array.from(
    values.flatMap((v) => (typeof v === 'number' ? [v] : [...v].map((c) => c.charCodeAt(0)))),
  )

describe('normalizeImageUrlForKey', () => {
  it('lowercases scheme and host, drops default ports, empty paths and fragments', () => {
    expect(normalizeImageUrlForKey('HTTPS://IMG.ithome.COM:443/a/B.jpg#x')).toBe(
      'https://img.ithome.com/a/B.jpg',
    )
    expect(normalizeImageUrlForKey('http://Example.com:80')).toBe('http://example.com/')
    expect(normalizeImageUrlForKey('http://example.com?x=1')).toBe('http://example.com/?x=1')
    expect(normalizeImageUrlForKey('http://example.com:8080/a')).toBe('http://example.com:8080/a')
  })

  it('keeps path, query and CDN suffixes byte for byte', () => {
    const url = 'https://i.guancha.cn/news/2021/06/28/x.jpg!cmspl?w=1&H=2'
    expect(normalizeImageUrlForKey(url)).toBe(url)
    const oss = 'https://img.36krcdn.com/a.png@s_2,w_820,h_952'
    expect(normalizeImageUrlForKey(oss)).toBe(oss)
  })

  it('leaves archive-local keys alone, and gives one key per normalized URL', () => {
    expect(normalizeImageUrlForKey('archive-local:/a\0b.png')).toBe('archive-local:/a\0b.png')
    expect(imageKey('HTTPS://IMG.example.com/a.jpg#top')).toBe(
      imageKey('https://img.example.com/a.jpg'),
    )
    expect(imageKey('https://img.example.com/a.jpg')).not.toBe(
      imageKey('https://img.example.com/A.jpg'),
    )
    expect(imageKey('https://x.example/a.jpg')).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('image types by magic bytes', () => {
  it('recognizes JPEG, PNG, GIF, WebP and AVIF', () => {
    expect(rasterType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0))).toBe('image/jpeg')
    expect(rasterType(bytes(0x89, 'PNG\r\n\x1a\n', 0, 0))).toBe('image/png')
    expect(rasterType(bytes('GIF89a', 1, 0))).toBe('image/gif')
    expect(rasterType(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBe('image/webp')
    expect(rasterType(bytes(0, 0, 0, 0x1c, 'ftypavif', 0, 0, 0, 0))).toBe('image/avif')
    expect(rasterType(bytes(0, 0, 0, 0x1c, 'ftypmp42', 0, 0, 0, 0))).toBeNull()
  })

  it('takes SVG only when declared as image/svg+xml, and never HTML', () => {
    const svg = bytes('<?xml version="1.0"?>\n<!-- c --><svg xmlns="x">')
    expect(imageTypeOf(svg, 'image/svg+xml; charset=utf-8')).toBe('image/svg+xml')
    expect(imageTypeOf(svg, 'text/xml')).toBeNull()
    expect(imageTypeOf(bytes('<html><body>403</body></html>'), 'image/jpeg')).toBeNull()
    expect(imageTypeOf(bytes('<html><svg>'), 'image/svg+xml')).toBeNull()
  })
})

describe('host rules', () => {
  const rules = [
    { host: '*.ithome.com', referer: 'https://www.ithome.com/' },
    { host: 'img.ithome.com', userAgent: 'UA/2' },
    { host: 'cdn.example.com:8080', action: 'block' as const },
  ]
  it('prefers exact rules, matches subdomains by wildcard and ports only when given', () => {
    expect(findHostRule(rules, 'img.ithome.com')?.userAgent).toBe('UA/2')
    expect(findHostRule(rules, 'a.b.ithome.com')?.referer).toBe('https://www.ithome.com/')
    expect(findHostRule(rules, 'ithome.com')?.referer).toBe('https://www.ithome.com/')
    expect(findHostRule(rules, 'notithome.com')).toBeUndefined()
    expect(hostPolicy(rules, 'cdn.example.com:8080').blocked).toBe(true)
    expect(hostPolicy(rules, 'cdn.example.com').blocked).toBe(false)
    expect(hostPolicy([], 'x.com').referer).toBeUndefined()
  })
})

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000)
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000)
    expect(parseRetryAfter('soon')).toBeUndefined()
  })
})

describe('eviction order', () => {
  const entry = (key: string, bytes: number, access: number, status = 'ok'): ManifestEntry => ({
    key,
    url: `https://x/${key}`,
    status,
    bytes,
    attempts: 1,
    lastTry: access,
    access,
  })
  it('evicts least recently read first, down to 90 % of the cap, skipping pinned and failed', () => {
    const entries = [
      entry('a', 100, 5),
      entry('b', 100, 1),
      entry('c', 100, 3),
      entry('d', 100, 2),
      entry('e', 0, 0, 'http-404'),
    ]
    const chosen = chooseEvictions(entries, 400, 300, (key) => key === 'b')
    expect(chosen.map((e) => e.key)).toEqual(['d', 'c'])
    expect(chooseEvictions(entries, 300, 300, () => false)).toEqual([])
  })
})

describe('held keys (images a reader asked for lately)', () => {
  it('holds keys for the hold time from their last hold, then lets them go', () => {
    let now = 1000
    const held = new HeldKeys(100, () => now)
    held.hold(['a', 'b'])
    now = 1050
    held.hold(['b'])
    expect([held.has('a'), held.has('b'), held.has('c')]).toEqual([true, true, false])
    now = 1100
    expect([held.has('a'), held.has('b')]).toEqual([false, true])
    now = 1149
    held.hold(['c'])
    expect([held.has('a'), held.has('b'), held.has('c')]).toEqual([false, true, true])
    now = 1150
    expect(held.has('b')).toBe(false)
  })

  it('keeps held images over the cap, and evicts them like any other once let go', () => {
    const entries = [
      {
        key: 'fav',
        url: 'https://x/fav',
        status: 'ok',
        bytes: 3000,
        attempts: 1,
        lastTry: 1,
        access: 1,
      },
      {
        key: 'new',
        url: 'https://x/new',
        status: 'ok',
        bytes: 3000,
        attempts: 1,
        lastTry: 2,
        access: 2,
      },
    ]
    const pinned = (key: string) => key === 'fav'
    expect(chooseEvictions(entries, 6000, 3000, (key) => pinned(key) || key === 'new')).toEqual([])
    expect(chooseEvictions(entries, 6000, 3000, pinned).map((e) => e.key)).toEqual(['new'])
  })
})
