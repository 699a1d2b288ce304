/**
 * The exactness baseline: evaluate a parsed query by scanning every document's normalised
 * fields, with no index at all. Tests and `npm run bench -- search` compare the index to it.
 * It shares only the query parser, the normaliser and the match rule with the index.
 */
import { occurs } from './match'
import { normalize } from './normalize'
import type { ParsedQuery, Term } from './queryParser'

export interface ScanDocument {
  id: string
  /** Normalised. */
  title: string
  /** Normalised. */
  text: string
  /** Normalised author, or null. */
  author: string | null
  /** Normalised category paths. */
  categories: string[][]
  /** ms since the epoch, NaN when unknown. */
  date: number
}

export function toScanDocument(article: {
  id: string
  title: string
  text: string
  author?: string | null
  categories: string[][]
  date: string | null
}): ScanDocument {
  return {
    id: article.id,
    title: normalize(article.title),
    text: normalize(article.text),
    author: article.author ? normalize(article.author) : null,
    categories: article.categories.map((path) => path.map(normalize)),
    date: article.date === null ? Number.NaN : Date.parse(article.date),
  }
}

function termMatches(term: Term, doc: ScanDocument): boolean {
  if (term.kind === 'date') {
    if (Number.isNaN(doc.date)) return false
    return (term.from === null || doc.date >= term.from) && (term.to === null || doc.date < term.to)
  }
  switch (term.field) {
    case 'title':
      return occurs(doc.title, term.text)
    case 'author':
      return doc.author !== null && occurs(doc.author, term.text)
    case 'source':
      return doc.categories.some((path) => path[1] !== undefined && occurs(path[1], term.text))
    case 'category':
      return doc.categories.some((path) => path.some((level) => occurs(level, term.text)))
    case 'any':
      return occurs(doc.title, term.text) || occurs(doc.text, term.text)
  }
}

/** Ids of the documents that match, in input order. */
export function bruteForceSearch(query: ParsedQuery, docs: Iterable<ScanDocument>): string[] {
  const out: string[] = []
  for (const doc of docs) {
    const ok = query.clauses.every((clause) => {
      const any = clause.anyOf.some((term) => termMatches(term, doc))
      return clause.negated ? !any : any
    })
    if (ok) out.push(doc.id)
  }
  return out
}
