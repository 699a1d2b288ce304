/**
 * Runs children/searchCore.child.ts (the search figures through createCore) and prints them:
 * part of `npm run bench -- search` (skip with --no-core; --list-before adds the list time
 * of the old wiring, where the index was built beside the library's scan).
 */
import type { SearchCoreArgs, SearchCoreResult } from '../children/searchCore.child'
import { runChild } from './measure'

const CHILD = 'test/bench/children/searchCore.child.ts'

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

export async function printSearchCorePath(
  count: number,
  seed: number,
  options: { changes?: number; listBefore?: boolean } = {},
): Promise<void> {
  const flags = { nodeFlags: ['--max-old-space-size=8192'] }
  if (options.listBefore) {
    const before = await runChild<{ listSeconds: number }>(
      CHILD,
      { count, seed, changes: 0, eager: true } satisfies SearchCoreArgs,
      flags,
    )
    process.stdout.write(
      `app path (createCore), old wiring (index built beside the scan): list complete ${before.result.listSeconds.toFixed(1)} s\n`,
    )
  }
  const run = await runChild<SearchCoreResult>(
    CHILD,
    { count, seed, changes: options.changes ?? 50 } satisfies SearchCoreArgs,
    flags,
  )
  const r = run.result
  const w = r.warmReport
  process.stdout.write(
    `app path (createCore): cold open → list complete ${r.listColdSeconds.toFixed(1)} s, first page of results ${r.firstResultsColdSeconds.toFixed(1)} s, ` +
      `index complete ${r.fullColdSeconds.toFixed(1)} s; event-loop delay p99 ${r.loopP99Ms.toFixed(1)} ms (max ${r.loopMaxMs.toFixed(0)}); ` +
      `peak RSS ${run.peakRssMB.toFixed(0)} MB\n` +
      `app path (createCore): change on disk → searchable (${r.changeMs.length} changes) p50 ${percentile(r.changeMs, 50).toFixed(0)} ms, ` +
      `p95 ${percentile(r.changeMs, 95).toFixed(0)} ms, max ${Math.max(...r.changeMs).toFixed(0)} ms; close (save) ${r.closeSeconds.toFixed(1)} s\n` +
      `app path (createCore): warm reopen → list shows all ${r.warmListShownSeconds.toFixed(2)} s, first page of results ${r.warmFirstResultsSeconds.toFixed(2)} s, ` +
      `list verified (ready) ${r.warmListSeconds.toFixed(1)} s, ` +
      `index up to date ${r.warmSyncedSeconds.toFixed(1)} s (restored: ${String(w?.restored)}, ${w?.reindexed ?? '?'} files read, ${w?.unchanged ?? '?'} unchanged)\n\n`,
  )
}
