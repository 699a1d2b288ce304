/**
 * Seeded sampler of realistic queries by class, taken from the articles themselves (so most
 * have matches) — shared by the exactness tests and `npm run bench -- search`.
 */
import { mulberry32 } from '../../support/random'
import { isCjkUnit, isWordUnit } from '../../../src/main/core/search/normalize'

export type QueryClass =
  | 'cjk2'
  | 'cjk3'
  | 'cjk4'
  | 'cjk6-8'
  | 'ascii'
  | 'mixed'
  | 'two-terms'
  | 'phrase'
  | 'or'
  | 'exclude'
  | 'fields'

export const QUERY_CLASSES: QueryClass[] = [
  'cjk2',
  'cjk3',
  'cjk4',
  'cjk6-8',
  'ascii',
  'mixed',
  'two-terms',
  'phrase',
  'or',
  'exclude',
  'fields',
]

export interface SampleArticle {
  title: string
  text: string
  date: string | null
  categories: string[][]
  author?: string | null
}

export { mulberry32 }

export class QuerySampler {
  private readonly random: () => number
  constructor(
    private readonly articles: readonly SampleArticle[],
    seed = 7,
  ) {
    this.random = mulberry32(seed)
  }

  private int(n: number): number {
    return Math.floor(this.random() * n)
  }

  private article(): SampleArticle {
    return this.articles[this.int(this.articles.length)] as SampleArticle
  }

  /** L consecutive CJK units of some article's text (or title). */
  cjk(length: number, from: 'text' | 'title' = 'text', only?: SampleArticle): string | null {
    for (let attempt = 0; attempt < 200; attempt++) {
      const a = only ?? this.article()
      const s = from === 'text' ? a.text : a.title
      if (s.length < length) continue
      const start = this.int(s.length - length + 1)
      let ok = true
      for (let i = start; i < start + length; i++) if (!isCjkUnit(s.charCodeAt(i))) ok = false
      if (!ok) continue
      const code = s.charCodeAt(start)
      if (code >= 0xdc00 && code <= 0xdfff) continue
      const last = s.charCodeAt(start + length - 1)
      if (last >= 0xd800 && last <= 0xdbff) continue
      return s.slice(start, start + length)
    }
    return null
  }

  /** A word (or its prefix, ≥ 2 letters) from some article. */
  word(withCjkAfter = false): string | null {
    for (let attempt = 0; attempt < 200; attempt++) {
      const s = this.article().text
      const at = this.int(s.length)
      if (!isWordUnit(s.charCodeAt(at)) || (at > 0 && isWordUnit(s.charCodeAt(at - 1)))) continue
      let end = at
      while (end < s.length && isWordUnit(s.charCodeAt(end))) end++
      if (end - at < 2) continue
      if (withCjkAfter) {
        if (!isCjkUnit(s.charCodeAt(end)) || !isCjkUnit(s.charCodeAt(end + 1))) continue
        return s.slice(at, end + 2)
      }
      return s.slice(at, at + 2 + this.int(end - at - 1))
    }
    return null
  }

  /** A stretch of 4–6 characters that includes punctuation or spaces, as a quoted phrase. */
  phrase(): string | null {
    for (let attempt = 0; attempt < 200; attempt++) {
      const s = this.article().text
      const at = this.int(Math.max(1, s.length - 6))
      const piece = s.slice(at, at + 4 + this.int(3))
      if (piece.includes('"') || /^\s|\s$/u.test(piece) || /[\uD800-\uDFFF]/u.test(piece)) continue
      if (/[\p{P}\s]/u.test(piece) && /[\p{L}\p{N}]/u.test(piece)) return `"${piece}"`
    }
    return null
  }

  query(kind: QueryClass): string | null {
    const a = this.article()
    switch (kind) {
      case 'cjk2':
        return this.cjk(2)
      case 'cjk3':
        return this.cjk(3)
      case 'cjk4':
        return this.cjk(4)
      case 'cjk6-8':
        return this.cjk(6 + this.int(3))
      case 'ascii':
        return this.word()
      case 'mixed':
        return this.word(true)
      case 'two-terms':
        // From one article, so that most pairs co-occur somewhere.
        return join(this.cjk(2, 'text', a), this.cjk(3, 'text', a))
      case 'phrase':
        return this.phrase()
      case 'or':
        return join(this.cjk(3), 'OR', this.cjk(3))
      case 'exclude': {
        const b = this.cjk(2)
        return b === null ? null : join(this.cjk(2), `-${b}`)
      }
      case 'fields': {
        const choice = this.int(4)
        const path = a.categories[0] ?? []
        if (choice === 0) {
          const inTitle = this.cjk(2, 'title')
          return inTitle === null ? null : `title:${inTitle}`
        }
        if (choice === 1 && path[1]) return join(`source:${quote(path[1])}`, this.cjk(2, 'text', a))
        if (choice === 2 && a.date)
          return join(`date:${a.date.slice(0, 7)}`, this.cjk(2, 'text', a))
        if (path[0]) {
          return join(`category:${quote(path[path.length - 1] ?? path[0])}`, this.cjk(3, 'text', a))
        }
        return this.cjk(2)
      }
    }
  }
}

const quote = (value: string): string =>
  /[\s"]/u.test(value) ? `"${value.replace(/"/g, '')}"` : value

function join(...parts: (string | null | undefined)[]): string | null {
  if (parts.some((p) => p === null || p === undefined || p === '')) return null
  return parts.join(' ')
}
