/** One row of the article list, from a list page or a search hit. */
import type {
  ArticleFilter,
  ArticleListItem,
  ListSort,
  SearchHit,
  SearchSort,
  Snippet,
  SortOrder,
} from '../../../../shared/contract/api'
import type { DateSource } from '../../../../shared/types/article'

export interface Row {
  id: string
  title: string
  source: string | null
  date: string | null
  dateSource: DateSource
  author: string | null
  read: boolean
  favourite: boolean
  /** The image key of the thumbnail, from the engine (ArticleListItem.thumbnailKey). */
  thumbnailKey: string | null
  link: string | null
  snippet: Snippet | null
  /**
   * Search hits: the title with the engine's marks (SearchHit.titleMarks). Never found here
   * by searching the title: only the engine knows what it matched (word prefixes, case, full
   * width, Traditional ⇄ Simplified).
   */
  titleMarks: Snippet | null
}

export type RowQuery =
  | { kind: 'list'; sort: ListSort; order: SortOrder; filter: ArticleFilter }
  | { kind: 'search'; query: string; sort: SearchSort; filter: ArticleFilter }

export function rowFromItem(item: ArticleListItem): Row {
  return {
    id: item.id,
    title: item.title,
    source: item.source,
    date: item.date,
    dateSource: item.dateSource,
    author: item.author,
    read: item.read,
    favourite: item.favourite,
    thumbnailKey: item.thumbnailKey,
    link: item.link,
    snippet: null,
    titleMarks: null,
  }
}

export function rowFromHit(hit: SearchHit): Row {
  return {
    id: hit.id,
    title: hit.title,
    source: hit.source,
    date: hit.date,
    dateSource: hit.dateSource,
    author: null,
    read: hit.read,
    favourite: hit.favourite,
    thumbnailKey: null,
    link: null,
    snippet: hit.snippet,
    titleMarks: hit.titleMarks.length > 0 ? { text: hit.title, marks: hit.titleMarks } : null,
  }
}
