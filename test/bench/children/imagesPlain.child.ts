/**
 * The image bench's yardstick: a plain parallel downloader with the same concurrency and the same
 * keep-alive agent, streaming each body to a file; no validation, no manifest, no queue.
 */
import http from 'node:http'
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { exitOnError, runBenchChild } from '../lib/child'
import { imageUrls, type DownloadArgs, type DownloadResult } from '../imagesShared'

runBenchChild<DownloadArgs, DownloadResult>(async (args) => {
  const urls = imageUrls(args.ports, args.count)
  const agent = new http.Agent({ keepAlive: true, scheduling: 'lifo' })
  await mkdir(args.dataDir, { recursive: true })
  const result: DownloadResult = { ok: 0, failed: 0, bytes: 0 }
  let next = 0
  const worker = async () => {
    while (next < urls.length) {
      const index = next++
      const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
        http.get(urls[index] as string, { agent }, resolve).on('error', reject),
      )
      let bytes = 0
      response.on('data', (chunk: Buffer) => (bytes += chunk.length))
      await pipeline(response, createWriteStream(path.join(args.dataDir, `${index}.jpg`)))
      if (response.statusCode === 200) {
        result.ok++
        result.bytes += bytes
      } else result.failed++
    }
  }
  await Promise.all(Array.from({ length: args.concurrency }, worker))
  agent.destroy()
  return result
}).catch(exitOnError)
