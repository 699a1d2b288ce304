/**
 * The reader pane: header image, title, source, author, date, categories, actions (favourite,
 * read/unread, original link, font size) and the sanitized body. Marks the article read on open
 * when the setting says so. The article is loaded by the library (useArticle), which reloads it
 * when its file changes: an edit re-renders in place, a deleted file leaves its last version
 * under a notice, with the mark buttons off, and a reload that failed leaves it under the error.
 */
import { memo, useEffect, useRef } from 'react'
import type { ArticleView } from '../../../../shared/contract/api'
import type { ArticleMark } from '../../../../shared/types/settings'
import { formatDate } from '../../components/formatDate'
import { useSettings } from '../../app/SettingsProvider'
import { useI18n } from '../../i18n/i18n'
import { useApi } from '../../api/ApiContext'
import type { RowMarks } from '../library/ArticleRow'
import { ArticleBody, useSanitized } from './ArticleBody'
import type { ArticleState } from './useArticle'
import { useLiveImages } from './useLiveImages'
import { IssueText } from '../../components/IssueText'
import { apiErrorText } from '../../i18n/engineMessages'

interface Props {
  article: ArticleState
  marks: RowMarks
  onLoadedMark: (mark: ArticleMark) => void
  onSetMark: (patch: { read?: boolean; favourite?: boolean }) => void
  /** True the first time a reading is shown (useOpenState): mark read on open then only. */
  firstShowing: (readingKey: number) => boolean
  /** The zone dates are shown in (the archive's: see LibraryView); null: the browser's. */
  timeZone: string | null
}

const HTTP = /^https?:\/\//i
const MIN_FONT = 12
const MAX_FONT = 32

/**
 * Memoized (marks compared by value; useArticle gives one object per state): the library
 * re-renders for every page of rows and every scroll-driven fetch; the open article does not
 * change with them.
 */
export const Reader = memo(
  ReaderPane,
  (a, b) =>
    a.article === b.article &&
    a.marks.read === b.marks.read &&
    a.marks.favourite === b.marks.favourite &&
    a.onLoadedMark === b.onLoadedMark &&
    a.onSetMark === b.onSetMark &&
    a.firstShowing === b.firstShowing &&
    a.timeZone === b.timeZone,
)

function ReaderPane({ article, marks, onLoadedMark, onSetMark, firstShowing, timeZone }: Props) {
  const { t, locale } = useI18n()
  const { view, viewKey, error, loading, deleted } = article

  if (!view && !loading && !error && !deleted) {
    return (
      <section className="reader reader-empty" aria-label={t('reader.label')}>
        <p>{t('reader.nothingOpen')}</p>
      </section>
    )
  }
  if (deleted && !view) {
    return (
      <section className="reader" aria-label={t('reader.label')}>
        <p role="status" className="error-box reader-notice">
          {t('reader.deleted')}
        </p>
      </section>
    )
  }
  // A reload that failed with a version on screen keeps it, under the error (ReaderView).
  if (error && !view) {
    return (
      <section className="reader" aria-label={t('reader.label')}>
        <p role="alert" className="error-box">
          {t('reader.loadFailed', { message: apiErrorText(error, locale) })}
        </p>
      </section>
    )
  }
  if (!view) {
    return (
      <section className="reader" aria-label={t('reader.label')} aria-busy="true">
        <p>{t('common.loading')}</p>
      </section>
    )
  }
  return (
    // Keyed by the reading, not the id: a file renamed while open is the same reading (its
    // scroll position stays), and a reload after an edit re-renders in place.
    <ReaderView
      key={viewKey}
      readingKey={viewKey ?? 0}
      view={view}
      error={error}
      loading={loading}
      deleted={deleted}
      marks={marks}
      onLoadedMark={onLoadedMark}
      onSetMark={onSetMark}
      firstShowing={firstShowing}
      timeZone={timeZone}
    />
  )
}

function ReaderView({
  readingKey,
  view: loaded,
  error,
  loading,
  deleted,
  marks,
  onLoadedMark,
  onSetMark,
  firstShowing,
  timeZone,
}: {
  readingKey: number
  view: ArticleView
  error: ArticleState['error']
  loading: boolean
  deleted: boolean
} & Omit<Props, 'article'>) {
  const { t, locale } = useI18n()
  const { settings, update } = useSettings()
  const { imageSrc } = useApi()
  // Image states follow the cache live: a placeholder becomes the picture once downloaded.
  const { view, retry } = useLiveImages(loaded)
  const sanitized = useSanitized(view)
  const headingRef = useRef<HTMLHeadingElement>(null)

  // Report the stored marks whenever the article is (re)loaded: a reload after an edit or a
  // rename brings them as the engine keeps them. Not when callbacks change.
  useEffect(() => {
    onLoadedMark(loaded.mark)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded])
  // Mark read on open: once per reading, not at every reload, nor when this view is mounted
  // again in the same reading (useOpenState remembers).
  useEffect(() => {
    if (firstShowing(readingKey) && settings.markReadOnOpen && !loaded.mark.read)
      onSetMark({ read: true })
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const header = view.images.find(
    (image) => image.source === 'headimg' || image.source === 'thumbnail',
  )
  const showHeader =
    header && header.status === 'cached' && !sanitized.imageUrls.includes(header.url)
  const inferred = view.dateSource !== 'front-matter'
  const dateText = formatDate(view.date, locale === 'zh' ? 'zh-CN' : 'en-GB', timeZone, true)
  const fontSize = settings.fontSize

  return (
    <section className="reader" aria-label={t('reader.label')} aria-busy={loading}>
      <article className="article">
        {error ? (
          <p role="alert" className="error-box reader-notice">
            {t('reader.loadFailed', { message: apiErrorText(error, locale) })}
          </p>
        ) : null}
        {deleted ? (
          <p role="status" className="error-box reader-notice">
            {t('reader.deletedLastVersion')}
          </p>
        ) : null}
        {showHeader ? <img className="header-image" src={imageSrc(header.key)} alt="" /> : null}
        <h1 ref={headingRef} className="article-title" tabIndex={-1}>
          {view.title || t('row.untitled')}
        </h1>
        <div className="article-meta">
          {view.source ? <span>{view.source}</span> : null}
          {view.author && view.author !== view.source ? (
            <span>{t('reader.by', { author: view.author })}</span>
          ) : null}
          {dateText ? (
            <span className={inferred ? 'row-date-inferred' : undefined}>
              {dateText}
              {inferred
                ? ` (${t(view.dateSource === 'filename' ? 'date.fromFilename' : 'date.fromMtime')})`
                : ''}
            </span>
          ) : null}
        </div>
        {view.categories.length > 0 ? (
          <div className="article-categories" aria-label={t('reader.categories')}>
            {view.categories.map((path) => (
              <span key={path.join('/')} className="chip">
                {path.join(' › ')}
              </span>
            ))}
          </div>
        ) : null}
        <div className="article-actions" role="toolbar" aria-label={t('reader.actions')}>
          <button
            type="button"
            aria-pressed={marks.favourite === true}
            disabled={deleted}
            onClick={() => onSetMark({ favourite: !marks.favourite })}
          >
            {marks.favourite ? `★ ${t('reader.unfavourite')}` : `☆ ${t('reader.favourite')}`}
          </button>
          <button type="button" disabled={deleted} onClick={() => onSetMark({ read: !marks.read })}>
            {marks.read ? t('reader.markUnread') : t('reader.markRead')}
          </button>
          {view.link && HTTP.test(view.link) ? (
            <a className="button" href={view.link} target="_blank" rel="noopener noreferrer">
              {t('reader.openOriginal')}
            </a>
          ) : null}
          <span className="font-size" role="group" aria-label={t('reader.fontSize')}>
            <button
              type="button"
              aria-label={t('reader.smaller')}
              disabled={fontSize <= MIN_FONT}
              onClick={() => void update({ fontSize: Math.max(MIN_FONT, fontSize - 1) })}
            >
              A−
            </button>
            <span aria-live="polite">{fontSize}px</span>
            <button
              type="button"
              aria-label={t('reader.larger')}
              disabled={fontSize >= MAX_FONT}
              onClick={() => void update({ fontSize: Math.min(MAX_FONT, fontSize + 1) })}
            >
              A+
            </button>
          </span>
        </div>
        {view.issues.length > 0 ? (
          <ul className="article-issues" aria-label={t('reader.issues')}>
            {view.issues.map((issue, index) => (
              <li key={index}>
                <IssueText issue={issue} />
              </li>
            ))}
          </ul>
        ) : null}
        <ArticleBody html={sanitized.html} onRetryImage={retry} />
      </article>
    </section>
  )
}
