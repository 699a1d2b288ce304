import path from 'node:path'
import { ApiError } from '../../../shared/errors'
import type { RecentArchive } from '../../../shared/types/settings'
import { createLogger } from '../log'
import { JsonFileStore } from './jsonFileStore'
import { MarksTable } from './marks'
import type { ArchiveMarks } from './marks'
import { archiveDataDir, archiveKey } from './paths'
import { applySettingsPatch, isSettingKey, reviveSettings, validateSettingsPatch } from './settings'
import type { Settings } from './settings'

const log = createLogger('state')

export const STATE_FILE_VERSION = 1
export const MAX_RECENT_ARCHIVES = 10
export const DEFAULT_STATE_DEBOUNCE_MS = 300

export type { RecentArchive }

export interface StateStore {
  getSettings(): Settings
  /** Validates every key; refuses unknown keys and bad values with ApiError INVALID_ARGUMENT. */
  updateSettings(patch: Partial<Settings>): Settings
  /** Most recent first, at most 10, one entry per path. */
  recentArchives(): RecentArchive[]
  addRecentArchive(archivePath: string): void
  removeRecentArchive(archivePath: string): void
  /**
   * The read/favourite marks of one archive (pass its real path), loaded on first use.
   * `readOnly`: another process owns the archive's folder; marks set here are not saved.
   */
  marks(archiveRealPath: string, options?: { readOnly?: boolean }): Promise<ArchiveMarks>
  /** Writes everything pending now. */
  flush(): Promise<void>
  /** Flushes and releases; the store must not be used afterwards. */
  close(): Promise<void>
}

interface StateData {
  settings: Settings
  /** Settings keys this version does not know (written by a newer version): kept, not interpreted. */
  unknownSettings: Record<string, unknown>
  recent: RecentArchive[]
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

function reviveState(raw: unknown): StateData | null {
  if (!isRecord(raw) || typeof raw.version !== 'number') return null
  if (raw.settings !== undefined && !isRecord(raw.settings)) return null
  if (raw.recent !== undefined && !Array.isArray(raw.recent)) return null
  const settings = reviveSettings(raw.settings)
  const unknownSettings: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw.settings ?? {})) {
    if (!isSettingKey(key)) unknownSettings[key] = value
  }
  const recent = ((raw.recent ?? []) as unknown[]).filter(
    (entry): entry is RecentArchive =>
      isRecord(entry) &&
      typeof entry.path === 'string' &&
      entry.path !== '' &&
      typeof entry.name === 'string' &&
      typeof entry.openedAt === 'string',
  )
  return { settings, unknownSettings, recent: recent.slice(0, MAX_RECENT_ARCHIVES) }
}

function serialiseState(data: StateData): unknown {
  return {
    version: STATE_FILE_VERSION,
    settings: { ...data.unknownSettings, ...data.settings },
    recent: data.recent,
  }
}

function reviveMarks(raw: unknown, file: string, newTable: () => MarksTable): MarksTable | null {
  if (!isRecord(raw) || typeof raw.version !== 'number' || !Array.isArray(raw.marks)) return null
  const table = newTable()
  const skipped = table.load(raw.marks as unknown[])
  if (skipped > 0) log.warn(`${file}: skipped ${skipped} malformed mark rows`)
  return table
}

/**
 * Opens the app's own state under `dataDir`:
 * - `state.json`: settings and recent archives (small, rewritten whole);
 * - `archives/<key>/marks.json`: one file per archive, so 100k marks never rewrite the settings.
 * Writes are coalesced (`debounceMs`, default 300) and atomic; corrupt files are moved aside.
 */
export async function openStateStore(
  dataDir: string,
  options: { debounceMs?: number } = {},
): Promise<StateStore> {
  const root = path.resolve(dataDir)
  const debounceMs = options.debounceMs ?? DEFAULT_STATE_DEBOUNCE_MS
  const state = await JsonFileStore.open<StateData>({
    file: path.join(root, 'state.json'),
    defaults: () => ({ settings: reviveSettings(undefined), unknownSettings: {}, recent: [] }),
    revive: reviveState,
    serialise: serialiseState,
    debounceMs,
  })
  const marksStores = new Map<
    string,
    {
      readOnly: boolean
      opened: Promise<{ store: JsonFileStore<MarksTable>; marks: MarksTable }>
    }
  >()
  let closed = false

  function assertOpen(): void {
    if (closed) throw new ApiError('INTERNAL', 'state: the state store is closed')
  }

  async function openMarks(archiveRealPath: string, readOnly: boolean) {
    const file = path.join(archiveDataDir(root, archiveRealPath), 'marks.json')
    // Tables are created while the file is read, before the store that persists them exists.
    const sink = { changed: () => {} }
    const newTable = () => new MarksTable(() => sink.changed())
    const store = await JsonFileStore.open<MarksTable>({
      file,
      defaults: newTable,
      revive: (raw) => reviveMarks(raw, file, newTable),
      serialise: (table) => table.toFile(archiveRealPath),
      debounceMs,
      readOnly,
    })
    sink.changed = () => store.changed()
    return { store, marks: store.data }
  }

  return {
    getSettings() {
      return structuredClone(state.data.settings)
    },
    updateSettings(patch) {
      assertOpen()
      const checked = validateSettingsPatch(patch)
      state.data.settings = applySettingsPatch(state.data.settings, checked)
      state.changed()
      return structuredClone(state.data.settings)
    },
    recentArchives() {
      return state.data.recent.map((entry) => ({ ...entry }))
    },
    addRecentArchive(archivePath) {
      assertOpen()
      if (typeof archivePath !== 'string' || archivePath === '')
        throw new ApiError('INVALID_ARGUMENT', 'state: an archive path must be a non-empty string')
      const entry: RecentArchive = {
        path: archivePath,
        name: path.basename(archivePath) || archivePath,
        openedAt: new Date().toISOString(),
      }
      state.data.recent = [entry, ...state.data.recent.filter((r) => r.path !== archivePath)].slice(
        0,
        MAX_RECENT_ARCHIVES,
      )
      state.changed()
    },
    removeRecentArchive(archivePath) {
      assertOpen()
      const before = state.data.recent.length
      state.data.recent = state.data.recent.filter((r) => r.path !== archivePath)
      if (state.data.recent.length !== before) state.changed()
    },
    async marks(archiveRealPath, options = {}) {
      assertOpen()
      if (typeof archiveRealPath !== 'string' || archiveRealPath === '')
        throw new ApiError('INVALID_ARGUMENT', 'state: an archive path must be a non-empty string')
      const key = archiveKey(archiveRealPath) // same key ⇒ same file, even if spelled differently
      const readOnly = options.readOnly === true
      let entry = marksStores.get(key)
      if (entry && entry.readOnly !== readOnly) {
        // Ownership changed since they were loaded: read them again from the file, in the new
        // mode (what the other owner wrote meanwhile counts; an owner's pending write goes first).
        await entry.opened.then(({ store }) => store.close()).catch(() => undefined)
        entry = undefined
      }
      if (!entry) {
        const opened = openMarks(path.resolve(archiveRealPath), readOnly)
        entry = { readOnly, opened }
        marksStores.set(key, entry)
        void opened.catch(() => marksStores.delete(key))
      }
      return (await entry.opened).marks
    },
    async flush() {
      const stores = await Promise.allSettled([...marksStores.values()].map((e) => e.opened))
      await Promise.all([
        state.flush(),
        ...stores.map((s) => (s.status === 'fulfilled' ? s.value.store.flush() : undefined)),
      ])
    },
    async close() {
      if (closed) return
      closed = true
      const stores = await Promise.allSettled([...marksStores.values()].map((e) => e.opened))
      await Promise.all([
        state.close(),
        ...stores.map((s) => (s.status === 'fulfilled' ? s.value.store.close() : undefined)),
      ])
    },
  }
}
