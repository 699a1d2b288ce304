/** The query syntax shown in the help popover: each example is a real query the user can try. */
import type { MessageKey } from '../../i18n/en'

export interface SyntaxExample {
  query: string
  explain: MessageKey
}

export const SYNTAX_EXAMPLES: SyntaxExample[] = [
  { query: '比特币 价格', explain: 'syntax.and' },
  { query: '"战略石油储备"', explain: 'syntax.phrase' },
  { query: '苹果 OR 华为', explain: 'syntax.or' },
  { query: '芯片 -手机', explain: 'syntax.exclude' },
  { query: 'title:PMI', explain: 'syntax.title' },
  { query: 'author:观察者网', explain: 'syntax.author' },
  { query: 'source:cnBeta', explain: 'syntax.source' },
  { query: 'category:新媒体', explain: 'syntax.category' },
  { query: 'date:2021-06', explain: 'syntax.month' },
  { query: 'date:2021-06-01..2021-07-15', explain: 'syntax.range' },
  { query: 'after:2021-06-01 before:2021-07-01', explain: 'syntax.beforeAfter' },
]
