/** Shared by the commands that read a whole archive: scan it, reporting folder warnings on stderr. */
import type { ArticleSummary } from '../../../shared/types/article'
import { scanArchive } from '../../core/archive/scan'
import { toSummary } from '../../core/archive/parseArticle'
import { writeErr } from '../output'

export async function collectSummaries(
  folder: string,
  timeZone?: string,
): Promise<ArticleSummary[]> {
  const summaries: ArticleSummary[] = []
  const options = {
    onWarning: (warning: { message: string }) => writeErr(`warning: ${warning.message}`),
    ...(timeZone ? { timeZone } : {}),
  }
  for await (const article of scanArchive(folder, options)) summaries.push(toSummary(article))
  // Scans finish in I/O order; sort so that output is stable from run to run.
  summaries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return summaries
}
