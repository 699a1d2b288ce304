/**
 * Best-effort reading of front matter that is not valid YAML, so a broken file
 * still shows its title, categories and date. Reads top-level `key: value` lines
 * and the indented `- item` lists under a key with no value. A value that is a
 * well-formed YAML scalar or flow list on its own (`'quoted'`, `"a\"b"`,
 * `[a, b]`) is read as YAML; anything else is kept exactly as written, because
 * guessing which quotes to strip from `"""'x'"""` would invent a title.
 */
import { loadYaml } from './yamlSchema'

const KEY_LINE = /^([^\s#:-][^:]*?)[ \t]*:(?:[ \t]+(.*))?$/
const LIST_ITEM = /^[ \t]+-(?:[ \t]+(.*))?$/

/** A top-level `key: value` (or `key:`) line, as recovery reads one; never an HTML tag. */
export function isKeyLine(line: string): boolean {
  return !line.startsWith('<') && KEY_LINE.test(line)
}

export function recoverFrontMatter(block: string): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  let listKey: string | null = null
  for (const line of block.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue
    const item = LIST_ITEM.exec(line)
    if (item && listKey !== null) {
      const list = Array.isArray(data[listKey]) ? (data[listKey] as unknown[]) : []
      list.push(readValue(item[1] ?? ''))
      data[listKey] = list
      continue
    }
    const entry = /^\S/.test(line) ? KEY_LINE.exec(line) : null
    if (!entry) {
      listKey = null
      continue
    }
    const key = (entry[1] as string).trim()
    const raw = (entry[2] ?? '').trim()
    // Like YAML, the first occurrence of a duplicated key is not silently replaced by a broken later one.
    if (key in data) {
      listKey = null
      continue
    }
    data[key] = raw === '' ? null : readValue(raw)
    listKey = raw === '' ? key : null
  }
  return data
}

function readValue(raw: string): unknown {
  const text = raw.trim()
  if (text === '') return null
  try {
    const value = loadYaml(text)
    if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      Array.isArray(value)
    )
      return value
  } catch {
    // Not YAML on its own: keep the text as written.
  }
  return text
}
