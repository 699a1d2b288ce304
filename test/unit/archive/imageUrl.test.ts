import { describe, expect, it } from 'vitest'
import { normalizeImageUrl, srcsetUrls } from '../../../src/main/core/archive/parse/imageUrl'
import { parseFixture, parseText } from './quirkFixtures'

describe('normalizeImageUrl', () => {
  it('keeps http(s) URLs with their query strings and CDN suffixes', () => {
    for (const url of [
      'https://i.example.cn/a.jpg!cmspl',
      'https://img.example.com/b.jpg@s_2,w_820,h_952',
      'https://cdn.example.com/c.png?x-oss-process=style/thumb',
      'https://cors.example.dev/?http://img.example.com/e-picture',
      'http://plain.example.com/x.jpg',
    ]) {
      expect(normalizeImageUrl(url, 'a/b')).toEqual({ url, local: false })
    }
  })

  it('makes protocol-relative URLs https, trims and decodes &amp;', () => {
    expect(normalizeImageUrl('  //upload.example.io/g.jpg ', '')).toEqual({
      url: 'https://upload.example.io/g.jpg',
      local: false,
    })
    expect(normalizeImageUrl('https://x.example/a?b=1&amp;c=2', '')).toEqual({
      url: 'https://x.example/a?b=1&c=2',
      local: false,
    })
  })

  it('drops empty values, quote pairs, data:, javascript: and other schemes', () => {
    for (const raw of [
      '',
      '   ',
      "''",
      '""',
      'data:image/png;base64,AAAA',
      'JavaScript:alert(1)',
      'file:///etc/passwd',
      'blob:https://x/1',
    ]) {
      expect(normalizeImageUrl(raw, 'a')).toBeNull()
    }
  })

  it('resolves relative paths inside the archive and refuses paths that leave it', () => {
    expect(normalizeImageUrl('images/a.png', 'posts/2021')).toEqual({
      url: 'posts/2021/images/a.png',
      local: true,
    })
    expect(normalizeImageUrl('./a.png?v=2#x', 'posts')).toEqual({ url: 'posts/a.png', local: true })
    expect(normalizeImageUrl('../shared/b.png', 'posts/2021')).toEqual({
      url: 'posts/shared/b.png',
      local: true,
    })
    expect(normalizeImageUrl('/img/root.png', 'posts/2021')).toEqual({
      url: 'img/root.png',
      local: true,
    })
    expect(normalizeImageUrl('img\\win.png', 'p')).toEqual({ url: 'p/img/win.png', local: true })
    expect(normalizeImageUrl('my%20photo.png', '')).toEqual({ url: 'my photo.png', local: true })
    expect(normalizeImageUrl('../../x.png', 'posts')).toBeNull()
    expect(normalizeImageUrl('/../x.png', 'posts')).toBeNull()
    expect(normalizeImageUrl('..', '')).toBeNull()
  })
})

describe('srcsetUrls', () => {
  it('splits candidates without breaking URLs that contain commas', () => {
    expect(
      srcsetUrls('https://a.example/x.jpg@s_2,w_820,h_952 1x, https://a.example/y.jpg 2x'),
    ).toEqual(['https://a.example/x.jpg@s_2,w_820,h_952', 'https://a.example/y.jpg'])
    expect(srcsetUrls('https://p.example/d.JPG?w=1000 1x,https://p.example/d.JPG 2x')).toEqual([
      'https://p.example/d.JPG?w=1000',
      'https://p.example/d.JPG',
    ])
    expect(srcsetUrls('a.png,b.png')).toEqual(['a.png,b.png'])
    expect(srcsetUrls('a.png, b.png')).toEqual(['a.png', 'b.png'])
    expect(srcsetUrls('single.png')).toEqual(['single.png'])
    expect(srcsetUrls('  ')).toEqual([])
  })
})

describe('article images', () => {
  it('lists header image first, then body images in order, deduplicated, without unusable URLs', () => {
    const article = parseFixture('image-urls.md')
    expect(article.headimg).toBe('https://i.example.cn/news/2021/06/28/a.jpg!cmspl')
    expect(article.images.map((image) => [image.source, image.url])).toEqual([
      ['headimg', 'https://i.example.cn/news/2021/06/28/a.jpg!cmspl'],
      ['img', 'https://img.example.com/2021/11/b.jpg@s_2,w_820,h_952'],
      ['srcset', 'https://img.example.com/2021/11/b.jpg'],
      ['img', 'https://cdn.example.com/c.png?x-oss-process=style/thumb&v=2'],
      ['img', 'https://p2.example.tw/d.JPG?v=1652267790380'],
      ['srcset', 'https://p2.example.tw/d.JPG?w=1000'],
      ['srcset', 'https://p2.example.tw/d.JPG'],
      ['img', 'https://cors.example.dev/?http://img.example.com/e-picture'],
      ['lazy', 'http://zk.example.com/f_1024.jpg'],
      ['lazy', 'https://upload.example.io/g.jpg'],
      ['lazy', 'https://lazy.example.com/h.webp'],
    ])
    expect(article.imageCount).toBe(11)
  })

  it('has no header image when headimg is missing or thumbnail empty', () => {
    const article = parseFixture('empty-thumbnail.md')
    expect(article.headimg).toBeNull()
    expect(article.thumbnail).toBeNull()
    expect(article.imageCount).toBe(0)
  })

  it('normalizes front-matter images like body images', () => {
    const parsed = parseText(
      '---\nheadimg: //cdn.example.com/h.jpg\nthumbnail: covers/t.png\n---\n<p>x</p>',
      'posts/a.md',
    )
    expect(parsed.headimg).toBe('https://cdn.example.com/h.jpg')
    expect(parsed.thumbnail).toBe('posts/covers/t.png')
    expect(parsed.images).toEqual([
      { url: 'https://cdn.example.com/h.jpg', source: 'headimg' },
      { url: 'posts/covers/t.png', source: 'thumbnail', local: true },
    ])
  })
})
