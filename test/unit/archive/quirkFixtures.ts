/** Loads the parser fixtures of test/fixtures/quirks and parses them with fixed options. */
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Article } from '../../../src/shared/types/article'
import { resolveReadOptions, type ReadOptions } from '../../../src/main/core/archive/options'
import { parseArticle } from '../../../src/main/core/archive/parseArticle'

export const QUIRKS_DIR = fileURLToPath(new URL('../../fixtures/quirks/', import.meta.url))

/** Asia/Shanghai: the zone the RSSHub archives were written in (UTC+8, no DST). */
export const SHANGHAI: ReadOptions = resolveReadOptions({
  timeZone: 'Asia/Shanghai',
  maxFileBytes: 1024 * 1024,
})

export function fixtureBytes(name: string): Uint8Array {
  return readFileSync(path.join(QUIRKS_DIR, name))
}

/** Parses a fixture as if it were stored at `id` in an archive (default: `quirks/<name>`). */
export function parseFixture(
  name: string,
  id = `quirks/${name}`,
  options: ReadOptions = SHANGHAI,
): Article {
  const bytes = fixtureBytes(name)
  const mtimeMs = statSync(path.join(QUIRKS_DIR, name)).mtimeMs
  return parseArticle({ id, bytes, size: bytes.length, mtimeMs, truncated: false }, options)
}

/** Parses text given in the test itself. */
export function parseText(
  text: string,
  id = 'notes/article.md',
  options: ReadOptions = SHANGHAI,
  mtimeMs = Date.UTC(2024, 0, 2, 3, 4, 5),
): Article {
  const bytes = new TextEncoder().encode(text)
  return parseArticle({ id, bytes, size: bytes.length, mtimeMs, truncated: false }, options)
}
