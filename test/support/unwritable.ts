/**
 * Makes files and folders unwritable for a test, undoably. As root, permission bits do not
 * bite (root writes anyway), so `chattr +i` is used (the immutable flag stops root too);
 * otherwise chmod. Returns the undo, or a reason to skip when neither works here.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

export function makeUnwritable(paths: string[]): { undo: () => void } | { skip: string } {
  const done: string[] = []
  const undo = (): void => {
    for (const p of done.splice(0).reverse()) {
      if (isRoot()) spawnSync('chattr', ['-i', p])
      else fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644)
    }
  }
  for (const p of paths) {
    if (isRoot()) {
      const result = spawnSync('chattr', ['+i', p], { encoding: 'utf8' })
      if (result.status !== 0) {
        undo()
        return { skip: `chattr +i is not possible here: ${result.stderr || String(result.error)}` }
      }
    } else {
      fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o555 : 0o444)
    }
    done.push(p)
  }
  return { undo }
}

const isRoot = (): boolean => process.getuid?.() === 0

/** Each entry of a folder with its size and mtime: shows that nothing was written there. */
export function folderState(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => {
      const stat = fs.statSync(`${dir}/${name}`)
      return `${name} ${stat.size} ${stat.mtimeMs}`
    })
}
