#!/usr/bin/env node
// `npm start [-- <archive folder>]`: builds when out/ is missing or older than the sources, then
// starts the desktop app. When the Electron runtime is not installed (it cannot always be
// downloaded), says so in one paragraph and starts serve mode on the same arguments instead.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const args = process.argv.slice(2)
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function newestMtime(target) {
  if (!existsSync(target)) return 0
  const info = statSync(target)
  if (!info.isDirectory()) return info.mtimeMs
  let newest = 0
  for (const entry of readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)))
  return newest
}

/** The build outputs the app needs; the oldest one decides whether the build is stale. */
const OUTPUTS = [
  'out/main/index.js',
  'out/main/coreHost.js',
  'out/preload/index.js',
  'out/renderer/index.html',
]
const INPUTS = ['src', 'electron.vite.config.ts', 'package.json']

function buildIsStale() {
  const outputs = OUTPUTS.map((file) => path.join(root, file))
  if (outputs.some((file) => !existsSync(file))) return 'out/ is missing or incomplete'
  const oldestOutput = Math.min(...outputs.map((file) => statSync(file).mtimeMs))
  const newestInput = Math.max(...INPUTS.map((input) => newestMtime(path.join(root, input))))
  return newestInput > oldestOutput ? 'the sources changed since the last build' : null
}

/** Where the Electron runtime is, or why there is none (same rule as node_modules/electron/index.js, minus the download). */
function findElectron() {
  const dir = path.join(root, 'node_modules', 'electron')
  if (!existsSync(path.join(dir, 'package.json')))
    return { reason: 'the electron package is not installed (run npm install)' }
  const pathFile = path.join(dir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) {
    const binary = path.join(override, relative || 'electron')
    return existsSync(binary)
      ? { binary }
      : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${binary}` }
  }
  if (!relative)
    return {
      reason: 'node_modules/electron/path.txt is missing, so the runtime was never downloaded',
    }
  const binary = path.join(dir, 'dist', relative)
  return existsSync(binary)
    ? { binary }
    : { reason: `${path.relative(root, binary)} does not exist` }
}

function run(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', env })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

const stale = buildIsStale()
if (stale) {
  process.stdout.write(`Building first (${stale}): npm run build\n`)
  const build = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) {
    process.stderr.write('The build failed (see above); fix it, then run npm start again.\n')
    process.exit(build.status ?? 1)
  }
}

const electron = findElectron()
if (electron.binary) {
  const env = { ...process.env }
  // Set by some shells and tools; it would make Electron behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE
  const extra = []
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    // Chromium refuses to start as root with its sandbox on.
    process.stdout.write('Running as root: starting Electron with --no-sandbox.\n')
    extra.push('--no-sandbox')
  }
  run(electron.binary, [...extra, '.', ...args], env)
} else {
  process.stdout.write(
    `\nThe Electron runtime is not installed (${electron.reason}), and it cannot be downloaded ` +
      'from here: the desktop window needs it. To get it, run `npx install-electron` (or ' +
      '`node node_modules/electron/install.js`) on a machine with network access, or point ' +
      'ELECTRON_MIRROR at a mirror you can reach (or ELECTRON_OVERRIDE_DIST_PATH at an unpacked ' +
      'Electron 45 folder), then run `npm start` again. Meanwhile the same archive browser is ' +
      'started in serve mode below: open the URL it prints in your browser (Ctrl+C stops it).\n\n',
  )
  // scripts/serve.mjs when it exists (npm run serve); otherwise the built CLI's serve command.
  const serveScript = path.join(root, 'scripts', 'serve.mjs')
  if (existsSync(serveScript)) run(process.execPath, [serveScript, ...args])
  else run(process.execPath, [path.join(root, 'out', 'main', 'cli.js'), 'serve', ...args])
}
