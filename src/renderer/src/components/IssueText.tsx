/** One file issue for people: a sentence in the UI's language, then the engine's detail, muted. */
import type { ArticleIssue } from '../../../shared/types/article'
import { issueText, withoutModule } from '../i18n/engineMessages'
import { useI18n } from '../i18n/i18n'

export function IssueText({ issue }: { issue: ArticleIssue }) {
  const { t, locale } = useI18n()
  return (
    <>
      {issueText(issue.code, locale)}
      {issue.line ? ` (${t('health.line', { line: issue.line })})` : ''}{' '}
      <span className="issue-detail" title={issue.code}>
        {withoutModule(issue.message)}
      </span>
    </>
  )
}
