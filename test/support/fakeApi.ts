/**
 * An in-memory ArchiveApi for transport tests and UI work without an engine. It behaves like the
 * contract says (filters, sorting, paging, marks, settings, error codes, events) on generated
 * articles, and records every call. It never touches the disk.
 */
import type {
  ArchiveApi,
  MethodArg,
  MethodName,
  ArchiveHealth,
  ArchiveInfo,
  ArticleFilter,
  ArticleListItem,
  ArticlePage,
  ArticleView,
  CategoryNode,
  ExportRequest,
  ExportResult,
  FacetCount,
  Facets,
  ImageCacheStatus,
  ListArticlesRequest,
  SearchRequest,
  SearchResponse,
  SetMarkRequest,
} from '../../src/shared/contract/api'
import type { ArchiveEvent, EventListener } from '../../src/shared/contract/events'
import { ApiError } from '../../src/shared/errors'
import { imageKey } from '../../src/main/core/images/imageKey'
import type { Article } from '../../src/shared/types/article'
import {
  DEFAULT_SETTINGS,
  type ArticleMark,
  type RecentArchive,
  type Settings,
  type SettingsPatch,
} from '../../src/shared/types/settings'

// A font size unlike the real default, so tests can tell the fake's settings apart.
export const FAKE_DEFAULT_SETTINGS: Settings = { ...DEFAULT_SETTINGS, fontSize: 17 }

const SOURCES: [string, string, string][] = [
  ['新媒体', '观察者网', '头条'],
  ['新媒体', 'cnBeta', '最新'],
  ['新媒体', '36kr', '快讯'],
  ['游戏', '3DMGame', '新闻'],
  ['博客', 'Google Sites', '文章更新'],
]
const WORDS = ['制造业', '芯片', '游戏', '经济', '上海', '手机', '数据', '市场', '发布', '研究']

/** A generated article; `n` makes every field deterministic. */
export function fakeArticle(n: number): Article {
  const [category, source, channel] = SOURCES[n % SOURCES.length] ?? SOURCES[0]!
  const word = WORDS[n % WORDS.length] ?? '文章'
  const day = new Date(Date.UTC(2021, n % 12, 1 + (n % 28), 8, 0, 0))
  const title = `${word}新闻 第${n}号`
  const text = `这是第${n}篇文章，关于${word}与${WORDS[(n + 3) % WORDS.length] ?? ''}的报道。Article number ${n}.`
  const url = `https://img.example.com/${n}.jpg`
  return {
    id: `source/_posts/${category}/${source}/${channel}/${title}.md`,
    title,
    titleSource: 'front-matter',
    date: n % 7 === 6 ? null : day.toISOString(),
    dateSource: n % 7 === 6 ? 'mtime' : 'front-matter',
    month: n % 7 === 6 ? null : day.toISOString().slice(0, 7),
    categories: [[category, source, channel]],
    tags: n % 2 ? ['偶数'] : [],
    author: n % 3 ? `作者${n % 3}` : null,
    headimg: null,
    thumbnail: null,
    link: `https://example.com/a/${n}`,
    imageCount: 1,
    format: 'html',
    encoding: 'utf-8',
    size: 100 + n,
    mtimeMs: day.getTime(),
    hash: n.toString(16).padStart(40, '0'),
    issues:
      n % 10 === 9
        ? [{ code: 'DATE_INVALID', message: 'The date "Invalid Date" is unreadable' }]
        : [],
    frontMatter: { title, author: n % 3 ? `作者${n % 3}` : undefined },
    bodyHtml: `<div><p>${text}</p><img src="${url}"></div>`,
    text,
    images: [{ url, source: 'img' }],
  }
}

/** Every occurrence of `term` in `text`, as SearchHit.titleMarks (the fake's rule is literal). */
function literalMarks(text: string, term: string): [number, number][] {
  const marks: [number, number][] = []
  if (term === '') return marks
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length))
    marks.push([at, at + term.length])
  return marks
}

/**
 * A valid argument for every method, typed by the contract (a method added to ArchiveApi without
 * an entry here is a compile error). `id` must be an article id of the fake.
 */
export function sampleArgs(id: string): { [M in MethodName]: MethodArg<M> } {
  return {
    openArchive: { path: '/archives/sample' },
    closeArchive: undefined,
    getArchiveInfo: undefined,
    listArticles: {
      offset: 0,
      limit: 10,
      sort: 'date',
      order: 'desc',
      filter: { marks: 'unread' },
    },
    getFacets: { filter: { categoryPath: ['新媒体'] } },
    getArticle: { id },
    getHealth: undefined,
    getAppInfo: undefined,
    search: { query: '芯片', limit: 5, sort: 'relevance' },
    setMark: { id, read: true, favourite: true },
    getSettings: undefined,
    updateSettings: { fontSize: 20, theme: 'dark' },
    getRecentArchives: undefined,
    getImageCacheStatus: undefined,
    cacheAllImages: undefined,
    cancelImageCaching: undefined,
    retryFailedImages: undefined,
    getImageCacheReport: { failuresLimit: 10 },
    getImageStates: { keys: ['a'.repeat(64)] },
    retryImage: { key: 'a'.repeat(64) },
    exportPdf: { ids: [id], destination: '/tmp/never-written.pdf', jobId: 'job-x' },
    cancelExport: { jobId: 'job-x' },
  }
}

export interface FakeApi extends ArchiveApi {
  /** Subscribe to the events this fake emits (pass as `events` to the server). */
  subscribe: (listener: EventListener) => () => void
  /** Push an event to every subscriber, as the engine would. */
  emit: (event: ArchiveEvent) => void
  /** Every call, in order, with its argument as received. */
  readonly calls: { method: string; arg: unknown }[]
  readonly listenerCount: number
}

export function createFakeApi(options: { articleCount?: number } = {}): FakeApi {
  const articles = Array.from({ length: options.articleCount ?? 60 }, (_, i) => fakeArticle(i))
  const byId = new Map(articles.map((a) => [a.id, a]))
  const marks = new Map<string, ArticleMark>()
  const listeners = new Set<EventListener>()
  const calls: { method: string; arg: unknown }[] = []
  const recent: RecentArchive[] = []
  const exportsInProgress = new Set<string>()
  const written = new Set<string>()
  let settings: Settings = { ...FAKE_DEFAULT_SETTINGS }
  let info: ArchiveInfo | null = null
  let images: ImageCacheStatus = {
    total: articles.length,
    cached: 0,
    pending: articles.length,
    failed: 0,
    blocked: 0,
    bytes: 0,
    running: false,
  }
  let jobCounter = 0

  const emit = (event: ArchiveEvent) => {
    for (const listener of [...listeners]) listener(event)
  }
  const record = (method: string, arg: unknown) => calls.push({ method, arg })
  const requireOpen = () => {
    if (!info) throw new ApiError('NO_ARCHIVE_OPEN', 'library: no archive is open')
  }
  const sourceOf = (a: Article) => a.categories[0]?.[1] ?? null
  const markOf = (id: string): ArticleMark =>
    marks.get(id) ?? { id, read: false, favourite: false, readAt: null, favouriteAt: null }
  const monthOf = (a: Article) => a.month

  function matches(a: Article, filter: ArticleFilter = {}): boolean {
    const path = filter.categoryPath
    if (path && !a.categories.some((c) => path.every((part, i) => c[i] === part))) return false
    if (filter.source !== undefined && sourceOf(a) !== filter.source) return false
    if (filter.author !== undefined && a.author !== filter.author) return false
    if (filter.tag !== undefined && !a.tags.includes(filter.tag)) return false
    const month = monthOf(a)
    if (filter.monthFrom && (!month || month < filter.monthFrom)) return false
    if (filter.monthTo && (!month || month > filter.monthTo)) return false
    const mark = markOf(a.id)
    if (filter.marks === 'read' && !mark.read) return false
    if (filter.marks === 'unread' && mark.read) return false
    if (filter.marks === 'favourite' && !mark.favourite) return false
    return true
  }

  function listItem(a: Article): ArticleListItem {
    const { frontMatter: _f, bodyHtml: _b, text: _t, images: _i, ...summary } = a
    const mark = markOf(a.id)
    // Remote thumbnails only: the fake has no archive folder to serve local ones from.
    const thumbnail = a.thumbnail ?? a.headimg
    return {
      ...summary,
      source: sourceOf(a),
      read: mark.read,
      favourite: mark.favourite,
      thumbnailKey: thumbnail && /^https?:\/\//i.test(thumbnail) ? imageKey(thumbnail) : null,
    }
  }

  function count(values: (string | null)[]): FacetCount[] {
    const counts = new Map<string, number>()
    for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1)
    return [...counts].map(([value, n]) => ({ value, count: n })).sort((x, y) => y.count - x.count)
  }

  function facetsOf(list: Article[]): Facets {
    const roots: CategoryNode[] = []
    for (const a of list) {
      for (const path of a.categories) {
        let level = roots
        path.forEach((name, depth) => {
          let node = level.find((n) => n.name === name)
          if (!node) {
            node = { name, path: path.slice(0, depth + 1), count: 0, children: [] }
            level.push(node)
          }
          node.count++
          level = node.children
        })
      }
    }
    return {
      categories: roots,
      sources: count(list.map(sourceOf)),
      authors: count(list.map((a) => a.author)),
      months: count(list.map(monthOf)).sort((x, y) => (x.value < y.value ? 1 : -1)),
      marks: {
        read: list.filter((a) => markOf(a.id).read).length,
        unread: list.filter((a) => !markOf(a.id).read).length,
        favourite: list.filter((a) => markOf(a.id).favourite).length,
      },
    }
  }

  function getArticleOrThrow(id: string): Article {
    const article = byId.get(id)
    if (!article) throw new ApiError('ARTICLE_NOT_FOUND', `library: no article "${id}"`)
    return article
  }

  const api: ArchiveApi = {
    async openArchive(arg) {
      record('openArchive', arg)
      if (arg.path.includes('missing')) {
        throw new ApiError('ARCHIVE_NOT_FOUND', `library: the folder "${arg.path}" does not exist`)
      }
      const name = arg.path.split('/').filter(Boolean).at(-1) ?? arg.path
      const total = articles.length
      info = {
        path: arg.path,
        name,
        status: 'ready',
        articleCount: total,
        issueCounts: { DATE_INVALID: articles.filter((a) => a.issues.length).length },
        progress: { read: total, indexed: total, total },
        timeZone: 'UTC',
      }
      const openedAt = new Date(0).toISOString()
      recent.unshift({ path: arg.path, name, openedAt, articleCount: total })
      emit({ type: 'archive-status', status: 'scanning' })
      emit({ type: 'index-progress', read: total, indexed: total, total, done: true })
      emit({ type: 'archive-status', status: 'ready' })
      return info
    },
    async closeArchive() {
      record('closeArchive', undefined)
      info = null
      emit({ type: 'archive-status', status: 'idle' })
    },
    async getArchiveInfo() {
      record('getArchiveInfo', undefined)
      return info
    },
    async listArticles(arg: ListArticlesRequest): Promise<ArticlePage> {
      record('listArticles', arg)
      requireOpen()
      const sort = arg.sort ?? 'date'
      const order = arg.order ?? (sort === 'date' ? 'desc' : 'asc')
      const key = (a: Article) =>
        sort === 'date' ? (a.date ?? '') : sort === 'title' ? a.title : (sourceOf(a) ?? '')
      const list = articles
        .filter((a) => matches(a, arg.filter))
        .sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : x.id < y.id ? -1 : 1))
      if (order === 'desc') list.reverse()
      const offset = arg.offset ?? 0
      const page = list.slice(offset, offset + (arg.limit ?? 100))
      if (arg.idsOnly) return { total: list.length, items: [], ids: page.map((a) => a.id) }
      return { total: list.length, items: page.map(listItem) }
    },
    async getFacets(arg) {
      record('getFacets', arg)
      requireOpen()
      return facetsOf(articles.filter((a) => matches(a, arg.filter)))
    },
    async getArticle(arg): Promise<ArticleView> {
      record('getArticle', arg)
      requireOpen()
      const article = getArticleOrThrow(arg.id)
      return {
        ...article,
        source: sourceOf(article),
        mark: markOf(article.id),
        images: article.images.map((ref, i) => ({
          ...ref,
          key: (i + article.size).toString(16).padStart(64, '0'),
          status: 'not-cached',
        })),
      }
    },
    async getHealth(): Promise<ArchiveHealth> {
      record('getHealth', undefined)
      requireOpen()
      const issues = articles.flatMap((a) => a.issues.map((issue) => ({ id: a.id, ...issue })))
      const dateSources = { 'front-matter': 0, filename: 0, mtime: 0 }
      for (const a of articles) dateSources[a.dateSource]++
      return {
        issues,
        issueTotal: issues.length,
        issueCounts: info?.issueCounts ?? {},
        dateSources,
        images,
      }
    },
    async search(arg: SearchRequest): Promise<SearchResponse> {
      record('search', arg)
      requireOpen()
      const query = arg.query.trim()
      if (/^\w+:/.test(query) && !/^(title|author|source):/.test(query)) {
        throw new ApiError('QUERY_INVALID', `search: unknown field in "${query}"`)
      }
      const term = query.replace(/^\w+:/, '')
      const found = articles.filter(
        (a) =>
          term !== '' &&
          (a.title.includes(term) || a.text.includes(term)) &&
          matches(a, arg.filter),
      )
      if (arg.sort === 'date') found.sort((x, y) => ((x.date ?? '') < (y.date ?? '') ? 1 : -1))
      const offset = arg.offset ?? 0
      const hits = found.slice(offset, offset + (arg.limit ?? 50)).map((a) => {
        const at = a.text.indexOf(term)
        return {
          id: a.id,
          title: a.title,
          date: a.date,
          dateSource: a.dateSource,
          source: sourceOf(a),
          score: a.title.includes(term) ? 2 : 1,
          snippet: {
            text: a.text,
            marks: at >= 0 ? [[at, at + term.length] as [number, number]] : [],
          },
          // The fake's match rule is a literal substring; the engine's marks follow its own.
          titleMarks: literalMarks(a.title, term),
          read: markOf(a.id).read,
          favourite: markOf(a.id).favourite,
        }
      })
      return { total: found.length, hits, facets: facetsOf(found) }
    },
    async setMark(arg: SetMarkRequest) {
      record('setMark', arg)
      requireOpen()
      getArticleOrThrow(arg.id)
      const now = new Date(0).toISOString()
      const previous = markOf(arg.id)
      const next: ArticleMark = {
        id: arg.id,
        read: arg.read ?? previous.read,
        favourite: arg.favourite ?? previous.favourite,
        readAt: arg.read === true ? now : arg.read === false ? null : previous.readAt,
        favouriteAt:
          arg.favourite === true ? now : arg.favourite === false ? null : previous.favouriteAt,
      }
      marks.set(arg.id, next)
      return next
    },
    async getSettings() {
      record('getSettings', undefined)
      return settings
    },
    async updateSettings(patch: SettingsPatch) {
      record('updateSettings', patch)
      for (const key of Object.keys(patch)) {
        if (!Object.hasOwn(FAKE_DEFAULT_SETTINGS, key)) {
          throw new ApiError('INVALID_ARGUMENT', `settings: unknown setting "${key}"`)
        }
      }
      settings = { ...settings, ...patch }
      return settings
    },
    async getAppInfo() {
      record('getAppInfo', undefined)
      return { version: '0.0.0-fake', demoArchivePath: '/fake/demo' }
    },
    async getRecentArchives() {
      record('getRecentArchives', undefined)
      return recent
    },
    async getImageCacheStatus() {
      record('getImageCacheStatus', undefined)
      return images
    },
    async cacheAllImages() {
      record('cacheAllImages', undefined)
      images = { ...images, running: true }
      emit({ type: 'cache-progress', ...images })
      return images
    },
    async cancelImageCaching() {
      record('cancelImageCaching', undefined)
      images = { ...images, running: false }
      emit({ type: 'cache-progress', ...images })
      return images
    },
    async retryFailedImages() {
      record('retryFailedImages', undefined)
      images = { ...images, pending: images.pending + images.failed, failed: 0, running: true }
      emit({ type: 'cache-progress', ...images })
      return images
    },
    async getImageCacheReport(arg) {
      record('getImageCacheReport', arg)
      return {
        scope: 'archive' as const,
        status: images,
        byStatus: { ok: images.cached },
        byHost: [],
        failures: [],
        failureTotal: 0,
        cacheBytes: images.bytes,
        capBytes: 2 * 1024 ** 3,
        lastRun: null,
      }
    },
    async getImageStates(arg) {
      record('getImageStates', arg)
      return arg.keys.map((key) => ({ key, status: 'not-cached' as const }))
    },
    async retryImage(arg) {
      record('retryImage', arg)
      return { key: arg.key, status: 'pending' as const }
    },
    async exportPdf(arg: ExportRequest): Promise<ExportResult> {
      record('exportPdf', arg)
      requireOpen()
      const ids = arg.ids ?? []
      for (const id of ids) getArticleOrThrow(id)
      if (written.has(arg.destination) && !arg.overwrite) {
        throw new ApiError('DESTINATION_EXISTS', `export: "${arg.destination}" already exists`)
      }
      const jobId = arg.jobId ?? `job-${++jobCounter}`
      const total = ids.length
      const pages = total * 2
      exportsInProgress.add(jobId)
      emit({
        type: 'export-progress',
        jobId,
        composed: total,
        printed: 0,
        skipped: 0,
        pages: 0,
        total,
        done: false,
      })
      emit({
        type: 'export-progress',
        jobId,
        composed: total,
        printed: total,
        skipped: 0,
        pages,
        total,
        done: true,
      })
      exportsInProgress.delete(jobId)
      written.add(arg.destination)
      return {
        jobId,
        files: [arg.destination],
        articles: total,
        pages,
        bytes: pages * 1000,
        skipped: [],
      }
    },
    async cancelExport(arg) {
      record('cancelExport', arg)
      const error = { code: 'CANCELLED' as const, message: 'export: cancelled' }
      emit({
        type: 'export-progress',
        jobId: arg.jobId,
        composed: 0,
        printed: 0,
        skipped: 0,
        pages: 0,
        total: 0,
        done: true,
        error,
      })
    },
  }

  return {
    ...api,
    subscribe(listener: EventListener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    emit,
    calls,
    get listenerCount() {
      return listeners.size
    },
  }
}
