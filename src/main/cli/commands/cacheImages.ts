/**
 * `cache-images <folder>`: downloads every image of an archive into the app's image cache (the
 * same cache the app reads), with a progress bar on a terminal and a summary at the end. A
 * second run downloads nothing new: images already recorded (cached or failed) are skipped.
 */
import type { CliCommand } from './types'
import type { CacheProgressEvent } from '../../../shared/contract/events'
import { createCore } from '../../core/createCore'
import { defaultDataDir } from '../../core/state/paths'
import { writeJson, writeOut } from '../output'
import { wholeNumber } from '../optionValues'

export const cacheImagesCommand: CliCommand = {
  name: 'cache-images',
  args: '<folder>',
  summary: "Downloads every image of the archive into the app's offline image cache.",
  flags: {
    concurrency: {
      type: 'string',
      description: 'Parallel downloads in all (default: settings, 6).',
    },
    offline: { type: 'boolean', description: 'Touch no network: only report what is cached.' },
    json: {
      type: 'boolean',
      description: 'Print one JSON document: counts, failures, bytes, seconds.',
    },
    'data-dir': {
      type: 'string',
      description: "The app's data folder (default: the platform's config folder).",
    },
  },
  async run([folder], flags) {
    const concurrency = wholeNumber(flags.concurrency, 'concurrency', { min: 1, max: 32 })
    const startedAt = performance.now()
    const core = await createCore({
      dataDir: (flags['data-dir'] as string | undefined) ?? defaultDataDir(),
      watch: false,
      images: {
        background: false,
        ...(concurrency !== undefined ? { concurrency } : {}),
        ...(flags.offline ? { offline: true } : {}),
      },
    })
    const bar = process.stderr.isTTY ? progressBar() : null
    try {
      await core.openArchive({ path: folder as string })
      // The run ends with a cache-progress event saying it no longer runs.
      let armed = false
      let ended: () => void = () => undefined
      const end = new Promise<void>((resolve) => (ended = resolve))
      const unsubscribe = core.subscribe((event) => {
        if (event.type !== 'cache-progress') return
        bar?.(event)
        if (armed && !event.running) ended()
      })
      armed = true
      const started = await core.cacheAllImages()
      if (started.running) await end
      unsubscribe()
      bar?.(null)
      const report = await core.getImageCacheReport({ failuresLimit: 1000 })
      const summary = report.lastRun ?? { ok: 0, bytes: 0 }
      const seconds = (performance.now() - startedAt) / 1000
      const failedByReason: Record<string, number> = {}
      for (const [status, count] of Object.entries(report.byStatus))
        if (status !== 'ok' && status !== 'not-cached' && status !== 'pending')
          failedByReason[status] = count
      const result = {
        folder,
        images: report.status.total,
        ok: report.status.cached,
        failed: report.status.failed,
        blocked: report.status.blocked,
        notCached: report.byStatus['not-cached'] ?? 0,
        failedByReason,
        downloaded: summary.ok,
        downloadedBytes: summary.bytes,
        cacheBytes: report.cacheBytes,
        seconds: Math.round(seconds * 10) / 10,
        offline: flags.offline === true,
        failures: report.failures,
      }
      if (flags.json) {
        writeJson(result)
        return 0
      }
      const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`
      const lines = [
        `${result.images} images: ${result.ok} ok, ${result.failed} failed, ${result.blocked} blocked` +
          (result.notCached ? `, ${result.notCached} not cached` : ''),
        `downloaded ${summary.ok} (${mb(summary.bytes)}) in ${result.seconds} s; cache holds ${mb(result.cacheBytes)}`,
      ]
      const reasons = Object.entries(failedByReason).sort((a, b) => b[1] - a[1])
      if (reasons.length > 0) {
        lines.push('failed by reason:')
        for (const [reason, count] of reasons)
          lines.push(`  ${String(count).padStart(7)}  ${reason}`)
      }
      writeOut(lines.join('\n'))
      return 0
    } finally {
      await core.dispose()
    }
  },
}

/** A one-line progress bar on stderr; null ends it. */
function progressBar(): (event: CacheProgressEvent | null) => void {
  let last = ''
  return (event) => {
    if (!event) {
      if (last) process.stderr.write('\n')
      return
    }
    const done = event.cached + event.failed + event.blocked
    const total = Math.max(event.total, done, 1)
    const width = 30
    const filled = Math.round((done / total) * width)
    const line =
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${event.total} ` +
      `(${event.cached} ok, ${event.failed} failed, ${event.pending} pending)`
    if (line !== last) process.stderr.write(line)
    last = line
  }
}
