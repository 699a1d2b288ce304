#!/usr/bin/env node
// The one command CI runs (`npm test`, alias `npm run check`): lint, types, format,
// unit + integration + corpus tests, build, then browser end-to-end specs.
// Each stage prints its own output; the last line sums the test counts as
// "N passed, N failed, N skipped" so CI can read the result.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const reports = path.join(root, 'test-results')
mkdirSync(reports, { recursive: true })
const only = process.argv.slice(2)

const totals = { passed: 0, failed: 0, skipped: 0 }
const failures = []

function run(name, command, args, env = {}) {
  if (only.length > 0 && !only.includes(name)) return true
  process.stdout.write(`\n=== ${name}: ${command} ${args.join(' ')}\n`)
  const started = Date.now()
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  const ok = result.status === 0
  process.stdout.write(
    `=== ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s\n`,
  )
  if (!ok) failures.push(name)
  return ok
}

function countVitest(file) {
  if (!existsSync(file)) return
  const report = JSON.parse(readFileSync(file, 'utf8'))
  totals.passed += report.numPassedTests ?? 0
  totals.failed += report.numFailedTests ?? 0
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
}

function countPlaywright(file) {
  if (!existsSync(file)) return
  const stats = JSON.parse(readFileSync(file, 'utf8')).stats ?? {}
  totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0)
  totals.failed += stats.unexpected ?? 0
  totals.skipped += stats.skipped ?? 0
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name)

run('lint', bin('eslint'), ['.', '--max-warnings=0'])
run('format', bin('prettier'), ['--check', '.'])
run('typecheck', 'npm', ['run', '--silent', 'typecheck'])
const vitestReport = path.join(reports, 'vitest.json')
run('unit+integration', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
])
countVitest(vitestReport)
const built = run('build', 'npm', ['run', '--silent', 'build'])
const e2eDir = path.join(root, 'test', 'e2e')
const hasSpecs = existsSync(e2eDir) && readdirSync(e2eDir).some((f) => f.endsWith('.spec.ts'))
if (hasSpecs && built) {
  const pwReport = path.join(reports, 'playwright.json')
  run('e2e', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwReport })
  countPlaywright(pwReport)
}

process.stdout.write('\n')
if (failures.length > 0) process.stdout.write(`Failed stages: ${failures.join(', ')}\n`)
process.stdout.write(
  `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`,
)
process.exit(failures.length > 0 || totals.failed > 0 ? 1 : 0)
