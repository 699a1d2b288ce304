/**
 * The image key of each list row's thumbnail (`thumbnail`, else `headimg`), computed once per
 * summary: normalizing and hashing it on every serve of every page was about a sixth of serving
 * a 1,000-row page. A summary is replaced in the catalog when its file changes, so a WeakMap
 * keyed by the summary object is keyed by its content version and forgets summaries that left
 * the catalog. Only rows actually listed are keyed (select all lists ids only): at most one
 * 64-character key per article, ~15 MB if every row of a 100k archive was scrolled past.
 */
import type { ArticleSummary } from '../../../shared/types/article'
import { imageKey } from '../images/imageKey'
import { listedImageKey, type LocalImages } from '../images/localImages'

/** The parser makes every image URL either http(s) or an archive-relative path. */
const REMOTE_URL = /^https?:\/\//i

interface Thumbnail {
  key: string | null
  /** The archive-relative path of a thumbnail stored inside the archive, else null. */
  local: string | null
}

const NONE: Thumbnail = { key: null, local: null }

export class ThumbnailKeys {
  private keys = new WeakMap<ArticleSummary, Thumbnail>()

  constructor(private readonly localImages: LocalImages) {}

  /**
   * The key `summary`'s row shows its thumbnail by. One inside the archive is (re)registered as
   * listed now: the list shows it without the article being read.
   */
  keyOf(root: string, summary: ArticleSummary): string | null {
    let thumbnail = this.keys.get(summary)
    if (!thumbnail) {
      thumbnail = thumbnailOf(root, summary)
      this.keys.set(summary, thumbnail)
    }
    if (thumbnail.local !== null && thumbnail.key !== null)
      this.localImages.keepListed(thumbnail.key, root, thumbnail.local)
    return thumbnail.key
  }

  /** The archive closed: keys of another root must not be served from its summaries. */
  clear(): void {
    this.keys = new WeakMap()
  }
}

function thumbnailOf(root: string, summary: ArticleSummary): Thumbnail {
  const url = summary.thumbnail ?? summary.headimg
  if (!url) return NONE
  if (REMOTE_URL.test(url)) return { key: imageKey(url), local: null }
  const key = listedImageKey(root, url)
  return key ? { key, local: url } : NONE
}
