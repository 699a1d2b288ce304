#!/usr/bin/env node
// The package's `bin`: runs the built CLI (npm run build), or explains how to get it.
const { existsSync } = require('node:fs')
const path = require('node:path')

const built = path.join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(built)) {
  process.stderr.write(
    'archive-browser: the CLI is not built yet. Run `npm run build`, or use `npm run cli -- <command>` from the source tree.\n',
  )
  process.exit(1)
}
require(built)
