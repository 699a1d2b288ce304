/**
 * `npm run bench -- <name> [options]`: runs one named bench, or `all` of them in order.
 * To add a bench, write test/bench/<name>.ts exporting `description` and
 * `run(args)`, and register it below with one line.
 */
import { parseArgs, type BenchArgs } from './lib/args'

interface Bench {
  description: string
  run(args: BenchArgs): Promise<void>
}

const BENCHES: Record<string, () => Promise<Bench>> = {
  scan: () => import('./scan'),
  search: () => import('./search'),
  images: () => import('./images'),
  export: () => import('./export'),
  ui: () => import('./ui'),
  'search-app': () => import('./searchApp'),
  'search-size': () => import('./searchSize'),
}

function usage(): string {
  const lines = [
    'usage: npm run bench -- <name|all> [--sizes 10000,100000] [--seed N] [--runs N]',
    '',
    'benches:',
  ]
  for (const name of Object.keys(BENCHES)) lines.push(`  ${name}`)
  lines.push('  all    every bench above, in order')
  return lines.join('\n')
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  const name = args.positional[0]
  if (name === undefined || args.options.has('help')) {
    process.stdout.write(`${usage()}\n`)
    return
  }
  const names = name === 'all' ? Object.keys(BENCHES) : [name]
  for (const benchName of names) {
    const load = BENCHES[benchName]
    if (!load) {
      process.stderr.write(`bench: unknown bench "${benchName}"\n\n${usage()}\n`)
      process.exitCode = 2
      return
    }
    const bench = await load()
    process.stdout.write(`\n=== ${benchName}: ${bench.description}\n`)
    await bench.run({ ...args, positional: args.positional.slice(1) })
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exit(1)
})
