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

/** Parses YAML text with the text-preserving schema. Throws js-yaml's YAMLException on invalid input. */
export function loadYaml(source: string): unknown {
  return yaml.load(source, { schema: FRONT_MATTER_SCHEMA })
}

export function isYamlException(error: unknown): error is yaml.YAMLException {
  return error instanceof yaml.YAMLException
}
