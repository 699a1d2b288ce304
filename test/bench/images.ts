/**
 * Image cache bench: 2,000 images of 50–500 KB from a loopback server (3 hosts, 20 ms latency per
 * request), cached by the app's image cache (queue, per-host limits, magic-byte validation, temp
 * file + rename, manifest) and, in the same run, by a plain parallel downloader with the same
 * concurrency and no validation or manifest. Targets: cache ≥ 80 % of the plain throughput, and
 * the cache's peak RSS ≤ 300 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { numberOption, type BenchArgs } from './lib/args'
import { REPO_ROOT, baselineRssMB, runChild, type ChildMeasurement } from './lib/measure'
import { printTable } from './lib/table'
import type { DownloadArgs, DownloadResult } from './imagesShared'

export const description = 'image cache vs a plain parallel downloader: 2,000 images, 20 ms latency'

const RATIO_TARGET = 0.8
const RSS_TARGET_MB = 300

async function startServer(
  hosts: number,
  latencyMs: number,
): Promise<{ ports: number[]; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/bench/children/imageServer.child.ts',
      String(hosts),
      String(latencyMs),
    ],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const ports = await new Promise<number[]>((resolve, reject) => {
    let text = ''
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk
      const match = /PORTS ([\d,]+)/.exec(text)
      if (match?.[1]) resolve(match[1].split(',').map(Number))
    })
    child.on('exit', (code) => reject(new Error(`bench: the image server exited (${code})`)))
  })
  return { ports, child }
}

export async function run(args: BenchArgs): Promise<void> {
  const count = numberOption(args, 'images', 2000)
  const concurrency = numberOption(args, 'concurrency', 6)
  const perHost = numberOption(args, 'per-host', 2)
  const hosts = numberOption(args, 'hosts', 3)
  const latency = numberOption(args, 'latency', 20)
  const runs = Math.max(1, numberOption(args, 'runs', 1))
  const log = (line: string): void => void process.stdout.write(`${line}\n`)
  log(
    `images bench: ${count} images of 50–500 KB on ${hosts} loopback hosts, ${latency} ms latency, ` +
      `concurrency ${concurrency} (cache: ${perHost} per host), ${runs} run(s) each`,
  )
  const baseline = await baselineRssMB()
  const server = await startServer(hosts, latency)
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'archive-browser-images-bench-'))
  const measure = async (script: string): Promise<ChildMeasurement<DownloadResult>> => {
    const dataDir = await mkdtemp(path.join(scratch, 'run-'))
    const downloadArgs: DownloadArgs = { ports: server.ports, count, concurrency, perHost, dataDir }
    try {
      return await runChild<DownloadResult>(script, downloadArgs, { timeoutMs: 20 * 60_000 })
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  }
  try {
    // Alternate the two sides so neither always runs on a warmer machine.
    const plain: ChildMeasurement<DownloadResult>[] = []
    const cache: ChildMeasurement<DownloadResult>[] = []
    for (let i = 0; i < runs; i++) {
      plain.push(await measure('test/bench/children/imagesPlain.child.ts'))
      cache.push(await measure('test/bench/children/imagesCache.child.ts'))
    }
    const best = (list: ChildMeasurement<DownloadResult>[]) =>
      list.reduce((a, b) => (b.wallSeconds < a.wallSeconds ? b : a))
    const p = best(plain)
    const c = best(cache)
    const row = (name: string, m: ChildMeasurement<DownloadResult>) => [
      name,
      m.result.ok,
      m.result.failed,
      m.result.bytes / 1e6,
      m.wallSeconds,
      m.result.ok / m.wallSeconds,
      m.result.bytes / 1e6 / m.wallSeconds,
      m.peakRssMB,
    ]
    const ratio = p.wallSeconds / c.wallSeconds
    log('')
    printTable(
      [
        { header: 'downloader', align: 'left' },
        { header: 'ok', digits: 0 },
        { header: 'failed', digits: 0 },
        { header: 'MB', digits: 1 },
        { header: 'seconds' },
        { header: 'images/s', digits: 1 },
        { header: 'MB/s', digits: 1 },
        { header: 'peak RSS MB', digits: 0 },
      ],
      [row('plain parallel', p), row('image cache', c)],
    )
    log('')
    log(
      `throughput cache/plain: ${(ratio * 100).toFixed(1)} % (target ≥ ${RATIO_TARGET * 100} %): ${ratio >= RATIO_TARGET ? 'PASS' : 'MISS'}`,
    )
    log(
      `image cache peak RSS: ${c.peakRssMB.toFixed(0)} MB (target ≤ ${RSS_TARGET_MB} MB): ${c.peakRssMB <= RSS_TARGET_MB ? 'PASS' : 'MISS'}`,
    )
    log(
      `RSS includes ${baseline.toFixed(0)} MB for Node + tsx alone; times are inside each child (start-up excluded), best of ${runs}.`,
    )
    if (c.result.ok !== count || p.result.ok !== count) {
      log(
        `\nFAILED: expected ${count} images on both sides (cache ${c.result.ok}, plain ${p.result.ok})`,
      )
      process.exitCode = 1
    }
  } finally {
    server.child.stdin?.end()
    server.child.kill()
    await rm(scratch, { recursive: true, force: true })
  }
}
