/**
 * One process at a time owns an archive's folder in the data folder (`archives/<key>/`: the
 * search index, the catalog snapshot, marks, the image discovery cache). The app, serve mode
 * and the CLI share one data folder by default, and two of them writing one index folder broke
 * the other's index (segments removed under it, `text.bin` "shorter than expected", hits lost).
 *
 * The owner holds `owner.lock` in that folder, created with O_EXCL (`wx`), holding its pid,
 * host name and a random token. Another process (or another engine in this process: tests run
 * two) that finds the lock held by a live owner does not own the folder: it reads what is saved
 * there and writes nothing (libraryService.ts, searchService.ts say how).
 *
 * A stale lock (its pid is dead) is taken over. Liveness is `kill(pid, 0)`, which means the
 * same pid namespace only: a lock written on another host (its name differs) is taken as live,
 * since its pid says nothing here; so is one from another container sharing the folder with
 * the same host name and a pid that happens to be alive here. A pid reused by an unrelated
 * process keeps a crashed owner's lock "live" until that process ends. In both cases this
 * process only runs without writing, and the log line names the lock file to remove.
 * Taking over is guarded by a second O_EXCL file (`owner.lock.takeover`), so two processes
 * finding the same stale lock never both remove it and both believe they own the folder.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const LOCK_FILE = 'owner.lock'
const TAKEOVER_SUFFIX = '.takeover'
/** A takeover guard older than this was left by a crash: removed. */
const STALE_GUARD_MS = 10_000
/** A lock file still empty or half written this young is being created: taken as live. */
const FRESH_LOCK_MS = 10_000
const ATTEMPTS = 5

interface LockContent {
  pid: number
  host: string
  token: string
  since: string
}

export interface ArchiveLease {
  /** This engine owns the folder and may write it. */
  readonly owner: boolean
  /** When not the owner, why: who holds the lock, or why it could not be taken. */
  readonly why: string | null
  /** The lock file. */
  readonly file: string
  /** A handle of its own for one more user (the search index keeps one until its last save). */
  share(): ArchiveLease
  /** This handle is done (once); the last handle released removes the lock file. */
  release(): void
}

/** Tokens of the locks held by engines of this process, and their files (removed at exit). */
const heldHere = new Map<string, string>()
let removesAtExit = false

/** The locks of one engine (one per createCore): counted per archive folder. */
export class ArchiveLocks {
  readonly #held = new Map<string, { token: string; count: number }>()

  /** Takes (or shares, within this engine) the lock of `archiveDir`. Never throws. */
  acquire(archiveDir: string): ArchiveLease {
    const file = path.join(archiveDir, LOCK_FILE)
    const mine = this.#held.get(file)
    if (mine) {
      mine.count++
      return this.#lease(file, mine)
    }
    const outcome = takeLock(archiveDir, file)
    if (typeof outcome !== 'string') {
      const entry = { token: outcome.token, count: 1 }
      this.#held.set(file, entry)
      return this.#lease(file, entry)
    }
    const notOwner: ArchiveLease = {
      owner: false,
      why: outcome,
      file,
      share: () => notOwner,
      release() {},
    }
    return notOwner
  }

  #lease(file: string, entry: { token: string; count: number }): ArchiveLease {
    let released = false
    const lease: ArchiveLease = {
      owner: true,
      why: null,
      file,
      share: () => {
        entry.count++
        return this.#lease(file, entry)
      },
      release: () => {
        if (released) return
        released = true
        if (--entry.count > 0) return
        this.#held.delete(file)
        removeIfMine(file, entry.token)
      },
    }
    return lease
  }
}

function takeLock(archiveDir: string, file: string): { token: string } | string {
  try {
    fs.mkdirSync(archiveDir, { recursive: true })
  } catch (error) {
    return `its folder cannot be created (${codeOf(error)})`
  }
  const content: LockContent = {
    pid: process.pid,
    host: os.hostname(),
    token: randomBytes(8).toString('hex'),
    since: new Date().toISOString(),
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx')
      try {
        fs.writeSync(fd, JSON.stringify(content))
      } finally {
        fs.closeSync(fd)
      }
      heldHere.set(file, content.token)
      removeAtExit()
      return { token: content.token }
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') return `its lock cannot be written (${codeOf(error)})`
    }
    const seen = readLock(file)
    if (seen === null) continue // removed meanwhile: try again
    const live = holderIsLive(seen.content, seen.ageMs)
    if (live !== null) return live
    takeOver(file, seen.text)
  }
  return 'its lock is changing hands too often to be taken'
}

/** null when the holder is gone (stale), else who holds it. */
function holderIsLive(content: LockContent | null, ageMs: number): string | null {
  if (content === null)
    return ageMs < FRESH_LOCK_MS ? 'another process is taking its lock at this moment' : null
  const who = `process ${content.pid} on ${content.host} holds it since ${content.since}`
  if (content.host !== os.hostname()) return `${who} (another host: it cannot be checked)`
  if (content.pid === process.pid)
    return [...heldHere.values()].includes(content.token)
      ? `another engine of this process (${content.pid}) holds it`
      : null // left by an engine of this process that is gone
  try {
    process.kill(content.pid, 0)
    return who
  } catch (error) {
    return codeOf(error) === 'EPERM' ? who : null // EPERM: alive, someone else's
  }
}

/** Removes the stale lock whose text was `stale`, unless it changed meanwhile. */
function takeOver(file: string, stale: string): void {
  const guard = `${file}${TAKEOVER_SUFFIX}`
  let fd: number
  try {
    fd = fs.openSync(guard, 'wx')
  } catch {
    // Another process is taking over; a guard left by a crash goes after a while.
    try {
      if (Date.now() - fs.statSync(guard).mtimeMs > STALE_GUARD_MS)
        fs.rmSync(guard, { force: true })
    } catch {
      // gone already
    }
    return
  }
  try {
    fs.closeSync(fd)
    if (readLock(file)?.text === stale) fs.rmSync(file, { force: true })
  } finally {
    fs.rmSync(guard, { force: true })
  }
}

function readLock(
  file: string,
): { text: string; content: LockContent | null; ageMs: number } | null {
  let text: string
  let ageMs: number
  try {
    text = fs.readFileSync(file, 'utf8')
    ageMs = Date.now() - fs.statSync(file).mtimeMs
  } catch {
    return null
  }
  let content: LockContent | null = null
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>
    if (
      typeof parsed.pid === 'number' &&
      typeof parsed.host === 'string' &&
      typeof parsed.token === 'string'
    )
      content = {
        pid: parsed.pid,
        host: parsed.host,
        token: parsed.token,
        since: String(parsed.since),
      }
  } catch {
    // half written, or not ours: judged by its age
  }
  return { text, content, ageMs }
}

function removeIfMine(file: string, token: string): void {
  heldHere.delete(file)
  try {
    if (readLock(file)?.content?.token === token) fs.rmSync(file, { force: true })
  } catch {
    // the folder went away: nothing to release
  }
}

/** A process that ends without closing its archive leaves no lock behind (crashes still do). */
function removeAtExit(): void {
  if (removesAtExit) return
  removesAtExit = true
  process.once('exit', () => {
    for (const [file, token] of heldHere) removeIfMine(file, token)
  })
}

const codeOf = (error: unknown): string =>
  (error as NodeJS.ErrnoException | null)?.code ?? String(error)
