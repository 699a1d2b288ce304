import type { CliCommand } from './types'
import type { SearchSort } from '../../../shared/contract/api'
import { createCore } from '../../core/createCore'
import { defaultDataDir } from '../../core/state/paths'
import { oneLine, writeJson, writeOut } from '../output'
import { oneOf, wholeNumber } from '../optionValues'

export const searchCommand: CliCommand = {
  name: 'search',
  args: '<folder> <query>',
  // `-英特尔` (exclude 英特尔) is a query, not an option.
  textPositional: 1,
  summary:
    'Full-text search (exact substrings, Chinese included; fields like title:, source:, date:2021-06). Builds the index first.',
  flags: {
    json: {
      type: 'boolean',
      description: 'Print one JSON document: total, hits with snippets, facets.',
    },
    limit: { type: 'string', description: 'Hits to print (default 20, at most 500).' },
    sort: { type: 'string', description: 'relevance (default) or date.' },
    'data-dir': {
      type: 'string',
      description: "The app's data folder (default: the platform's config folder).",
    },
  },
  async run([folder, query], flags) {
    const limit = wholeNumber(flags.limit, 'limit', { min: 1, max: 500 }) ?? 20
    const sort = oneOf<SearchSort>(flags.sort, 'sort', ['relevance', 'date'], 'relevance')
    const core = await createCore({
      dataDir: (flags['data-dir'] as string | undefined) ?? defaultDataDir(),
      watch: false,
    })
    try {
      const indexed = new Promise<void>((resolve) => {
        core.subscribe((event) => {
          if (event.type === 'index-progress') {
            if (process.stderr.isTTY)
              process.stderr.write(`\rindexing ${event.indexed}/${event.total || '?'}`)
            if (event.done) resolve()
          }
        })
      })
      await core.openArchive({ path: folder as string })
      await indexed
      if (process.stderr.isTTY) process.stderr.write('\n')
      const result = await core.search({ query: query as string, limit, sort })
      if (flags.json) {
        writeJson({ folder, query, ...result })
        return 0
      }
      const lines = [
        `${result.total} article${result.total === 1 ? '' : 's'} match ${JSON.stringify(query)}`,
      ]
      // Four lines per hit whatever the id, title or snippet hold.
      for (const hit of result.hits) {
        lines.push(
          '',
          oneLine(
            `${bracketed(hit.title, hit.titleMarks)}  [${hit.source ?? '?'}, ${hit.date?.slice(0, 10) ?? 'undated'}, score ${hit.score}]`,
          ),
          `  ${oneLine(hit.id)}`,
          `  ${oneLine(bracketed(hit.snippet.text, hit.snippet.marks))}`,
        )
      }
      writeOut(lines.join('\n'))
      return 0
    } finally {
      await core.dispose()
    }
  },
}

/** `text` with its marks shown as 【…】: readable in any terminal, and in Chinese text. */
function bracketed(text: string, marks: readonly [number, number][]): string {
  let out = ''
  let at = 0
  for (const [start, end] of marks) {
    out += `${text.slice(at, start)}【${text.slice(start, end)}】`
    at = end
  }
  return out + text.slice(at)
}
