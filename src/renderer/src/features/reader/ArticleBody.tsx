/** The sanitized body. Sanitizing happens here, right before display, with the page's DOMPurify. */
import DOMPurify from 'dompurify'
import { useMemo } from 'react'
import type { ArticleView, ImageStatus } from '../../../../shared/contract/api'
import { useApi } from '../../api/ApiContext'
import { useI18n } from '../../i18n/i18n'
import { sanitizeArticleHtml, type SanitizedArticle } from './sanitize'

const STATUS_KEYS = {
  cached: 'image.cached',
  pending: 'image.pending',
  failed: 'image.failed',
  blocked: 'image.blocked',
  'not-cached': 'image.notCached',
  unknown: 'image.unknown',
} as const satisfies Record<ImageStatus | 'unknown', string>

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
          externalVideo: (host) => t('reader.externalVideo', { host }),
          imageMissing: (status) => t(STATUS_KEYS[status]),
        },
      }),
    [view, imageSrc, t],
  )
}

export function ArticleBody({ html }: { html: string }) {
  return <div className="article-body" dangerouslySetInnerHTML={{ __html: html }} />
}
