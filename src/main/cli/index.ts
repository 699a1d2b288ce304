#!/usr/bin/env node
/**
 * The command-line front end: `archive-browser <command> ...` or `npm run cli -- <command> ...`.
 * A thin adapter over the engine. Exit codes: 0 success (even when some files have
 * issues: they are part of the result), 1 when the archive or an argument cannot be
 * used, 2 for a usage error.
 */
import { ApiError } from '../../shared/errors'
import type { CliCommand } from './commands/types'
import { listCommand } from './commands/list'
import { showCommand } from './commands/show'
import { statsCommand } from './commands/stats'
import { serveCommand } from './commands/serve'
import { searchCommand } from './commands/search'
import { exportCommand } from './commands/export'
import { cacheImagesCommand } from './commands/cacheImages'
import { quietOnClosedPipes, writeErr, writeOut } from './output'
import { COMMON_FLAGS, positionalRange, splitArgs } from './args'
import { UsageError } from './optionValues'
// Only the version: the bundler keeps no other field of package.json.
import { version } from '../../../package.json'

const COMMANDS: CliCommand[] = [
  listCommand,
  showCommand,
  statsCommand,
  searchCommand,
  exportCommand,
  serveCommand,
  cacheImagesCommand,
]

/** One command's usage: its arguments, what it does, its options. */
function commandUsage(command: CliCommand): string[] {
  const lines = [`  ${command.name} ${command.args}`, `      ${command.summary}`]
  for (const [flag, spec] of [...Object.entries(command.flags), ...Object.entries(COMMON_FLAGS)]) {
    const short = spec.short === undefined ? '' : `, -${spec.short}`
    const value = spec.type === 'string' ? ' <value>' : ''
    lines.push(`      --${flag}${short}${value}  ${spec.description}`)
  }
  return lines
}

function usage(): string {
  const lines = ['Usage: archive-browser <command> [options]', '', 'Commands:']
  for (const command of COMMANDS) lines.push(...commandUsage(command))
  lines.push(
    '',
    'archive-browser --version prints the version.',
    'Diagnostics go to stderr; with --json, stdout holds exactly one JSON document.',
  )
  return lines.join('\n')
}

/** After a usage error in one command: that command's usage, not every command's. */
function usageOf(command: CliCommand): string {
  return [
    `Usage: archive-browser ${command.name} ${command.args} [options]`,
    ...commandUsage(command).slice(1),
    '',
    'archive-browser --help lists every command.',
  ].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    writeOut(usage())
    return name ? 0 : 2
  }
  if (name === '--version') {
    writeOut(version)
    return 0
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    writeErr(`Unknown command "${name}".\n\n${usage()}`)
    return 2
  }
  const parsed = splitArgs(command, rest)
  if (!parsed.ok) {
    writeErr(`${parsed.message}\n\n${usageOf(command)}`)
    return 2
  }
  // Before the positionals are counted: `list --help` has no folder.
  if (parsed.values.help === true) {
    writeOut(usageOf(command))
    return 0
  }
  const expected = positionalRange(command)
  if (parsed.positionals.length < expected.min || parsed.positionals.length > expected.max) {
    writeErr(`"${command.name}" takes ${command.args}.\n\n${usageOf(command)}`)
    return 2
  }
  try {
    return await command.run(parsed.positionals, parsed.values)
  } catch (error) {
    if (error instanceof UsageError) {
      writeErr(`${command.name}: ${error.message}\n\n${usageOf(command)}`)
      return 2
    }
    if (error instanceof ApiError) {
      writeErr(`error ${error.code}: ${error.message}`)
      return 1
    }
    throw error
  }
}

// A command that waits for something that never comes (an event from a worker that died)
// leaves Node nothing to run, and it would exit 0 with nothing printed: say so and fail.
// (`main` sets the exit code when it ends, so an unset one means it never did.)
process.once('beforeExit', () => {
  if (process.exitCode !== undefined) return
  writeErr('internal error: the command stopped before it finished (what it waited for ended).')
  process.exitCode = 1
})

quietOnClosedPipes()
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    writeErr(
      `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    )
    process.exitCode = 1
  },
)
