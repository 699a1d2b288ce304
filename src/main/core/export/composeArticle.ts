/**
 * One article made ready to print: read again (the export prints the file as it is now, and
 * never marks it read), its images staged into the export's folder, its body sanitized.
 *
 * A file can be deleted or moved while a long export runs (archivers rewrite and delete posts
 * all the time). The library then either no longer lists it (ARTICLE_NOT_FOUND), or still lists
 * it because the watcher has not caught up, and reading it gives an empty article with
 * FILE_VANISHED: headed by its file name, with no date and no body. That empty article was
 * printed as if it were the article. Both now read as "gone" (null), and a move the library
 * already knows is followed to the file's new place.
 */
import type { ArticleView } from '../../../shared/contract/api'
import { ApiError } from '../../../shared/errors'
import { escapeAttr, escapeText, sanitizeForPrint } from './sanitizeForPrint'
import type { PrintArticle } from './printDocument'
import type { PrintImages } from './printImages'

export const LABELS = {
  imageMissing: '图片未缓存 · image not cached',
  externalVideo: (host: string) => `外部视频 · external video: ${host}`,
}

const articleDir = (id: string): string => {
  const slash = id.lastIndexOf('/')
  return slash < 0 ? '' : id.slice(0, slash)
}

/** The article as it is now, or null when its file is gone. */
export async function readIfPresent(
  read: (id: string) => Promise<ArticleView>,
  id: string,
): Promise<ArticleView | null> {
  let view: ArticleView
  try {
    view = await read(id)
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'ARTICLE_NOT_FOUND') throw error
    const movedTo = error.detail?.reason === 'renamed' ? error.detail.values.id : undefined
    return typeof movedTo === 'string' && movedTo !== id ? readIfPresent(read, movedTo) : null
  }
  return view.issues.some((issue) => issue.code === 'FILE_VANISHED') ? null : view
}

/** `view` as a print document's article; `index` is its place in the whole export. */
export async function composeArticle(
  view: ArticleView,
  index: number,
  images: PrintImages | null,
): Promise<PrintArticle> {
  const urls = images ? await images.stage(view.images) : new Map<string, string>()
  const body = sanitizeForPrint(view.bodyHtml, {
    articleDir: articleDir(view.id),
    resolveImage: images ? (url) => urls.get(url) ?? null : null,
    labels: LABELS,
  })
  let headerHtml = ''
  if (images && view.headimg && !body.imageUrls.includes(view.headimg)) {
    const src = urls.get(view.headimg)
    headerHtml = src
      ? `<img src="${escapeAttr(src)}" alt="">`
      : `<span class="img-missing" role="img" aria-label="${escapeAttr(LABELS.imageMissing)}">${escapeText(LABELS.imageMissing)}</span>`
  }
  return {
    index,
    // Never empty: an empty h1 gets no bookmark, which would shift every later bookmark.
    title: view.title.trim() || view.id,
    source: view.source,
    author: view.author,
    date: view.date,
    dateSource: view.dateSource,
    headerHtml,
    bodyHtml: body.html,
  }
}
