/**
 * Scan bench: how close the scanner (walk + read + parse every article) comes to the raw
 * floor (walk + read + front-matter YAML only), at 10k and 100k generated articles.
 * Targets: scan/floor ≤ 2.0, and peak RSS ≤ 400 MB at 100k.
 */
import { resolve } from 'node:path'
import { DEFAULT_SEED, ensureBenchArchive, readBenchMarker } from '../support/generator'
import { numberOption, sizesOption, type BenchArgs } from './lib/args'
import { REPO_ROOT, baselineRssMB, runChild, type ChildMeasurement } from './lib/measure'
import { printTable } from './lib/table'
import type { FloorArgs, FloorResult } from './children/scanFloor.child'
import type { ScanArgs, ScanResult } from './children/scanArchive.child'

export const description = 'scanner vs raw floor (read + front-matter YAML) at 10k/100k articles'

const RATIO_TARGET = 2.0
const RSS_TARGET_MB = 400
const RSS_TARGET_FROM = 100_000
/** The scanner's default; passed to both sides so they have the same files in flight. */
const DEFAULT_CONCURRENCY = 16

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[sorted.length >> 1] ?? Number.NaN
}

/** Runs a child `runs` times; wall time is the median, RSS the worst. */
async function repeat<R>(
  runs: number,
  once: () => Promise<ChildMeasurement<R>>,
): Promise<ChildMeasurement<R>> {
  const all: ChildMeasurement<R>[] = []
  for (let i = 0; i < runs; i++) all.push(await once())
  const first = all[0] as ChildMeasurement<R>
  return {
    ...first,
    wallSeconds: median(all.map((m) => m.wallSeconds)),
    peakRssMB: Math.max(...all.map((m) => m.peakRssMB)),
  }
}

export async function run(args: BenchArgs): Promise<void> {
  const sizes = sizesOption(args, [10_000, 100_000])
  const seed = numberOption(args, 'seed', DEFAULT_SEED)
  const concurrency = numberOption(args, 'concurrency', DEFAULT_CONCURRENCY)
  const runs = Math.max(1, numberOption(args, 'runs', 1))
  const module = resolve(
    REPO_ROOT,
    args.options.get('scan-module') ?? 'src/main/core/archive/scan.ts',
  )

  const log = (line: string): void => void process.stdout.write(`${line}\n`)
  log(
    `scan bench: sizes ${sizes.join(', ')}, seed ${seed}, ${concurrency} files in flight, ${runs} run(s) each`,
  )
  log(`scanner: ${module}`)
  const baseline = await baselineRssMB()

  const rows: (string | number)[][] = []
  const failures: string[] = []
  for (const size of sizes) {
    const cached = await readBenchMarker(size, seed)
    if (!cached) log(`generating ${size} articles (cached for next time)...`)
    const root = await ensureBenchArchive(size, seed)
    const marker = await readBenchMarker(size, seed)
    if (!cached && marker)
      log(
        `  generated ${marker.files} files, ${(marker.bytes / 1e6).toFixed(1)} MB in ${marker.generateSeconds.toFixed(1)} s`,
      )

    const floorArgs: FloorArgs = { root, concurrency }
    // The page cache cannot be dropped without root: warm it instead, so both sides read from memory.
    await runChild<FloorResult>('test/bench/children/scanFloor.child.ts', floorArgs)
    const floor = await repeat(runs, () =>
      runChild<FloorResult>('test/bench/children/scanFloor.child.ts', floorArgs),
    )

    const scanArgs: ScanArgs = { root, concurrency, module }
    let scan: ChildMeasurement<ScanResult> | undefined
    try {
      scan = await repeat(runs, () =>
        runChild<ScanResult>('test/bench/children/scanArchive.child.ts', scanArgs, {
          timeoutMs: 30 * 60_000,
        }),
      )
    } catch (error) {
      failures.push(`${size}: ${error instanceof Error ? error.message : String(error)}`)
    }

    const ratio = scan ? scan.wallSeconds / floor.wallSeconds : Number.NaN
    const rssTargetApplies = size >= RSS_TARGET_FROM
    rows.push([
      size.toLocaleString('en-US'),
      floor.result.files,
      floor.result.bytes / 1e6,
      floor.wallSeconds,
      scan?.wallSeconds ?? Number.NaN,
      scan ? scan.result.articles / scan.wallSeconds : Number.NaN,
      scan?.result.withIssues ?? Number.NaN,
      ratio,
      floor.peakRssMB,
      scan?.peakRssMB ?? Number.NaN,
      scan ? (ratio <= RATIO_TARGET ? 'PASS' : 'MISS') : 'FAIL',
      !rssTargetApplies ? '-' : scan ? (scan.peakRssMB <= RSS_TARGET_MB ? 'PASS' : 'MISS') : 'FAIL',
    ])
    if (scan && scan.result.articles !== floor.result.files) {
      failures.push(
        `${size}: the scanner yielded ${scan.result.articles} articles for ${floor.result.files} files`,
      )
    }
  }

  log('')
  printTable(
    [
      { header: 'articles', align: 'right' },
      { header: 'files', digits: 0 },
      { header: 'MB', digits: 1 },
      { header: 'floor s' },
      { header: 'scan+parse s' },
      { header: 'articles/s', digits: 0 },
      { header: 'w/ issues', digits: 0 },
      { header: 'scan/floor' },
      { header: 'floor RSS MB', digits: 0 },
      { header: 'scan RSS MB', digits: 0 },
      { header: `ratio<=${RATIO_TARGET.toFixed(1)}` },
      { header: `RSS<=${RSS_TARGET_MB}MB@100k` },
    ],
    rows,
  )
  log('')
  log(
    `Warm page cache: the floor ran once unmeasured before each size, so both sides read from memory.`,
  )
  log(`Times are inside the child (start-up excluded). RSS is the child's peak (VmHWM), including`)
  log(
    `${baseline.toFixed(0)} MB for Node + tsx alone. The floor reads and YAML-parses front matter only.`,
  )
  for (const failure of failures) log(`\nFAILED ${failure}`)
  if (failures.length > 0) process.exitCode = 1
}
