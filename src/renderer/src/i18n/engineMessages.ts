/**
 * The engine's errors and file issues in the user's language. The engine's own messages are
 * English sentences for logs and the CLI, prefixed with the module that produced them
 * ("Search: …", "archive: …"); shown as they are, a Chinese UI mixed languages and printed the
 * raw code. A refused query carries a reason and its values (ApiErrorDetail), worded here; an
 * article issue's code gets a plain sentence, with the engine's detail kept beside it.
 */
import {
  QUERY_PROBLEMS,
  type ApiErrorCode,
  type ApiErrorDetail,
  type ArticleIssueCode,
  type QueryProblem,
} from '../../../shared/errors'
import { format, type Locale } from './i18n'

/**
 * A refused query's reason in Chinese. English needs no table: the engine's own message is
 * that sentence (queryProblemText shows it without its module).
 */
const QUERY_PROBLEM_TEXT_ZH: Record<QueryProblem, string> = {
  quoteNotClosed: '第 {at} 个字符处的引号没有闭合。',
  spaceAfterQuote: '第 {at} 个字符处的右引号后面需要一个空格。',
  notADate: '“{token}”：“{text}”不是日期；请写成 YYYY、YYYY-MM 或 YYYY-MM-DD。',
  noSuchMonth: '“{token}”：没有 {month} 月。',
  noSuchDay: '“{token}”：{month} 没有第 {day} 天。',
  dateMissing: '“{token}”的冒号后面需要一个日期。',
  rangeEmpty: '“{token}”：日期范围至少需要一个日期。',
  rangeDots: '“{token}”：日期范围只能有一个“..”。',
  rangeReversed: '“{token}”：日期范围的结束早于开始。',
  unknownField:
    '“{token}”中的“{field}:”不是可用的字段。可用字段：{fields}；若要按原样搜索这段文字，请给它加上引号。',
  valueMissing: '“{token}”的冒号后面需要一个值。',
  nothingToSearch: '“{token}”里没有可搜索的内容。',
  orWithoutLeft: '“OR”的左边需要一个词。',
  orWithoutRight: '“OR”的右边需要一个词。',
  orWithExcluded: '“OR”不能连接排除的词（“{token}”）；请分别排除每个词。',
}

const ISSUE_TEXT: Record<Locale, Record<ArticleIssueCode, string>> = {
  en: {
    FRONT_MATTER_INVALID: 'The front matter is not valid YAML; its fields were read line by line.',
    FILE_UNREADABLE: 'The file could not be read.',
    FILE_VANISHED: 'The file disappeared while it was being read.',
    FILE_EMPTY: 'The file is empty.',
    FILE_BINARY: 'The file does not look like text; it is listed but not searchable.',
    ENCODING_FALLBACK: 'The file is not UTF-8; it was read with another encoding.',
    FILE_TOO_LARGE: 'The file is over the size limit; only its beginning was read.',
    DATE_INVALID:
      'The date in the front matter could not be read; the file name or modification date was used.',
  },
  zh: {
    FRONT_MATTER_INVALID: '文件头（front matter）不是有效的 YAML；已逐行读取其中的字段。',
    FILE_UNREADABLE: '无法读取这个文件。',
    FILE_VANISHED: '读取时文件消失了。',
    FILE_EMPTY: '文件是空的。',
    FILE_BINARY: '这个文件看起来不是文本；它会列出，但无法搜索。',
    ENCODING_FALLBACK: '文件不是 UTF-8 编码，已用其他编码读取。',
    FILE_TOO_LARGE: '文件超过大小上限，只读取了开头部分。',
    DATE_INVALID: '无法识别文件头里的日期，已改用文件名或修改时间中的日期。',
  },
}

/**
 * What each failure means, for a UI not in English; the engine's English sentence follows in
 * brackets, since it names the file or value (English needs no summary: it shows that sentence).
 */
const API_ERROR_TEXT_ZH: Record<ApiErrorCode, string> = {
  ARCHIVE_NOT_FOUND: '找不到这个文件夹。',
  ARCHIVE_NOT_A_FOLDER: '这不是一个文件夹。',
  ARCHIVE_UNREADABLE: '没有权限读取这个文件夹。',
  NO_ARCHIVE_OPEN: '还没有打开存档。',
  ARTICLE_NOT_FOUND: '找不到这篇文章（它可能已被删除或改名）。',
  QUERY_INVALID: '无法理解这个查询。',
  INVALID_ARGUMENT: '请求的参数不正确。',
  UNKNOWN_METHOD: '引擎不认识这个请求。',
  CANCELLED: '已取消。',
  DESTINATION_EXISTS: '目标文件已存在。',
  DESTINATION_UNWRITABLE: '无法写入目标位置。',
  DESTINATION_REFUSED: '不允许写入这个位置（存档内部、导出文件夹之外、符号链接或非 PDF 文件）。',
  DEPENDENCY_MISSING: '缺少所需的外部程序。',
  UNAUTHORIZED: '需要登录，或令牌不正确。',
  DATA_FOLDER_UNUSABLE: '无法使用程序的数据文件夹。',
  NOT_AVAILABLE: '这个版本还不支持此功能。',
  INTERNAL: '程序内部出错了。',
}

/** An engine error in `locale`: a refused query worded from its reason, others by code. */
export function apiErrorText(
  error: { code: ApiErrorCode; message: string; detail?: ApiErrorDetail },
  locale: Locale,
): string {
  if (error.code === 'QUERY_INVALID' && error.detail) return queryProblemText(error, locale)
  const sentence = withoutModule(error.message)
  if (locale === 'en') return sentence
  return `${API_ERROR_TEXT_ZH[error.code]}（${sentence}）`
}

const isQueryProblem = (reason: string): reason is QueryProblem =>
  (QUERY_PROBLEMS as readonly string[]).includes(reason)

/**
 * The engine's message without the module that produced it ("Search: …", "http transport: …"
 * → "…"): module names are one or two words; a longer start is a sentence and stays.
 */
export function withoutModule(message: string): string {
  return message.replace(/^[A-Za-z]+(?: [a-z]+)?: /, '')
}

/** Why a query was refused, in `locale`: worded from its reason, else the engine's English. */
export function queryProblemText(
  error: { message: string; detail?: ApiErrorDetail },
  locale: Locale,
): string {
  const { detail } = error
  if (locale !== 'en' && detail && isQueryProblem(detail.reason))
    return format(QUERY_PROBLEM_TEXT_ZH[detail.reason], detail.values)
  return withoutModule(error.message)
}

/** A sentence for an article issue's code in `locale` (the code itself when unknown). */
export function issueText(code: string, locale: Locale): string {
  const table = ISSUE_TEXT[locale] as Record<string, string>
  return table[code] ?? code
}
