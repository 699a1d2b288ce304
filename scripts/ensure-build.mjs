// Shared by scripts/start.mjs and scripts/serve.mjs: runs `npm run build` when out/ is missing
// or older than the sources, so `npm start` / `npm run serve` always run the current code.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

export const root = path.resolve(import.meta.dirname, '..')

/** The build outputs the app needs; the oldest one decides whether the build is stale. */
const OUTPUTS = [
  'out/main/index.js',
  'out/main/cli.js',
  'out/main/coreHost.js',
  'out/preload/index.js',
  'out/renderer/index.html',
]
const INPUTS = ['src', 'electron.vite.config.ts', 'package.json']

function newestMtime(target) {
  if (!existsSync(target)) return 0
  const info = statSync(target)
  if (!info.isDirectory()) return info.mtimeMs
  let newest = 0
  for (const entry of readdirSync(target)) {
    newest = Math.max(newest, newestMtime(path.join(target, entry)))
  }
  return newest
}

/** Why a build is needed, or null when out/ is current. */
export function staleReason() {
  const outputs = OUTPUTS.map((file) => path.join(root, file))
  if (outputs.some((file) => !existsSync(file))) return 'out/ is missing or incomplete'
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs))
  const newestInput = Math.max(...INPUTS.map((input) => newestMtime(path.join(root, input))))
  return newestInput > oldestOutput ? 'the sources changed since the last build' : null
}

/** Builds when needed; exits the process with the build's status when it fails. */
export function ensureBuilt() {
  const reason = staleReason()
  if (!reason) return
  process.stdout.write(`Building first (${reason}): npm run build\n`)
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const build = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) {
    process.stderr.write('The build failed (see above); fix it, then try again.\n')
    process.exit(build.status ?? 1)
  }
}
