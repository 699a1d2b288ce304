/** A CLI command: its usage line, its flags and what it does. */
export interface CliFlagSpec {
  type: 'boolean' | 'string'
  short?: string
  description: string
}

export interface CliCommand {
  name: string
  /** Positional arguments, shown in usage: e.g. '<folder> <id>'. */
  args: string
  /**
   * The index of a positional that is free text (a search query): there an argument that
   * starts with "-" and is no option is that positional, without "--" before it (args.ts).
   */
  textPositional?: number
  summary: string
  flags: Record<string, CliFlagSpec>
  /** Returns the process exit code. */
  run(positionals: string[], flags: Record<string, string | boolean | undefined>): Promise<number>
}
