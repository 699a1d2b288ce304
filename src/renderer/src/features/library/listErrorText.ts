/**
 * What the list says when its page could not be loaded, in the UI's language. A query the parser
 * refused is worded from its reason; a query over the contract's length is refused by the
 * transports before the engine sees it, in a developer's words ("`argument.query` must be a
 * string of 0 to 2000 characters"), so it gets a sentence of its own; anything else is the
 * engine's error as the reader and the export show theirs.
 */
import { MAX_QUERY_LENGTH } from '../../../../shared/contract/api'
import type { ApiErrorShape } from '../../../../shared/errors'
import type { Locale, Translate } from '../../i18n/i18n'
import { apiErrorText, queryProblemText } from '../../i18n/engineMessages'

export function listErrorText(
  error: ApiErrorShape,
  /** The query searched ('' for the plain list). */
  query: string,
  t: Translate,
  locale: Locale,
): string {
  if (error.code === 'QUERY_INVALID')
    return t('search.invalid', { message: queryProblemText(error, locale) })
  // The box holds no more (maxLength), but a query set by code rather than typed is not held to
  // it: the length is what the transports refused, whatever their sentence says.
  if (error.code === 'INVALID_ARGUMENT' && query.length > MAX_QUERY_LENGTH)
    return t('search.tooLong', { max: MAX_QUERY_LENGTH })
  return t('list.failed', { message: apiErrorText(error, locale) })
}
