/** The pure pieces of serve mode: path parsing, host checks, token comparison, image sniffing. */
import { describe, expect, it } from 'vitest'
import { hostHeaderName, isLoopbackHost, tokensEqual } from '../../src/main/serve/auth'
import { sniffImageType } from '../../src/main/serve/images'
import { parseStaticPath } from '../../src/main/serve/staticFiles'

describe('parseStaticPath', () => {
  it('decodes ordinary paths into segments', () => {
    expect(parseStaticPath('/')).toEqual({ kind: 'file', segments: [] })
    expect(parseStaticPath('/assets/app.js')).toEqual({
      kind: 'file',
      segments: ['assets', 'app.js'],
    })
    expect(parseStaticPath('/%E6%96%B0%E5%AA%92%E4%BD%93//a%20b')).toEqual({
      kind: 'file',
      segments: ['新媒体', 'a b'],
    })
  })

  it.each([
    '/../x',
    '/a/../../x',
    '/%2e%2e/x',
    '/%2E./x',
    '/a%2fb',
    '/a%5cb',
    '/a\\b',
    '/a%00',
    '/a\0',
    '/.git/config',
    '/%',
    '/%E6%96',
  ])('refuses %j', (raw) => {
    expect(parseStaticPath(raw).kind).toBe('refused')
  })
})

describe('auth helpers', () => {
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]']) {
      expect(isLoopbackHost(host), host).toBe(true)
    }
    for (const host of [
      '0.0.0.0',
      '::',
      '192.168.1.2',
      'localhost.evil.example',
      '127.0.0.1.evil.example',
      '',
    ]) {
      expect(isLoopbackHost(host), host).toBe(false)
    }
  })

  it('reads the host name from a Host header', () => {
    expect(hostHeaderName('127.0.0.1:8080')).toBe('127.0.0.1')
    expect(hostHeaderName('[::1]:80')).toBe('[::1]')
    expect(hostHeaderName('localhost')).toBe('localhost')
    expect(hostHeaderName(undefined)).toBeNull()
    expect(hostHeaderName('a:b:c')).toBeNull()
  })

  it('compares tokens of any length', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true)
    expect(tokensEqual('abc', 'abd')).toBe(false)
    expect(tokensEqual('', 'abc')).toBe(false)
    expect(tokensEqual('abcd', 'abc')).toBe(false)
  })
})

describe('sniffImageType', () => {
  it.each([
    ['ffd8ffe000104a464946', 'image/jpeg'],
    ['89504e470d0a1a0a0000', 'image/png'],
    [Buffer.from('GIF89a....').toString('hex'), 'image/gif'],
    [Buffer.from('RIFF\0\0\0\0WEBPVP8 ').toString('hex'), 'image/webp'],
    [Buffer.from('\0\0\0\x1cftypavif').toString('hex'), 'image/avif'],
    [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">').toString('hex'), 'image/svg+xml'],
    [Buffer.from('<html><script>alert(1)</script>').toString('hex'), null],
    [Buffer.from('{"not":"an image"}').toString('hex'), null],
    ['', null],
  ])('%s is %s', (hex, type) => {
    expect(sniffImageType(Buffer.from(hex, 'hex'))).toBe(type)
  })
})
