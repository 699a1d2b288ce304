import type { CliCommand } from './types'
import { collectSummaries } from './scanCollect'
import { computeArchiveStats } from '../../core/archive/stats'
import { writeJson, writeOut } from '../output'
import { timeZone } from '../optionValues'

export const statsCommand: CliCommand = {
  name: 'stats',
  args: '<folder>',
  summary: 'Counts: articles, issues by code, dates by source, articles by category and by month.',
  flags: {
    json: { type: 'boolean', description: 'Print one JSON document.' },
    'time-zone': {
      type: 'string',
      description: 'IANA zone for dates written without one (default: this machine).',
    },
  },
  async run([folder], flags) {
    const zone = timeZone(flags['time-zone'])
    const stats = computeArchiveStats(await collectSummaries(folder as string, zone))
    if (flags.json) {
      writeJson({ folder, ...stats })
      return 0
    }
    const section = (title: string, counts: Record<string, number>, sortByKey = false) => {
      const entries = Object.entries(counts).sort(
        sortByKey
          ? (a, b) => a[0].localeCompare(b[0])
          : (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
      )
      return [
        `${title}:`,
        ...(entries.length
          ? entries.map(([k, v]) => `  ${String(v).padStart(7)}  ${k}`)
          : ['        none']),
      ]
    }
    writeOut(
      [
        `articles: ${stats.articles} (${(stats.bytes / 1048576).toFixed(1)} MB), ${stats.articlesWithIssues} with issues`,
        ...section('issues by code', stats.issuesByCode),
        ...section('dates by source', stats.datesBySource),
        ...section('articles by category', stats.byCategory, true),
        ...section('articles by month', stats.byMonth, true),
      ].join('\n'),
    )
    return 0
  },
}
