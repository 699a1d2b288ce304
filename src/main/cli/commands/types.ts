/** A CLI command: its usage line, its flags (node:util parseArgs form) and what it does. */
export interface CliFlagSpec {
  type: 'boolean' | 'string'
  short?: string
  description: string
}

export interface CliCommand {
  name: string
  /** Positional arguments, shown in usage: e.g. '<folder> <id>'. */
  args: string
  summary: string
  flags: Record<string, CliFlagSpec>
  /** Returns the process exit code. */
  run(positionals: string[], flags: Record<string, string | boolean | undefined>): Promise<number>
}
