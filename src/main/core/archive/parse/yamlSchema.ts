/**
 * The YAML schema for front matter. Based on FAILSAFE so every scalar stays the
 * text the author wrote: `title: 12_00` stays "12_00" (not 1200), `1.10` stays
 * "1.10", and `date: 2021-06-28 18:03:38` stays a string we read in the archive's
 * time zone (js-yaml's timestamp type would read it as UTC). Only null and the
 * booleans are resolved, from plain (unquoted) scalars, because `title:` with no
 * value must mean "no title" and `comments: false` is plainly a boolean.
 */
import yaml from 'js-yaml'

const NULL_FORMS = new Set(['', '~', 'null', 'Null', 'NULL'])
const TRUE_FORMS = new Set(['true', 'True', 'TRUE'])
const FALSE_FORMS = new Set(['false', 'False', 'FALSE'])

const nullType = new yaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: unknown) => data === null || (typeof data === 'string' && NULL_FORMS.has(data)),
  construct: () => null,
})

const boolType = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: unknown) =>
    typeof data === 'string' && (TRUE_FORMS.has(data) || FALSE_FORMS.has(data)),
  construct: (data: string) => TRUE_FORMS.has(data),
})

export const FRONT_MATTER_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType] })

/**
 * Parses YAML text with the text-preserving schema. Throws js-yaml's YAMLException on invalid
 * input, and on aliases that would not end or would expand too far (`expansionProblem`).
 */
export function loadYaml(source: string): unknown {
  const value = yaml.load(source, { schema: FRONT_MATTER_SCHEMA })
  // Without an alias (`*name`) every value is written out in the text: nothing to expand.
  if (source.includes('*')) {
    const problem = expansionProblem(value)
    if (problem !== null) throw new yaml.YAMLException(problem, firstAliasMark(source))
  }
  return value
}

/**
 * Values an alias may expand to, counted as a reader of the front matter meets them: every
 * visit, not every distinct value. js-yaml shares an anchored value between its aliases, so
 * loading is cheap, but whatever walks the result (JSON for `show` and serve's getArticle,
 * structured clone to the UI) meets each value once per path to it: 8 levels of 9 aliases in
 * 352 bytes were 43M strings (18 s and 900 MB, then `Invalid string length`), and a value
 * holding its own alias (`title: &a [*a]`) never ends (`Converting circular structure`).
 * Real front matter is a dozen fields; 10,000 values and 32 levels leave room for any list of
 * tags or images an archiver writes and cost a walk of 10,000 steps at most.
 */
const MAX_EXPANDED_VALUES = 10_000
const MAX_DEPTH = 32

/** Why loaded YAML may not be used as front matter (a cycle, too many values, too deep), or null. */
function expansionProblem(value: unknown): string | null {
  let visited = 0
  const path = new Set<object>()
  const walk = (node: unknown, depth: number): string | null => {
    if (++visited > MAX_EXPANDED_VALUES)
      return `its aliases expand to more than ${MAX_EXPANDED_VALUES.toLocaleString('en')} values`
    if (node === null || typeof node !== 'object') return null
    if (path.has(node)) return 'a value holds an alias of itself, so it never ends'
    if (depth >= MAX_DEPTH) return `its values nest more than ${MAX_DEPTH} levels deep`
    path.add(node)
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      const problem = walk(child, depth + 1)
      if (problem !== null) return problem
    }
    path.delete(node)
    return null
  }
  return walk(value, 0)
}

export function isYamlException(error: unknown): error is yaml.YAMLException {
  return error instanceof yaml.YAMLException
}

/** An alias token: `*` after the start of a line, a space or a flow indicator. */
const ALIAS = /(?:^|[\s[{,])(\*)[^\s,[\]{}]/m

/** Where the first alias is (the line: where expanding starts), as js-yaml marks errors. */
function firstAliasMark(source: string): yaml.Mark {
  const found = ALIAS.exec(source)
  const position = found ? found.index + found[0].indexOf('*') : 0
  const lineStart = source.lastIndexOf('\n', position - 1) + 1
  let line = 0
  for (let i = source.indexOf('\n'); i !== -1 && i < position; i = source.indexOf('\n', i + 1))
    line++
  return { name: '', buffer: '', snippet: '', position, line, column: position - lineStart }
}
