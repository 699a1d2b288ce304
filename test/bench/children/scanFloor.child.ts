/**
 * The raw floor for the scan bench: list every .md file, read its bytes and parse only
 * its front-matter YAML, with the same number of files in flight as the scanner. No
 * scanner can beat this by much, so scan/floor measures the scanner's own overhead.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import yaml from 'js-yaml'
import { exitOnError, runBenchChild } from '../lib/child'

export interface FloorArgs {
  root: string
  concurrency: number
}

export interface FloorResult {
  files: number
  bytes: number
  yamlErrors: number
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(path)
    else if (entry.isFile() && entry.name.endsWith('.md')) yield path
  }
}

/** The YAML between the first two `---` lines, after the leading blank line. */
function frontMatterText(text: string): string | null {
  const start = text.trimStart()
  if (!start.startsWith('---')) return null
  const open = start.indexOf('\n')
  const close = start.indexOf('\n---', open)
  return open < 0 || close < 0 ? null : start.slice(open + 1, close)
}

async function floor({ root, concurrency }: FloorArgs): Promise<FloorResult> {
  const result: FloorResult = { files: 0, bytes: 0, yamlErrors: 0 }
  const one = async (path: string): Promise<void> => {
    const data = await readFile(path)
    const fm = frontMatterText(data.toString('utf8'))
    try {
      if (fm !== null) yaml.load(fm, { schema: yaml.CORE_SCHEMA })
    } catch {
      result.yamlErrors++
    }
    result.files++
    result.bytes += data.length
  }
  const inFlight = new Set<Promise<void>>()
  for await (const path of walk(root)) {
    const task: Promise<void> = one(path).finally(() => inFlight.delete(task))
    inFlight.add(task)
    if (inFlight.size >= concurrency) await Promise.race(inFlight)
  }
  await Promise.all(inFlight)
  return result
}

runBenchChild(floor).catch(exitOnError)
