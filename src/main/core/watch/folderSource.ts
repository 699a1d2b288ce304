/**
 * The native watch source: one `fs.watch` per folder (one inotify watch each on Linux), seeded
 * by its own walk.
 *
 * Why not chokidar here: at 100k files chokidar's initial walk cost ~4 s of CPU, and its
 * ~100k lstat calls queued on the process's shared libuv pool, where the search worker's reads
 * wait too. Typing right after an open was measurably slower while it walked (keystroke →
 * painted p95 44–69 ms against 37–45 ms without a watcher, docs/design.md). chokidar keeps a
 * stat record per file by design, so no option avoids that. This walk lists folders with
 * readdirSync and lstats only article files, synchronously: it runs in the watcher's own thread
 * (watchThread.ts), so it never touches the libuv pool, and yields between time slices so that
 * close() and events are served during it.
 *
 * Events (chokidar's names, absolute paths):
 * - A name changing in a folder ('rename': created, deleted, renamed in or out; on Linux also a
 *   folder's attributes or times changed, as by `touch`, `chmod` or `rsync -a`) is settled by
 *   an lstat: a file or link → 'add'; a new folder → watched and walked, its files → 'add';
 *   gone → 'unlinkDir' for a watched folder (its watches closed), else 'unlink'. An 'add' for a
 *   known file and an 'unlink' for an unknown one are harmless: the coalescer settles both.
 * - 'change' on a file → 'change'.
 * - A watched folder is the same folder while its inode and birth time are (a quick delete and
 *   create may reuse the inode, not the birth time); a folder touched, or renamed away and back,
 *   is not walked again. Another folder under its name → the old tree is dropped ('unlinkDir')
 *   and the new one walked.
 * - A watched folder found gone (after an event in it, or its own removal, which Linux reports
 *   under its own name) drops its tree; for the root that is an 'unlinkDir' of the root, which
 *   the archive watcher turns into root-missing at once.
 * - Symlinks are reported as themselves, never followed (no loops).
 * - ENOSPC/EMFILE when adding a watch → 'error' (the archive watcher switches to polling).
 *   A folder that cannot be read or watched otherwise is skipped with a warning; the root, with
 *   an 'error' (and 'ready', so that nothing waits on a walk that will not come).
 */
import { EventEmitter } from 'node:events'
import { lstatSync, readdirSync, watch } from 'node:fs'
import type { FSWatcher, Stats } from 'node:fs'
import path from 'node:path'
import { TimeSlices } from '../foreground'
import { createLogger } from '../log'
import type { IgnoreFilter, SourceEventName } from './source'

const log = createLogger('watch')

/** Longest the walk runs before it yields to events and close(), in ms. */
const WALK_SLICE_MS = 15

interface WatchedFolder {
  handle: FSWatcher
  ino: number
  /** 0 where the file system keeps no birth time (then the inode alone tells folders apart). */
  birth: number
}

function isSameFolder(folder: WatchedFolder, stats: Stats): boolean {
  if (!stats.isDirectory() || stats.ino !== folder.ino) return false
  return folder.birth === 0 || stats.birthtimeMs === 0 || stats.birthtimeMs === folder.birth
}

/** A folder waiting to be walked, or the rest of one cut by a slice boundary. */
interface WalkItem {
  id: string
  names: string[] | null
  next: number
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code
}

function lstatOrNull(absolute: string): Stats | null {
  try {
    return lstatSync(absolute)
  } catch (error) {
    const code = errorCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw error
  }
}

/** fs.watch's shape as used here; tests inject one that fails like a full inotify table. */
export type WatchFolder = (
  folder: string,
  options: { persistent: boolean },
  listener: (type: string, name: string | Buffer | null) => void,
) => FSWatcher

export class FolderWatchSource extends EventEmitter {
  /** Watched folders by id ('' = root, '/' separators). */
  readonly #folders = new Map<string, WatchedFolder>()
  readonly #queue: WalkItem[] = []
  #walking = false
  #ready = false
  #closed = false

  constructor(
    private readonly root: string,
    private readonly ignored: IgnoreFilter,
    private readonly watchFolder: WatchFolder = watch,
  ) {
    super()
    // Listeners are attached after construction: the walk starts on the next turn.
    setImmediate(() => {
      if (this.#closed) return
      let rootStats: Stats | null = null
      try {
        rootStats = lstatOrNull(root)
      } catch (error) {
        this.#fail(error)
      }
      // Gone or unwatchable: ready at once; the archive watcher's root check takes it from there.
      if (!rootStats?.isDirectory() || !this.#enqueueFolder('', rootStats)) this.#finishWalk()
    })
  }

  close(): Promise<void> {
    this.#closed = true
    this.#queue.length = 0
    for (const folder of this.#folders.values()) folder.handle.close()
    this.#folders.clear()
    this.removeAllListeners()
    return Promise.resolve()
  }

  #absolute(id: string): string {
    return id === '' ? this.root : path.join(this.root, id)
  }

  #report(event: SourceEventName, id: string): void {
    if (!this.#closed) this.emit('all', event, this.#absolute(id))
  }

  /** Watches a folder, then queues its listing: whatever appears after the watch is an event. */
  #enqueueFolder(id: string, stats: Stats): boolean {
    if (!this.#startWatching(id, stats)) return false
    this.#queueListing(id)
    return true
  }

  #queueListing(id: string): void {
    this.#queue.push({ id, names: null, next: 0 })
    if (!this.#walking) {
      this.#walking = true
      setImmediate(() => this.#walkSlice())
    }
  }

  /** The entry's lstat; 'skip' when it is ignored by path or cannot be read (logged). */
  #lookAt(id: string, absolute: string): Stats | null | 'skip' {
    if (this.ignored(absolute)) return 'skip'
    try {
      return lstatOrNull(absolute)
    } catch (error) {
      log.warn(`cannot read '${id}'`, error)
      return 'skip'
    }
  }

  #startWatching(id: string, stats: Stats): boolean {
    let handle: FSWatcher
    try {
      handle = this.watchFolder(this.#absolute(id), { persistent: false }, (type, name) =>
        this.#onFsEvent(id, handle, type, name),
      )
    } catch (error) {
      const code = errorCode(error)
      if (code === 'ENOSPC' || code === 'EMFILE' || (id === '' && code !== 'ENOENT')) {
        this.#fail(error)
      } else if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        log.warn(`cannot watch the folder '${id}'; changes in it go unnoticed`, error)
      }
      return false
    }
    handle.on('error', (error) => this.#onFolderError(id, handle, error))
    this.#folders.set(id, { handle, ino: stats.ino, birth: stats.birthtimeMs })
    return true
  }

  #fail(error: unknown): void {
    if (this.#closed) return
    const failure = error instanceof Error ? error : new Error(String(error))
    this.emit('error', failure)
  }

  /** Walks queued folders for one slice, then yields (setImmediate) if any are left. */
  #walkSlice(): void {
    if (this.#closed) return
    // Counts entries and emptied folders alike, so a long stretch of empty folders also yields.
    // The clock is read every 64 counts: a clock read costs about as much as an entry.
    const slice = new TimeSlices(WALK_SLICE_MS, 64)
    while (this.#queue.length > 0) {
      const item = this.#queue[this.#queue.length - 1] as WalkItem
      if (item.names === null) item.names = this.#list(item.id)
      const prefix = item.id === '' ? '' : `${item.id}/`
      while (item.next < item.names.length) {
        this.#visit(prefix + (item.names[item.next++] as string))
        if (this.#closed) return
        if (slice.due()) {
          setImmediate(() => this.#walkSlice())
          return
        }
      }
      // Only now: visiting may have queued sub-folders above it.
      this.#queue.splice(this.#queue.lastIndexOf(item), 1)
      if (slice.due() && this.#queue.length > 0) {
        setImmediate(() => this.#walkSlice())
        return
      }
    }
    this.#walking = false
    this.#finishWalk()
  }

  #finishWalk(): void {
    if (this.#ready || this.#closed) return
    this.#ready = true
    this.emit('ready')
  }

  #list(id: string): string[] {
    try {
      return readdirSync(this.#absolute(id))
    } catch (error) {
      const code = errorCode(error)
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        log.warn(`cannot list the folder '${id}'; its files go unnoticed`, error)
      }
      return []
    }
  }

  /** One entry met by the walk: a folder is watched and queued, a file reported. */
  #visit(id: string): void {
    const absolute = this.#absolute(id)
    const stats = this.#lookAt(id, absolute)
    if (stats === 'skip' || !stats || this.ignored(absolute, stats)) return
    if (stats.isDirectory()) {
      if (!this.#folders.has(id)) this.#enqueueFolder(id, stats)
    } else if (stats.isFile() || stats.isSymbolicLink()) {
      this.#report('add', id)
    }
  }

  #onFsEvent(folderId: string, handle: FSWatcher, type: string, name: string | Buffer | null) {
    // A closed watch's last events, or those of a folder since dropped: not this folder's news.
    if (this.#closed || this.#folders.get(folderId)?.handle !== handle) return
    if (name === null) {
      // No name (not seen on Linux): walk the folder again, every file is reported as added.
      this.#queueListing(folderId)
      return
    }
    this.#settle(folderId, type, String(name))
  }

  /** Looks at the disk to learn what a change of `name` in a watched folder was. */
  #settle(folderId: string, type: string, name: string): void {
    const id = folderId === '' ? name : `${folderId}/${name}`
    const absolute = this.#absolute(id)
    const stats = this.#lookAt(id, absolute)
    if (stats === 'skip') return
    const watched = this.#folders.get(id)
    if (!stats) {
      if (this.#isGone(folderId)) {
        // The folder itself went (Linux reports its own removal under its own name, after its
        // files'): settled again from its parent. The root's removal becomes root-missing at
        // once, not a batch of removals just before it.
        this.#dropTree(folderId)
        this.#resettle(folderId)
      } else if (watched) this.#dropTree(id)
      else this.#report('unlink', id)
      return
    }
    if (stats.isDirectory()) {
      if (watched && isSameFolder(watched, stats)) return // touched, or renamed away and back
      if (this.ignored(absolute, stats)) return
      if (watched) this.#dropTree(id)
      else this.#report('unlink', id) // a file of that name may have been there
      this.#report('addDir', id)
      this.#enqueueFolder(id, stats)
      return
    }
    if (watched) this.#dropTree(id) // a folder replaced by a file (even an ignored one)
    if (this.ignored(absolute, stats)) return
    if (stats.isFile() || stats.isSymbolicLink()) {
      this.#report(type === 'change' ? 'change' : 'add', id)
    }
  }

  /** A dropped folder is looked at again from its parent: still there (or back) → walked again. */
  #resettle(id: string): void {
    if (id === '') return // the archive watcher's root check decides about the root
    const slash = id.lastIndexOf('/')
    const parent = slash < 0 ? '' : id.slice(0, slash)
    if (this.#folders.has(parent)) this.#settle(parent, 'rename', id.slice(slash + 1))
  }

  /** True when a watched folder no longer exists, or another folder took its place. */
  #isGone(folderId: string): boolean {
    const watched = this.#folders.get(folderId)
    if (!watched) return true
    let stats: Stats | null
    try {
      stats = lstatOrNull(this.#absolute(folderId))
    } catch {
      return false // unreadable is not gone; the next event settles it
    }
    return !stats || !isSameFolder(watched, stats)
  }

  /** A watched folder is gone: close its watches and those below it, report it removed. */
  #dropTree(id: string): void {
    const prefix = id === '' ? '' : `${id}/`
    for (const [folderId, folder] of this.#folders) {
      if (folderId === id || folderId.startsWith(prefix)) {
        folder.handle.close()
        this.#folders.delete(folderId)
      }
    }
    for (let i = this.#queue.length - 1; i >= 0; i--) {
      const queued = (this.#queue[i] as WalkItem).id
      if (queued === id || queued.startsWith(prefix)) this.#queue.splice(i, 1)
    }
    this.#report('unlinkDir', id)
  }

  /** A folder's watch failed (e.g. the folder went away under it): settle it from its parent. */
  #onFolderError(id: string, handle: FSWatcher, error: Error): void {
    if (this.#closed || this.#folders.get(id)?.handle !== handle) return
    if (id === '') {
      log.warn('the archive folder watch failed', error)
      this.#fail(error)
      return
    }
    this.#dropTree(id)
    this.#resettle(id)
  }
}
