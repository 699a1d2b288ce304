/**
 * THE METHOD TABLE: the runtime list of ArchiveApi's methods. Every transport is generated from
 * it (IPC handlers, the preload bridge, HTTP routes, the client), so no transport lists methods
 * by hand. `satisfies Record<MethodName, MethodSpec>` makes a method missing here, or a stale
 * one, a compile error.
 */
import type { MethodName } from './api'
import { IMAGE_KEY_PATTERN, MAX_ID_PAGE, MAX_QUERY_LENGTH, MAX_ROW_PAGE } from './api'
import { SETTING_KEYS } from '../types/settings'
import {
  arrayOf,
  bool,
  both,
  int,
  keysOf,
  month,
  noArg,
  obj,
  oneOf,
  opt,
  str,
  type Check,
} from './validate'

export interface MethodSpec {
  /** Checks the argument's shape before the engine sees it. */
  validate: Check
  /**
   * Changes state (app data, caches, files outside the archive). Informational for adapters,
   * e.g. a read-only serve mode may refuse these. No method ever writes the archive's files.
   */
  mutates: boolean
}

const id = str({ min: 1, max: 4096 })
const imageKey: Check = (value, field) =>
  typeof value === 'string' && IMAGE_KEY_PATTERN.test(value)
    ? null
    : `\`${field}\` must be an image key (64 lowercase hex characters)`

const filter = obj({
  categoryPath: opt(arrayOf(str({ max: 1000 }), { max: 32 })),
  source: opt(str({ max: 1000 })),
  author: opt(str({ max: 1000 })),
  tag: opt(str({ max: 1000 })),
  monthFrom: opt(month),
  monthTo: opt(month),
  marks: opt(oneOf('read', 'unread', 'favourite')),
})

const read = (validate: Check): MethodSpec => ({ validate, mutates: false })
const write = (validate: Check): MethodSpec => ({ validate, mutates: true })

export const METHODS = {
  getAppInfo: read(noArg),
  openArchive: write(obj({ path: str({ min: 1, max: 4096 }) })),
  closeArchive: write(noArg),
  getArchiveInfo: read(noArg),
  listArticles: read(
    both(
      obj({
        offset: opt(int({ min: 0 })),
        limit: opt(int({ min: 1, max: MAX_ID_PAGE })),
        sort: opt(oneOf('date', 'title', 'source')),
        order: opt(oneOf('asc', 'desc')),
        filter: opt(filter),
        idsOnly: opt(bool),
      }),
      // Rows are built and sent per item: a page of them stays small. Ids are cheap: select
      // all takes an archive's ids in one call instead of one per thousand.
      (value, field) => {
        const { limit, idsOnly } = value as { limit?: number; idsOnly?: boolean }
        return idsOnly !== true && limit !== undefined && limit > MAX_ROW_PAGE
          ? `${field}.limit must be at most ${MAX_ROW_PAGE} (${MAX_ID_PAGE} with idsOnly)`
          : null
      },
    ),
  ),
  getFacets: read(obj({ filter: opt(filter) })),
  getArticle: read(obj({ id, reread: opt(bool) })),
  getHealth: read(noArg),
  search: read(
    obj({
      query: str({ max: MAX_QUERY_LENGTH }),
      offset: opt(int({ min: 0 })),
      limit: opt(int({ min: 1, max: 500 })),
      sort: opt(oneOf('relevance', 'date')),
      filter: opt(filter),
    }),
  ),
  setMark: write(obj({ id, read: opt(bool), favourite: opt(bool) })),
  getSettings: read(noArg),
  // Known keys only; each value's range is the settings store's to check.
  updateSettings: write(keysOf(SETTING_KEYS)),
  getRecentArchives: read(noArg),
  getImageCacheStatus: read(noArg),
  cacheAllImages: write(noArg),
  cancelImageCaching: write(noArg),
  retryFailedImages: write(noArg),
  getImageCacheReport: read(
    obj({
      failuresOffset: opt(int({ min: 0 })),
      failuresLimit: opt(int({ min: 1, max: 1000 })),
    }),
  ),
  getImageStates: read(obj({ keys: arrayOf(imageKey, { max: 2000 }) })),
  retryImage: write(obj({ key: imageKey })),
  // Exactly one of ids and query: the engine says so when both or neither are given.
  exportPdf: write(
    obj({
      ids: opt(arrayOf(id, { max: 100_000 })),
      query: opt(str({ min: 1, max: MAX_QUERY_LENGTH })),
      destination: str({ min: 1, max: 4096 }),
      perArticle: opt(bool),
      paper: opt(oneOf('A4', 'Letter')),
      marginsMm: opt(
        obj({
          top: int({ min: 0, max: 60 }),
          right: int({ min: 0, max: 60 }),
          bottom: int({ min: 0, max: 60 }),
          left: int({ min: 0, max: 60 }),
        }),
      ),
      includeImages: opt(bool),
      includeCover: opt(bool),
      includeToc: opt(bool),
      title: opt(str({ max: 1000 })),
      overwrite: opt(bool),
      jobId: opt(str({ min: 1, max: 200 })),
    }),
  ),
  cancelExport: write(obj({ jobId: str({ min: 1, max: 200 }) })),
} as const satisfies Record<MethodName, MethodSpec>

/** Every method name, in table order. */
export const METHOD_NAMES = Object.keys(METHODS) as MethodName[]

/** True for an own key of the table (never `constructor`, `__proto__` or other inherited names). */
export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(METHODS, value)
}
