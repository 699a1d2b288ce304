/** Temporary folders for tests: real files on disk, removed after the test. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

export async function makeTempDir(prefix = 'archive-browser-test-'): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), prefix))
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

/** Writes files given as { 'relative/path.md': content } under root, creating folders. */
export async function writeTree(
  root: string,
  files: Record<string, string | Uint8Array>,
): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, ...rel.split('/'))
    await mkdir(path.dirname(abs), { recursive: true })
    await writeFile(abs, content)
  }
}

/** A minimal article in the real format (blank line, front matter, HTML body in a div). */
export function articleText(fields: {
  title: string
  date?: string
  categories?: string[]
  body?: string
}): string {
  const categories = (fields.categories ?? ['新媒体', '测试源', '频道'])
    .map((c) => `    - ${c}`)
    .join('\n')
  return `\n---\ntitle: ${fields.title}\ncategories: \n${categories}\nauthor: 测试\ncomments: false\ndate: ${fields.date ?? 'Mon, 28 Jun 2021 18:03:38 GMT'}\nthumbnail: ''\n---\n\n<div>   \n${fields.body ?? `<p>${fields.title}的正文。</p>`}\n</div>\n            `
}
