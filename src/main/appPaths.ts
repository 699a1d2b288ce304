/**
 * Where the app's own files are, from sources (tsx: src/main/...) or built
 * (out/main/...): the built renderer and the demo archive in resources/. Looked
 * up by walking up from this module, so it works from either layout.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'

function findUp(relative: string, marker: (candidate: string) => boolean): string | null {
  let dir = __dirname
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, relative)
    if (marker(candidate)) return candidate
    const parent = path.dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return null
}

/** The built renderer (out/renderer), or null before `npm run build`. */
export function rendererDir(): string | null {
  return (
    findUp(path.join('out', 'renderer'), (c) => existsSync(path.join(c, 'index.html'))) ??
    findUp('renderer', (c) => existsSync(path.join(c, 'index.html')))
  )
}

/** The demo archive that ships in resources/demo, or null when it is not there. */
export function demoArchiveDir(): string | null {
  return findUp(path.join('resources', 'demo'), (c) => existsSync(c))
}
