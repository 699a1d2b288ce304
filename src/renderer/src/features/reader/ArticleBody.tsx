/** The sanitized body. Sanitizing happens here, right before display, with the page's DOMPurify. */
import DOMPurify from 'dompurify'
import { useMemo } from 'react'
import type { ArticleView } from '../../../../shared/contract/api'
import { useApi } from '../../api/ApiContext'
import { useI18n } from '../../i18n/i18n'
import { imageMissingDetail, imageMissingText } from './imageReason'
import type { MessageKey } from '../../i18n/en'
import { sanitizeArticleHtml, type MediaKind, type SanitizedArticle } from './sanitize'

const MEDIA_LABELS = {
  video: 'reader.externalVideo',
  audio: 'reader.externalAudio',
  object: 'reader.embeddedObject',
} as const satisfies Record<MediaKind, MessageKey>

export function useSanitized(view: ArticleView): SanitizedArticle {
  const { imageSrc } = useApi()
  const { t } = useI18n()
  return useMemo(
    () =>
      sanitizeArticleHtml(DOMPurify, view.bodyHtml, {
        articleId: view.id,
        images: view.images,
        imageSrc,
        labels: {
          externalMedia: (kind, host) => t(MEDIA_LABELS[kind], { host }),
          imageMissing: (status, reason) => imageMissingText(t, status, reason),
          imageDetail: (status, reason) => imageMissingDetail(t, status, reason),
          retry: t('image.retry'),
        },
      }),
    [view, imageSrc, t],
  )
}

/** `onRetryImage`: a placeholder's Retry button was pressed (buttons built by the sanitizer). */
export function ArticleBody({
  html,
  onRetryImage,
}: {
  html: string
  onRetryImage?: (key: string) => void
}) {
  return (
    <div
      className="article-body"
      onClick={(event) => {
        const button = (event.target as Element).closest?.('button[data-image-key]')
        if (!button) return
        // The sanitizer keeps the button out of links; this holds even if one still surrounds it.
        event.preventDefault()
        const key = button.getAttribute('data-image-key')
        if (key && onRetryImage) onRetryImage(key)
      }}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  )
}
