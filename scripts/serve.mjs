#!/usr/bin/env node
// `npm run serve [-- <archive folder>] [--port N] [--host ADDR] [--token T] [--export-dir DIR]
// [--data-dir DIR]`: the app in a browser. Builds when out/ is stale, then runs the built CLI's
// `serve` command (src/main/cli/commands/serve.ts), which prints the URL to open.
import { spawn } from 'node:child_process'
import path from 'node:path'
import { ensureBuilt, root } from './ensure-build.mjs'

ensureBuilt()
const child = spawn(
  process.execPath,
  [path.join(root, 'out', 'main', 'cli.js'), 'serve', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
)
// Ctrl+C reaches the child directly (same process group); forwarding it too would deliver it
// twice and cut the child's own shutdown short. Other signals are forwarded.
process.on('SIGINT', () => {})
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
