import type { CliCommand } from './types'
import { collectSummaries } from './scanCollect'
import { writeErr, writeJson, writeTable } from '../output'
import { timeZone } from '../optionValues'

export const listCommand: CliCommand = {
  name: 'list',
  args: '<folder>',
  summary: 'One row per article: id, title, date, date source, categories, author, images, issues.',
  flags: {
    json: {
      type: 'boolean',
      description: 'Print one JSON document (all parsed fields) instead of a table.',
    },
    'time-zone': {
      type: 'string',
      description: 'IANA zone for dates written without one (default: this machine).',
    },
  },
  async run([folder], flags) {
    const summaries = await collectSummaries(folder as string, timeZone(flags['time-zone']))
    if (flags.json) {
      writeJson({ folder, count: summaries.length, articles: summaries })
    } else {
      writeTable(
        ['id', 'title', 'date', 'dateSource', 'categories', 'author', 'images', 'issues'],
        summaries.map((a) => [
          a.id,
          a.title,
          a.date ?? '',
          a.dateSource,
          a.categories.map((p) => p.join('/')).join('; '),
          a.author ?? '',
          String(a.imageCount),
          a.issues.map((i) => i.code).join(','),
        ]),
      )
      const withIssues = summaries.filter((a) => a.issues.length > 0).length
      writeErr(`${summaries.length} articles, ${withIssues} with issues`)
    }
    return 0
  },
}
