/**
 * How the CLI splits a command's arguments (src/main/cli/args.ts): a search query may start
 * with "-" (`-英特尔` excludes 英特尔), "--" makes the next arguments positional without taking
 * the options after them, and a refused argument is quoted whole in the hint. Option values
 * (src/main/cli/optionValues.ts) are checked as strictly.
 */
import { describe, expect, it } from 'vitest'
import { shellQuote, splitArgs, type SplitArgs } from '../../src/main/cli/args'
import { searchCommand } from '../../src/main/cli/commands/search'
import { listCommand } from '../../src/main/cli/commands/list'
import type { CliCommand } from '../../src/main/cli/commands/types'
import { timeZone, UsageError, wholeNumber } from '../../src/main/cli/optionValues'

const search = (...args: string[]): SplitArgs => splitArgs(searchCommand, args)
const ok = (positionals: string[], values: Record<string, string | boolean> = {}): SplitArgs => ({
  ok: true,
  positionals,
  values,
})
const refusal = (result: SplitArgs): string => (result.ok ? 'accepted' : result.message)

describe('cli arguments', () => {
  it('takes a query that starts with "-" where the query goes', () => {
    expect(search('dir', '-英特尔')).toEqual(ok(['dir', '-英特尔']))
    expect(search('dir', '-title:x', '--json')).toEqual(ok(['dir', '-title:x'], { json: true }))
    expect(search('dir', '-5', '--limit', '5')).toEqual(ok(['dir', '-5'], { limit: '5' }))
    expect(search('--json', 'dir', '-"a b"')).toEqual(ok(['dir', '-"a b"'], { json: true }))
    expect(search('dir', '-')).toEqual(ok(['dir', '-']))
  })

  it('reads the arguments after "--" as the positionals still missing, then options again', () => {
    const query = ok(['dir', '-英特尔'], { json: true })
    expect(search('dir', '--', '-英特尔', '--json')).toEqual(query)
    expect(search('--json', 'dir', '--', '-英特尔')).toEqual(query)
    expect(search('--json', '--', 'dir', '-英特尔')).toEqual(query)
    expect(search('dir', '--', '--limit')).toEqual(ok(['dir', '--limit']))
    expect(search('dir', '--', '--json', '--json')).toEqual(ok(['dir', '--json'], { json: true }))
  })

  it('reads known options anywhere, and a value that starts with "-"', () => {
    expect(search('dir', 'x', '--limit=7', '--sort', 'date')).toEqual(
      ok(['dir', 'x'], { limit: '7', sort: 'date' }),
    )
    // The value is the option's: the command then says what is wrong with it.
    expect(search('dir', 'x', '--limit', '-5')).toEqual(ok(['dir', 'x'], { limit: '-5' }))
  })

  it('refuses an option without its value, and says how to search for its name', () => {
    expect(refusal(search('dir', '--limit'))).toBe(
      'Option "--limit" needs a value: --limit <value>. To give it as <query>, put it after "--": search <folder> -- "--limit"',
    )
    expect(refusal(search('dir', 'x', '--limit', '--json'))).toMatch(
      /^Option "--limit" needs a value/,
    )
    expect(refusal(search('dir', 'x', '--json=yes'))).toBe(
      'Option "--json" takes no value ("--json=yes").',
    )
  })

  it('refuses unknown options with a hint that quotes the whole argument', () => {
    // "--" first: far more often a mistyped option than a query.
    expect(refusal(search('dir', '--limt'))).toBe(
      'Unknown option "--limt" for "search". To give it as <query>, put it after "--": search <folder> -- "--limt"',
    )
    expect(refusal(search('-英特尔', 'dir'))).toBe(
      'Unknown option "-英特尔" for "search". To give it as <folder>, put it after "--": search -- "-英特尔"',
    )
    expect(refusal(search('dir', 'x', '-y'))).toBe(
      'Unknown option "-y" for "search". It takes <folder> <query>, given already; a query of several words is one argument, in quotes.',
    )
    expect(refusal(splitArgs(listCommand, ['dir', '-x']))).toBe(
      'Unknown option "-x" for "list". It takes <folder>, given already.',
    )
    expect(refusal(splitArgs(listCommand, ['-x']))).toMatch(/"--": list -- "-x"$/)
    expect(refusal(search('dir', '--constructor'))).toMatch(/^Unknown option "--constructor"/)
  })

  it('reads a short option where a command has one', () => {
    const command: CliCommand = {
      ...searchCommand,
      flags: { json: { type: 'boolean', short: 'j', description: '' } },
    }
    // A known option wins, even where the query goes: that query goes after "--".
    expect(splitArgs(command, ['-j', 'dir', '-j', '-jx'])).toEqual(
      ok(['dir', '-jx'], { json: true }),
    )
    expect(splitArgs(command, ['dir', '--', '-j'])).toEqual(ok(['dir', '-j']))
  })

  it('knows --help and -h in every command, except where "--" makes it the query', () => {
    expect(search('dir', '--help')).toEqual(ok(['dir'], { help: true }))
    expect(splitArgs(listCommand, ['-h'])).toEqual(ok([], { help: true }))
    expect(search('dir', '--', '--help')).toEqual(ok(['dir', '--help']))
    expect(refusal(search('dir', '--help=x'))).toBe('Option "--help" takes no value ("--help=x").')
  })

  it('quotes for a shell', () => {
    expect(shellQuote('-英特尔')).toBe('"-英特尔"')
    expect(shellQuote("it's")).toBe('"it\'s"')
    expect(shellQuote('-"a b"')).toBe(`'-"a b"'`)
    expect(shellQuote(`-"it's" $x`)).toBe(`'-"it'\\''s" $x'`)
  })
})

describe('cli option values', () => {
  const limit = (value: string) => () => wholeNumber(value, 'limit', { min: 1, max: 500 })

  it('takes only plain decimal whole numbers in range', () => {
    expect(limit('5')()).toBe(5)
    expect(limit('500')()).toBe(500)
    expect(wholeNumber(undefined, 'limit', { min: 1, max: 500 })).toBeUndefined()
    // Number() took all of these.
    for (const bad of ['1e2', ' 5', '5 ', '0x10', '', '+5', '5.0', '0', '501', '-1']) {
      expect(limit(bad), bad).toThrow(UsageError)
    }
    expect(limit('1e2')).toThrow('--limit must be a whole number from 1 to 500, not "1e2".')
  })

  it('takes a time zone Intl knows, and names one it does not', () => {
    expect(timeZone('Asia/Shanghai')).toBe('Asia/Shanghai')
    expect(timeZone(undefined)).toBeUndefined()
    expect(() => timeZone('Bogus/Zone')).toThrow(/--time-zone .*not "Bogus\/Zone"/)
    expect(() => timeZone('')).toThrow(UsageError)
  })
})
