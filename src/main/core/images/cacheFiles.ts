/**
 * Where cached images live: `<dataDir>/images/<first 2 hex of the key>/<key>`, shared by every
 * archive. Downloads are written to `images/tmp/` and renamed into place only once complete and
 * validated, so a crash never leaves half an image under a key (rename is atomic on one volume);
 * whatever is left in tmp/ is removed at the next start.
 */
import { mkdir, readdir, rename, rm, unlink } from 'node:fs/promises'
import path from 'node:path'
import { IMAGE_KEY_PATTERN } from '../../../shared/contract/api'

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export class CacheFiles {
  readonly root: string
  readonly tempDir: string
  private readonly madeDirs = new Set<string>()
  private tempCounter = 0

  constructor(dataDir: string) {
    this.root = path.join(path.resolve(dataDir), 'images')
    this.tempDir = path.join(this.root, 'tmp')
  }

  /**
   * Creates the folders and removes downloads a previous run left unfinished. Temp names carry the
   * writing process's id, so the partial files of another process still running on the same data
   * folder (the CLI beside the app) are left alone.
   */
  async open(): Promise<void> {
    await mkdir(this.tempDir, { recursive: true })
    for (const name of await readdir(this.tempDir).catch(() => [] as string[])) {
      const pid = Number(/\.(\d+)\.\d+\.part$/.exec(name)?.[1])
      if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) continue
      await rm(path.join(this.tempDir, name), { force: true, recursive: true })
    }
  }

  manifestFile(): string {
    return path.join(this.root, 'manifest.jsonl')
  }

  /** The file of a key; throws for anything that is not a key (no path ever comes from outside). */
  pathOf(key: string): string {
    if (!IMAGE_KEY_PATTERN.test(key)) throw new Error(`images: "${key}" is not an image key`)
    return path.join(this.root, key.slice(0, 2), key)
  }

  /** A fresh temp file name for one download attempt of `key`. */
  tempPathFor(key: string): string {
    return path.join(this.tempDir, `${key}.${process.pid}.${++this.tempCounter}.part`)
  }

  /** Moves a complete, validated download into place under its key. */
  async commit(tempPath: string, key: string): Promise<string> {
    const target = this.pathOf(key)
    const dir = path.dirname(target)
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true })
      this.madeDirs.add(dir)
    }
    await rename(tempPath, target)
    return target
  }

  async discard(tempPath: string): Promise<void> {
    await unlink(tempPath).catch(() => undefined)
  }

  async remove(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch(() => undefined)
  }

  /** Every key that has a file, for diagnostics and orphan sweeps. */
  async keysOnDisk(): Promise<string[]> {
    const keys: string[] = []
    for (const dir of await readdir(this.root).catch(() => [] as string[])) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue
      for (const name of await readdir(path.join(this.root, dir)).catch(() => [] as string[]))
        if (IMAGE_KEY_PATTERN.test(name)) keys.push(name)
    }
    return keys
  }
}
