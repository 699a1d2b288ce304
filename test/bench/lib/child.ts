/**
 * The child side of a measurement: a bench child script calls runBenchChild(work). It
 * reads its JSON arguments from argv[2], times `work`, reads its own peak RSS and prints
 * one result line for the parent (lib/measure.ts). Measuring in a fresh process keeps
 * one bench's heap and caches from inflating the next one's numbers.
 */
import { readFileSync } from 'node:fs'

export const RESULT_MARKER = '@@BENCH_RESULT@@'

export interface ChildReport<R> {
  /** Seconds spent in `work` (excludes Node and tsx start-up). */
  wallSeconds: number
  /** Peak resident set size of the whole process, in MB. */
  peakRssMB: number
  result: R
}

/** Peak RSS in MB: VmHWM from /proc on Linux, else Node's maxRSS (same meaning, in KB). */
export function peakRssMB(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8')
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1]
    if (kb !== undefined) return Number(kb) / 1024
  } catch {
    // Not Linux: fall through to the portable counter.
  }
  return process.resourceUsage().maxRSS / 1024
}

export async function runBenchChild<A, R>(work: (args: A) => Promise<R>): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as A
  const started = performance.now()
  const result = await work(args)
  const report: ChildReport<R> = {
    wallSeconds: (performance.now() - started) / 1000,
    peakRssMB: peakRssMB(),
    result,
  }
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(report)}\n`)
}

/** For `runBenchChild(...).catch(exitOnError)`: prints the error and exits non-zero. */
export function exitOnError(error: unknown): never {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exit(1)
}
