/** The sentence a placeholder shows for an image that is not cached, from its status and reason. */
import type { ImageStatus } from '../../../../shared/contract/api'
import type { MessageKey } from '../../i18n/en'
import type { Translate } from '../../i18n/i18n'

const STATUS_KEYS = {
  cached: 'image.cached',
  pending: 'image.pending',
  failed: 'image.failed',
  blocked: 'image.blocked',
  'not-cached': 'image.notCached',
  unknown: 'image.unknown',
} as const satisfies Record<ImageStatus | 'unknown', MessageKey>

const REASON_KEYS: Readonly<Record<string, MessageKey>> = {
  offline: 'image.reason.offline',
  'http-404': 'image.reason.http-404',
  'http-410': 'image.reason.http-410',
  'http-403': 'image.reason.http-403',
  timeout: 'image.reason.timeout',
  'not-image': 'image.reason.not-image',
  'too-large': 'image.reason.too-large',
  truncated: 'image.reason.truncated',
  network: 'image.reason.network',
  dns: 'image.reason.dns',
  'too-many-redirects': 'image.reason.too-many-redirects',
  'bad-redirect': 'image.reason.bad-redirect',
  // Images stored in the archive folder (the engine's localImages.ts): nothing to download.
  missing: 'image.reason.missing',
  outside: 'image.reason.outside',
  'not-image-file': 'image.reason.not-image-file',
}

/** Reasons whose sentence is for readers; the technical detail goes in a tooltip. */
const DETAIL_KEYS: Readonly<Record<string, MessageKey>> = {
  network: 'image.detail.network',
  dns: 'image.detail.dns',
}

export function imageMissingText(
  t: Translate,
  status: ImageStatus | 'unknown',
  reason?: string,
): string {
  if (reason && (status === 'failed' || status === 'not-cached')) {
    const key = Object.hasOwn(REASON_KEYS, reason) ? REASON_KEYS[reason] : undefined
    if (key) return t(key)
    if (status === 'failed') return t('image.reason.other', { reason })
  }
  return t(STATUS_KEYS[status])
}

/** The technical detail behind a placeholder's sentence (its tooltip), when there is one. */
export function imageMissingDetail(
  t: Translate,
  status: ImageStatus | 'unknown',
  reason?: string,
): string | undefined {
  if (!reason || (status !== 'failed' && status !== 'not-cached')) return undefined
  const key = Object.hasOwn(DETAIL_KEYS, reason) ? DETAIL_KEYS[reason] : undefined
  return key ? t(key) : undefined
}

/** A failure status in words, for the health panel's tables (the detail, where there is one). */
export function imageReasonText(t: Translate, reason: string): string {
  const detail = Object.hasOwn(DETAIL_KEYS, reason) ? DETAIL_KEYS[reason] : undefined
  const key = detail ?? (Object.hasOwn(REASON_KEYS, reason) ? REASON_KEYS[reason] : undefined)
  return key ? t(key) : reason
}
