/**
 * The parent side of a measurement: runs a bench child script (see lib/child.ts) in a
 * fresh `node --import tsx` process and returns its timing, peak RSS and result.
 */
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { RESULT_MARKER, type ChildReport } from './child'

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

export interface ChildMeasurement<R> extends ChildReport<R> {
  /** Seconds from spawn to exit, start-up included. */
  processSeconds: number
}

export interface RunChildOptions {
  /** Extra flags for node, e.g. ['--max-old-space-size=4096']. */
  nodeFlags?: string[]
  timeoutMs?: number
  env?: NodeJS.ProcessEnv
}

/** Runs `script` (a path relative to the repo root or absolute) with JSON `args`. */
export function runChild<R>(
  script: string,
  args: unknown,
  options: RunChildOptions = {},
): Promise<ChildMeasurement<R>> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(options.nodeFlags ?? []), '--import', 'tsx', script, JSON.stringify(args)],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer)
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER))
      if (code !== 0 || line === undefined) {
        const why = signal ? `killed by ${signal}` : `exit code ${code}`
        const tail = (stderr || stdout).trim().split('\n').slice(-12).join('\n')
        reject(new Error(`bench: ${script} failed (${why})\n${tail}`))
        return
      }
      const report = JSON.parse(line.slice(RESULT_MARKER.length)) as ChildReport<R>
      resolve({ ...report, processSeconds: (performance.now() - started) / 1000 })
    })
  })
}

/** Peak RSS of a child that does nothing: the fixed cost of Node + tsx in every number. */
export async function baselineRssMB(): Promise<number> {
  const m = await runChild<null>('test/bench/children/noop.child.ts', {})
  return m.peakRssMB
}
