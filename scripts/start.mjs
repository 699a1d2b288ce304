#!/usr/bin/env node
// `npm start [-- <archive folder>]`: builds when out/ is missing or older than the sources, then
// starts the desktop app. When the Electron runtime is not installed (it cannot always be
// downloaded), says so in one paragraph and starts serve mode on the same arguments instead.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ensureBuilt, root } from './ensure-build.mjs'

const args = process.argv.slice(2)

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
  // Ctrl+C reaches the child directly (same process group); forwarding it too would deliver it
  // twice and cut the child's own shutdown short. Other signals are forwarded.
  process.on('SIGINT', () => {})
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}

ensureBuilt()

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
  // The same as `npm run serve -- <args>` (scripts/serve.mjs): the built CLI's serve command.
  run(process.execPath, [path.join(root, 'out', 'main', 'cli.js'), 'serve', ...args])
}
