/**
 * `npm run bench -- search-app [--sizes 100k] [--seed 1] [--per-class 30]`
 *
 * The search latency the UI feels: `core.search({query, limit: 50})` through the whole engine
 * (createCore → library → search service → worker and back, facets included), on the cached
 * generated archive, per query class, without and with a list filter. The data folder is kept
 * between runs under the bench cache, so a second run reopens the index from its snapshot.
 * The breakdown comes from the search service's `onSearched` timings: the list filter on this
 * thread, the worker's own time, the round trip minus it (messages, structured clone) and the
 * work on this thread after the reply (matches → summaries, facets, hits).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { ArticleFilter } from '../../src/shared/contract/api'
import { createCore } from '../../src/main/core/createCore'
import { createSearchService, type SearchTiming } from '../../src/main/core/search/searchService'
import type { BenchArgs } from './lib/args'
import { numberOption, sizesOption } from './lib/args'
import { printTable } from './lib/table'
import {
  benchArchiveDir,
  ensureBenchArchive,
  generateArticle,
  toIndexable,
} from '../support/generator/index'
import { QuerySampler, type QueryClass, type SampleArticle } from '../unit/search/querySampler'

export const description =
  'core.search at the app level (filters, facets, worker round trip): latency per query class'

const CLASSES: QueryClass[] = ['cjk2', 'cjk3', 'ascii', 'two-terms', 'fields']
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

const median = (values: number[]): number => percentile(values, 50)

async function runSize(count: number, seed: number, perClass: number): Promise<void> {
  const root = await ensureBenchArchive(count, seed)
  const dataDir = path.join(benchArchiveDir(count, seed), 'search-app-data')
  fs.mkdirSync(dataDir, { recursive: true })
  const last: { timing: SearchTiming | null } = { timing: null }
  const opening = performance.now()
  const core = await createCore(
    { dataDir },
    {
      createSearch: (options) =>
        createSearchService({ ...options, onSearched: (t) => (last.timing = t) }),
    },
  )
  try {
    await core.openArchive({ path: root })
    for (;;) {
      const info = await core.getArchiveInfo()
      if (info && info.status === 'ready' && info.progress.indexed >= info.articleCount) break
      await sleep(250)
    }
    process.stdout.write(
      `${count} articles: ready (list + index) after ${((performance.now() - opening) / 1000).toFixed(1)} s\n`,
    )
    const samples: SampleArticle[] = []
    const every = Math.max(1, Math.floor(count / 2000))
    for (let i = 0; i < count; i += every) samples.push(toIndexable(generateArticle(seed, i)))
    const sampler = new QuerySampler(samples, seed + 100)
    const firstCategory = (samples[0]?.categories[0] ?? []).slice(0, 1)
    const filters: { name: string; filter?: ArticleFilter }[] = [
      { name: 'none' },
      { name: `category ${firstCategory.join('/')}`, filter: { categoryPath: firstCategory } },
      { name: 'unread', filter: { marks: 'unread' } },
    ]
    // Warm-up: the first search builds what later ones reuse.
    await core.search({ query: '的', limit: 50 })
    const rows: string[][] = []
    for (const { name, filter } of filters) {
      for (const kind of CLASSES) {
        const ms: number[] = []
        const phases: SearchTiming[] = []
        let matched = 0
        for (let i = 0; i < perClass; i++) {
          const query = sampler.query(kind)
          if (query === null) continue
          last.timing = null
          const started = performance.now()
          const result = await core.search({ query, limit: 50, ...(filter ? { filter } : {}) })
          ms.push(performance.now() - started)
          matched += result.total
          if (last.timing) phases.push(last.timing)
        }
        const phase = (key: keyof SearchTiming): string =>
          median(phases.map((t) => t[key])).toFixed(1)
        rows.push([
          name,
          kind,
          String(ms.length),
          String(Math.round(matched / Math.max(1, ms.length))),
          median(ms).toFixed(1),
          percentile(ms, 95).toFixed(1),
          percentile(ms, 99).toFixed(1),
          phase('filterMs'),
          phase('workerMs'),
          phase('transferMs'),
          phase('hostMs'),
        ])
      }
    }
    const headers = ['filter', 'class', 'queries', 'avg matches', 'p50 ms', 'p95 ms', 'p99 ms']
    const phaseHeaders = ['filter ms', 'worker ms', 'transfer ms', 'host ms']
    printTable(
      [...headers, ...phaseHeaders].map((header, i) => ({
        header,
        align: i < 2 ? ('left' as const) : ('right' as const),
      })),
      rows,
    )
    process.stdout.write('(phase columns: medians; load average ' + loadAverage() + ')\n')
  } finally {
    await core.dispose()
  }
}

function loadAverage(): string {
  try {
    return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
  } catch {
    return '?'
  }
}

export async function run(args: BenchArgs): Promise<void> {
  const seed = numberOption(args, 'seed', 1)
  const perClass = numberOption(args, 'per-class', 30)
  for (const count of sizesOption(args, [100_000])) await runSize(count, seed, perClass)
}
