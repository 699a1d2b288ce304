import type { IndexableArticle } from '../../../src/main/core/search/searchIndex'
import type { GeneratedArticle } from './article'

/** A generated article as the search index takes it (its one category path becomes a list of paths). */
export function toIndexable(a: GeneratedArticle): IndexableArticle {
  return {
    id: a.id,
    title: a.title,
    date: a.date,
    categories: [a.categories],
    author: a.author,
    text: a.text,
  }
}
