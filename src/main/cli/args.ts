/**
 * How a command's arguments split into options and positionals. node:util parseArgs took every
 * argument that starts with "-" for options, which a search query often does (`-英特尔`
 * excludes 英特尔): it was refused as the unknown option "-英", with a hint quoting one
 * character; and after "--" everything was positional, so `search <folder> -- "-英特尔" --json`
 * had one argument too many. The rules here:
 * - A known option (`--name`, `--name=value`, `-s`) is always an option, wherever it stands;
 *   a string option takes the next argument as its value unless that is a known option too.
 * - After "--" the arguments fill the positionals still missing, whatever they look like;
 *   any after those are read as options again. A command takes at most so many positionals,
 *   so such an argument could only have been refused as one too many: nothing is ambiguous.
 * - In the command's free-text positional (the search query), an argument that starts with a
 *   single "-" and is no known option is that positional: `-title:x`, `-5`. One that starts
 *   with "--" is not (`--limt` is a mistyped option far more often than a query).
 * - Anything else that starts with "-" is refused, with a hint that quotes it whole.
 * Every command also knows COMMON_FLAGS (`--help`, `-h`).
 */
import type { CliCommand, CliFlagSpec } from './commands/types'

export type OptionValues = Record<string, string | boolean>

export type SplitArgs =
  { ok: true; positionals: string[]; values: OptionValues } | { ok: false; message: string }

/** `<x>` arguments are required, `[x]` optional. */
export function positionalRange(command: CliCommand): { min: number; max: number } {
  const args = command.args.split(' ')
  return {
    min: args.filter((a) => a.startsWith('<')).length,
    max: args.filter((a) => a.startsWith('<') || a.startsWith('[')).length,
  }
}

/**
 * `arg` quoted for a shell: in double quotes (POSIX shells, cmd and PowerShell alike) unless it
 * holds a character those would expand or end on, then in single quotes (POSIX).
 */
export function shellQuote(arg: string): string {
  if (!/["$`\\!]/.test(arg)) return `"${arg}"`
  return `'${arg.replace(/'/g, `'\\''`)}'`
}

/** Options every command takes, besides its own. */
export const COMMON_FLAGS: Record<string, CliFlagSpec> = {
  help: { type: 'boolean', short: 'h', description: "Print this command's usage." },
}

interface KnownOption {
  name: string
  spec: CliFlagSpec
  /** The value written as `--name=value`. */
  inline?: string
}

function knownOption(command: CliCommand, arg: string): KnownOption | null {
  if (arg.startsWith('--')) {
    const eq = arg.indexOf('=')
    const name = arg.slice(2, eq < 0 ? undefined : eq)
    // Own keys only: `--constructor` is no option.
    const flags = Object.hasOwn(command.flags, name) ? command.flags : COMMON_FLAGS
    const spec = Object.hasOwn(flags, name) ? flags[name] : undefined
    if (!spec) return null
    return eq < 0 ? { name, spec } : { name, spec, inline: arg.slice(eq + 1) }
  }
  for (const [name, spec] of [...Object.entries(command.flags), ...Object.entries(COMMON_FLAGS)]) {
    if (spec.short !== undefined && arg === `-${spec.short}`) return { name, spec }
  }
  return null
}

/**
 * How to give `arg` as the positional that comes next (`given` are there already): after "--",
 * quoted whole. Empty when the command takes no more.
 */
function afterDashesHint(command: CliCommand, given: number, arg: string): string {
  const slots = command.args.split(' ')
  if (given >= positionalRange(command).max) return ''
  const example = [command.name, ...slots.slice(0, given), '--', shellQuote(arg)].join(' ')
  return ` To give it as ${slots[given] ?? ''}, put it after "--": ${example}`
}

function unknownOption(command: CliCommand, given: number, arg: string): string {
  const message = `Unknown option ${shellQuote(arg)} for "${command.name}".`
  if (given < positionalRange(command).max) return message + afterDashesHint(command, given, arg)
  const words =
    command.textPositional === undefined
      ? ''
      : '; a query of several words is one argument, in quotes'
  return `${message} It takes ${command.args}, given already${words}.`
}

export function splitArgs(command: CliCommand, args: readonly string[]): SplitArgs {
  const { max } = positionalRange(command)
  const positionals: string[] = []
  const values: OptionValues = {}
  let afterDashes = false
  for (let k = 0; k < args.length; k++) {
    const arg = args[k] as string
    if (afterDashes && positionals.length < max) {
      positionals.push(arg)
      continue
    }
    if (arg === '--') {
      afterDashes = true
      continue
    }
    const option = knownOption(command, arg)
    if (option) {
      const { name, spec, inline } = option
      const next = args[k + 1]
      if (spec.type === 'boolean') {
        if (inline !== undefined)
          return { ok: false, message: `Option "--${name}" takes no value (${shellQuote(arg)}).` }
        values[name] = true
      } else if (inline !== undefined) {
        values[name] = inline
      } else if (next !== undefined && next !== '--' && !knownOption(command, next)) {
        values[name] = next
        k++
      } else {
        // `search <folder> --limit`: the option without its value; a query "--limit" goes after "--".
        const hint =
          command.textPositional === positionals.length
            ? afterDashesHint(command, positionals.length, arg)
            : ''
        return { ok: false, message: `Option "${arg}" needs a value: ${arg} <value>.${hint}` }
      }
      continue
    }
    const freeText =
      command.textPositional === positionals.length && arg.length > 1 && arg[1] !== '-'
    if (arg.startsWith('-') && arg !== '-' && !freeText)
      return { ok: false, message: unknownOption(command, positionals.length, arg) }
    positionals.push(arg)
  }
  return { ok: true, positionals, values }
}
