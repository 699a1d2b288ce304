/**
 * Starts the worker threads of the engine. Built (electron-vite), every worker is
 * its own entry next to the main bundle (`out/main/<name>.js`; shared chunks may
 * sit one folder down, hence the parent folder too). From sources (tsx, vitest)
 * it is the TypeScript file, loaded through tsx's CommonJS hooks: `--import tsx`
 * in a worker's execArgv is not honoured by Node 20, so the worker bootstraps tsx itself.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * @param name the build entry name (see electron.vite.config.ts)
 * @param sourceFromCore the source file relative to src/main/core (e.g. 'archive/scanWorker.ts')
 */
export function startWorker(
  name: string,
  sourceFromCore: string,
  options: WorkerOptions = {},
): Worker {
  for (const dir of [__dirname, path.dirname(__dirname)]) {
    const built = path.join(dir, `${name}.js`)
    if (existsSync(built)) return new Worker(built, options)
  }
  const source = path.resolve(__dirname, '..', sourceFromCore)
  if (!existsSync(source)) {
    throw new Error(
      `workers: cannot find the ${name} worker (looked for ${name}.js beside ${__dirname} and for ${source}).`,
    )
  }
  const tsxHooks = createRequire(__filename).resolve('tsx/cjs')
  const bootstrap = `require(${JSON.stringify(tsxHooks)}); require(${JSON.stringify(source)})`
  return new Worker(bootstrap, { ...options, eval: true })
}
