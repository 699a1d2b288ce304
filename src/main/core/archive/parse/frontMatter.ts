/**
 * Splits an article's text into front matter and body.
 *
 * Real archives start with a blank line before `---` (every file of the RSSHub
 * generator does), which makes gray-matter see no front matter at all, so
 * leading whitespace is stripped first and its lines are counted to report YAML
 * errors at the right line of the file. gray-matter is always called WITH
 * options: without them it caches by content before parsing, so a broken file
 * throws once and then silently returns `{}` (tech notes, section 3).
 */
import matter from 'gray-matter'
import type { ArticleIssue } from '../../../../shared/types/article'
import { isYamlException, loadYaml } from './yamlSchema'
import { isKeyLine, recoverFrontMatter } from './recoverFrontMatter'

export interface SplitArticle {
  frontMatter: Record<string, unknown>
  body: string
  issue: ArticleIssue | null
}

/** Options object passed on every call: it turns gray-matter's cache off and plugs in our schema. */
const MATTER_OPTIONS = {
  engines: { yaml: (source: string): object => loadYaml(source) as object },
}

const OPENING = /^---[ \t]*\n/
const CLOSING = /\n---[ \t]*(?:\n|$)/

export function splitFrontMatter(text: string): SplitArticle {
  const leading = /^\s*/.exec(text)?.[0] ?? ''
  const rest = text.slice(leading.length)
  if (!OPENING.test(rest)) return { frontMatter: {}, body: text, issue: null }
  const strippedLines = countNewlines(leading)
  if (!CLOSING.test(rest.slice(3))) return unclosed(text, rest, strippedLines + 1)
  try {
    const parsed = matter(rest, MATTER_OPTIONS)
    const data: unknown = parsed.data
    if (data === null || data === undefined)
      return { frontMatter: {}, body: parsed.content, issue: null }
    if (typeof data !== 'object' || Array.isArray(data)) {
      return invalid(
        rest,
        'the front matter is not a list of "key: value" lines',
        strippedLines + 1,
      )
    }
    return { frontMatter: data as Record<string, unknown>, body: parsed.content, issue: null }
  } catch (error) {
    if (!isYamlException(error)) {
      return invalid(
        rest,
        error instanceof Error ? error.message : String(error),
        strippedLines + 1,
      )
    }
    // The YAML block starts on the `---` line (its rest is block line 0), so block line n is file line
    // strippedLines + 1 + n, 1-based.
    const blockLine = typeof error.mark?.line === 'number' ? error.mark.line : 0
    return invalid(rest, error.reason || error.message, strippedLines + 1 + blockLine)
  }
}

/**
 * The body after the front matter without parsing its YAML (by the same opening and closing
 * rules as splitFrontMatter), or null when there is no closing line. Whether it equals
 * splitFrontMatter's body for this text is for the caller to check (search/archiveText.ts).
 */
export function bodyAfterFrontMatter(text: string): string | null {
  const leading = /^\s*/.exec(text)?.[0] ?? ''
  const rest = text.slice(leading.length)
  if (!OPENING.test(rest)) return text
  const closing = CLOSING.exec(rest.slice(3))
  return closing === null ? null : rest.slice(3 + closing.index + closing[0].length)
}

/** `fileLine` is 1-based in the file; `rest` is the text from the opening `---` on. */
function invalid(rest: string, reason: string, fileLine: number): SplitArticle {
  const closing = CLOSING.exec(rest.slice(3))
  const blockEnd = closing ? 3 + closing.index : rest.length
  const block = rest.slice(3, blockEnd)
  const body = closing ? rest.slice(blockEnd + closing[0].length) : ''
  return {
    frontMatter: recoverFrontMatter(block),
    body,
    issue: {
      code: 'FRONT_MATTER_INVALID',
      // The line is in `line` (front ends print it once, in their own words).
      message: `archive: the front matter is not valid YAML (${reason}); its fields were recovered line by line.`,
      line: fileLine,
    },
  }
}

/**
 * An opening `---` that no `---` line closes. Hexo (hexo-front-matter's `split`) then takes
 * the whole file as the body, silently: the front matter lines show as text and the title
 * comes from the file name. Here, when `key: value` lines follow the opening, they are the
 * front matter up to the first line that cannot belong to it (not blank, not indented, not a
 * `key:` line: an HTML tag, a heading, prose), read as YAML or else line by line, and the rest
 * is the body; the issue says the front matter is not closed. A `---` followed by anything
 * else stays a Markdown rule (`---` then text), as in Hexo, with no issue.
 */
function unclosed(text: string, rest: string, openingLine: number): SplitArticle {
  const lines = rest.split('\n')
  let end = 1 // the first line after the block
  let keys = 0
  while (end < lines.length) {
    const line = lines[end] as string
    if (isKeyLine(line)) keys++
    else if (line.trim() !== '' && !(keys > 0 && /^[ \t]/.test(line))) break
    end++
  }
  if (keys === 0) return { frontMatter: {}, body: text, issue: null }
  // Blank lines before the body belong to neither; the body is read from its first line.
  while (end > 1 && (lines[end - 1] as string).trim() === '') end--
  const block = lines.slice(1, end).join('\n')
  const body = lines
    .slice(end)
    .join('\n')
    .replace(/^\s*\n/, '')
  let frontMatter: Record<string, unknown>
  try {
    const data = loadYaml(block)
    frontMatter =
      data !== null && typeof data === 'object' && !Array.isArray(data)
        ? (data as Record<string, unknown>)
        : recoverFrontMatter(block)
  } catch {
    frontMatter = recoverFrontMatter(block)
  }
  const lastLine = openingLine + end - 1
  const read =
    lastLine > openingLine + 1
      ? `lines ${openingLine + 1}–${lastLine} were`
      : `line ${lastLine} was`
  return {
    frontMatter,
    body,
    issue: {
      code: 'FRONT_MATTER_INVALID',
      message: `archive: the front matter is not closed (no \`---\` line after it); ${read} read as its fields, the rest as the body.`,
      line: openingLine,
    },
  }
}

function countNewlines(text: string): number {
  let count = 0
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++
  return count
}
