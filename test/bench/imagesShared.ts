/** What the image bench's server and downloaders agree on: image sizes and URLs. */

export const MIN_IMAGE_BYTES = 50 * 1024
export const MAX_IMAGE_BYTES = 500 * 1024

/** Size of image i: 50–500 KB, spread evenly by a fixed hash of i. */
export function imageSize(index: number): number {
  let x = (index + 1) * 2654435761
  x = (x ^ (x >>> 16)) >>> 0
  return MIN_IMAGE_BYTES + (x % (MAX_IMAGE_BYTES - MIN_IMAGE_BYTES + 1))
}

/** The bench's URLs: image i on host i mod hosts. */
export function imageUrls(ports: readonly number[], count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `http://127.0.0.1:${ports[i % ports.length]}/img/${i}.jpg`,
  )
}

export interface DownloadResult {
  ok: number
  failed: number
  bytes: number
}

export interface DownloadArgs {
  ports: number[]
  count: number
  concurrency: number
  perHost: number
  dataDir: string
}
