/** Command-line options shared by the benches: `--name value` or `--name=value`. */

export interface BenchArgs {
  /** Raw options by name. */
  options: Map<string, string>
  /** Words that are not options. */
  positional: string[]
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const options = new Map<string, string>()
  const positional: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    if (eq > 0) options.set(arg.slice(2, eq), arg.slice(eq + 1))
    else if (argv[i + 1] !== undefined && !(argv[i + 1] ?? '').startsWith('--'))
      options.set(arg.slice(2), argv[++i] ?? '')
    else options.set(arg.slice(2), 'true')
  }
  return { options, positional }
}

export function numberOption(args: BenchArgs, name: string, fallback: number): number {
  const raw = args.options.get(name)
  if (raw === undefined) return fallback
  const value = Number(raw.replace(/_/g, ''))
  if (!Number.isFinite(value)) throw new Error(`bench: --${name} must be a number, got "${raw}"`)
  return value
}

/** `--sizes 10000,100000` (k suffix allowed: `10k,100k`). */
export function sizesOption(args: BenchArgs, fallback: readonly number[]): number[] {
  const raw = args.options.get('sizes')
  if (raw === undefined) return [...fallback]
  return raw.split(',').map((part) => {
    const match = /^(\d+(?:\.\d+)?)(k?)$/i.exec(part.trim().replace(/_/g, ''))
    if (!match) throw new Error(`bench: --sizes takes numbers like 10000,100k; got "${part}"`)
    return Math.round(Number(match[1]) * (match[2] ? 1000 : 1))
  })
}
