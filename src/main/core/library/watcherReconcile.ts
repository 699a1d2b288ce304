/**
 * The watcher starts after a session's first load (or at the user's first pause, see
 * ArchiveSession.open), so a file created, deleted or edited in between is news to nobody:
 * the watcher reports what its walk finds as its initial files, not as changes. So its initial
 * files are compared with the catalog. A file edited meanwhile has another mtime or size than
 * the catalog read (the walk's stats): it is read again. When the two sets of ids disagree, the
 * folder is listed again by the scanner's own walk, which is what the catalog follows
 * (the watcher does not follow symlinked folders, the scanner does: the watcher's ids are not the
 * catalog's there).
 */
import { walkArticleFiles } from '../archive/walk'
import { TimeSlices } from '../foreground'

/** The comparison yields after this long (ms): at 100k ids it took 65–75 ms in one go. */
const COMPARE_SLICE_MS = 3

/** What the catalog knows of a file: enough to tell that it changed since it was read. */
export interface CatalogStamp {
  mtimeMs: number
  size: number
}

/**
 * Whether every watched id is in the catalog, and the ids whose modification time or size
 * differs from the catalog's (`stamps`: two numbers per id, NaN when unknown). Yields to the
 * user's requests between slices.
 */
async function compare(
  catalog: ReadonlyMap<string, CatalogStamp>,
  ids: readonly string[],
  stamps: Float64Array | null,
  signal: AbortSignal,
): Promise<{ allKnown: boolean; changed: string[] }> {
  let allKnown = true
  const changed: string[] = []
  const slices = new TimeSlices(COMPARE_SLICE_MS)
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as string
    const known = catalog.get(id)
    if (!known) allKnown = false
    else if (stamps) {
      const mtimeMs = stamps[2 * i] as number
      const size = stamps[2 * i + 1] as number
      if (!Number.isNaN(mtimeMs) && (known.mtimeMs !== mtimeMs || known.size !== size))
        changed.push(id)
    }
    if (!slices.due()) continue
    await slices.next()
    if (signal.aborted) break
  }
  return { allKnown, changed }
}

export interface WatcherDifference {
  /** Files on disk the catalog lacks. */
  added: string[]
  /** Catalog entries with no file any more. */
  gone: string[]
  /** Files whose modification time or size differs from what the catalog read. */
  changed: string[]
}

/** What to read and what to remove to bring the catalog to the folder; null: nothing. */
export async function reconcileWithWatcher(
  root: string,
  catalog: ReadonlyMap<string, CatalogStamp>,
  watched: readonly string[],
  signal: AbortSignal,
  stamps: Float64Array | null = null,
): Promise<WatcherDifference | null> {
  const { allKnown, changed } = await compare(catalog, watched, stamps, signal)
  if (signal.aborted) return null
  let added: string[] = []
  let gone: string[] = []
  // Not the same size, or a watched id not listed: list the folder as the scanner does.
  if (watched.length !== catalog.size || !allKnown) {
    const listed = new Set<string>()
    for await (const id of walkArticleFiles(root, { signal })) listed.add(id)
    if (signal.aborted) return null
    added = [...listed].filter((id) => !catalog.has(id))
    gone = [...catalog.keys()].filter((id) => !listed.has(id))
  }
  return added.length + gone.length + changed.length === 0 ? null : { added, gone, changed }
}
