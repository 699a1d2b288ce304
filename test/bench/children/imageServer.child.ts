/**
 * The image bench's loopback server, in its own process so that serving costs no CPU or memory in
 * the measured downloader: `hosts` ports on 127.0.0.1, each image answered after `latencyMs`.
 * Image i is `imageSize(i)` bytes cut from one random buffer that starts like a JPEG. Prints
 * `PORTS <p1,p2,...>` once listening; exits when its stdin closes.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { jpegBytes } from '../../support/imageServer'
import { imageSize, MAX_IMAGE_BYTES } from '../imagesShared'

const [hostsArg, latencyArg] = process.argv.slice(2)
const hosts = Number(hostsArg ?? 3)
const latencyMs = Number(latencyArg ?? 20)
const body = jpegBytes(MAX_IMAGE_BYTES, 12345)

async function listen(): Promise<number> {
  const server = http.createServer((req, res) => {
    const index = Number(/\/img\/(\d+)\.jpg/.exec(req.url ?? '')?.[1] ?? -1)
    setTimeout(() => {
      if (index < 0) {
        res.writeHead(404).end()
        return
      }
      const size = imageSize(index)
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': size })
      res.end(body.subarray(0, size))
    }, latencyMs)
  })
  server.keepAliveTimeout = 30_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

async function main(): Promise<void> {
  const ports: number[] = []
  for (let i = 0; i < hosts; i++) ports.push(await listen())
  process.stdout.write(`PORTS ${ports.join(',')}\n`)
  process.stdin.resume()
  process.stdin.on('end', () => process.exit(0))
  process.stdin.on('close', () => process.exit(0))
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})
