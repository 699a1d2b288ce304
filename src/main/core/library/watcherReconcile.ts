/**
 * The watcher's initial walk runs beside a session's first load, so a file created or deleted
 * meanwhile may be known to one side only: listed by the load but never seen by the watcher
 * (which then never reports its deletion), or seen by the watcher's walk after the load had
 * passed its folder (reported as found, not as news). When the two disagree, the folder is
 * listed again by the scanner's own walk, which is what the catalog follows (chokidar does not
 * follow symlinked folders, the scanner does: the watcher's ids are not the catalog's there).
 */
import { walkArticleFiles } from '../archive/walk'
import { foreground } from '../foreground'

/** The comparison yields after this long (ms): at 100k ids it took 65–75 ms in one go. */
const COMPARE_SLICE_MS = 3
const CLOCK_EVERY = 512

/** Whether every id is in the catalog, yielding to the user's requests between slices. */
async function allKnown(
  catalog: ReadonlyMap<string, unknown>,
  ids: readonly string[],
  signal: AbortSignal,
): Promise<boolean> {
  let sliceStart = performance.now()
  for (let i = 0; i < ids.length; i++) {
    if (!catalog.has(ids[i] as string)) return false
    if ((i + 1) % CLOCK_EVERY !== 0 || performance.now() - sliceStart < COMPARE_SLICE_MS) continue
    await foreground.backgroundTurn()
    if (signal.aborted) return false
    sliceStart = performance.now()
  }
  return true
}

/** What to read and what to remove to bring the catalog to the folder; null: nothing. */
export async function reconcileWithWatcher(
  root: string,
  catalog: ReadonlyMap<string, unknown>,
  watched: readonly string[],
  signal: AbortSignal,
): Promise<{ added: string[]; gone: string[] } | null> {
  // Same size and every watched id listed: the same set, the common case.
  if (watched.length === catalog.size && (await allKnown(catalog, watched, signal))) return null
  if (signal.aborted) return null
  const listed = new Set<string>()
  for await (const id of walkArticleFiles(root, { signal })) listed.add(id)
  if (signal.aborted) return null
  const added = [...listed].filter((id) => !catalog.has(id))
  const gone = [...catalog.keys()].filter((id) => !listed.has(id))
  return added.length + gone.length === 0 ? null : { added, gone }
}
