/**
 * Reads a restored or just merged index's data files once, front to back, in the background,
 * so that the OS holds them in its page cache before the user's next searches (after a build,
 * the merge rewrote most of them; segmentCompaction.ts). A query reads a few hundred
 * scattered KB (a key's lists in every segment, the texts of a page of hits); from a cold
 * cache each of those is a disk read. Measured at 100k articles (the ui bench, typing right
 * after a warm open, page cache dropped first): the search worker took p50 18–19 ms and p95
 * 40–47 ms per query instead of 3–5 and 12–14 with the files cached (with this read-ahead:
 * p50 ~6). The reads go through libuv's thread pool (fs.promises), so the worker's thread keeps
 * answering; a newer open or a close stops them. They are paced (a pause after each MB): when
 * the files are cached already, reading ~2 GB flat out still costs ~1 s of copying, which
 * unpaced made the first searches after a warm open slower, not faster.
 */
import fs from 'node:fs'

const CHUNK = 1 << 20
/** Pause after each chunk (ms): ≤ ~4 s for 2 GB, a small share of a core meanwhile. */
const PAUSE_MS = 2

/** Reads `files` through once, stopping when `signal` aborts; returns the bytes read. */
export async function prefetchFiles(
  files: readonly string[],
  signal: AbortSignal,
): Promise<number> {
  const buffer = Buffer.allocUnsafe(CHUNK)
  let bytes = 0
  for (const file of files) {
    if (signal.aborted) break
    let handle: fs.promises.FileHandle
    try {
      handle = await fs.promises.open(file, 'r')
    } catch {
      continue // gone meanwhile (a rebuild): nothing to warm
    }
    try {
      for (let position = 0; !signal.aborted;) {
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, position)
        if (bytesRead === 0) break
        position += bytesRead
        bytes += bytesRead
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS))
      }
    } catch {
      // An unreadable file is the queries' problem, not the warm-up's.
    } finally {
      await handle.close().catch(() => undefined)
    }
  }
  return bytes
}
