import { scanArchive } from '../../src/main/core/archive/scan'
async function main() {
  const workers = Number(process.argv[3] ?? 2)
  const t = Date.now()
  let n = 0
  for await (const _a of scanArchive(process.argv[2]!, { workers })) n++
  const u = process.cpuUsage()
  process.stdout.write(`workers=${workers} n=${n} wall=${(Date.now() - t) / 1000}s mainCpu=${((u.user + u.system) / 1e6).toFixed(2)}s\n`)
}
void main()
