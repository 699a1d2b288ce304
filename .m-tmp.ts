import os from 'node:os'; import path from 'node:path'; import fs from 'node:fs'
import { generateArticles } from './test/support/generator/index'
import { createSearchIndex } from './src/main/core/search/searchIndex'
const N = Number(process.argv[2] ?? 10000)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-'))
const ix = createSearchIndex({ dir })
const t0 = performance.now(); const c0 = process.cpuUsage(); let peak = 0; let n = 0
for (const a of generateArticles(N, 1)) { ix.add({ ...a, categories: [a.categories] }); if (++n % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss) }
const t1 = performance.now(); const cpu = process.cpuUsage(c0)
globalThis.gc?.()
const mu = process.memoryUsage()
console.log({ N, buildS: (t1 - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6, peakMB: peak / 1e6, rssMB: mu.rss / 1e6, heapMB: mu.heapUsed / 1e6, extMB: (mu.external + mu.arrayBuffers) / 1e6, ...ix.stats() })
for (const q of ['处理器', '手机', '笔记本', '英特尔', 'amd', '显卡 性能', 'source:游民星空 手机']) { const s = performance.now(); const r = ix.search(q); console.log(q, r.total, (performance.now() - s).toFixed(1)) }
ix.close(); fs.rmSync(dir, { recursive: true })
