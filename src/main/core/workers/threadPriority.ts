/**
 * Background threads give way to the ones the user waits on. At 100k articles the watcher's
 * initial walk (then chokidar's, statting and filtering every file) kept one of two cores busy
 * for ~6 s after an open, while the user's first searches needed the search worker and the
 * renderer: those searches took 2–5× their usual time. The walk is cheaper now (~1.5 s), and
 * still nobody waits on it. A higher nice value for that thread alone lets the
 * kernel give it whatever CPU is spare, and little while the foreground needs it.
 *
 * Linux only: there a thread is a task with its own id (read from /proc/thread-self) and
 * `setpriority` applies to it alone. Elsewhere a thread cannot be reniced through Node (on
 * Windows and macOS `os.setPriority` would change the whole process), so nothing is done.
 */
import { readlinkSync } from 'node:fs'
import os from 'node:os'

/** Nice value for threads whose work nobody is waiting on. */
export const BACKGROUND_NICE = 10

/** The kernel's id of the calling thread, from /proc/thread-self (`<pid>/task/<tid>`); null elsewhere. */
export function currentThreadId(readLink: (path: string) => string = readlinkSync): number | null {
  try {
    const id = Number(/\/task\/(\d+)$/.exec(readLink('/proc/thread-self'))?.[1])
    return Number.isInteger(id) && id > 0 ? id : null
  } catch {
    return null
  }
}

/** Lowers the calling thread's priority (Linux); false when it could not. Never throws. */
export function lowerThreadPriority(
  nice = BACKGROUND_NICE,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (platform !== 'linux') return false
  const id = currentThreadId()
  if (id === null) return false
  try {
    os.setPriority(id, nice)
    return true
  } catch {
    return false
  }
}
