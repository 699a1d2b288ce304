import os from 'node:os'; import path from 'node:path'; import fs from 'node:fs'
import { generateArticles } from './test/support/generator/index'
import { createSearchIndex } from './src/main/core/search/searchIndex'
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-'))
const ix = createSearchIndex({ dir })
for (const a of generateArticles(Number(process.argv[2] ?? 5000), 1)) ix.add({ ...a, categories: [a.categories] })
const qs = ['处理器', '手机', '笔记本', '"，的"', '的', 'amd', '显卡 性能']
for (let r = 0; r < 3; r++) for (const q of qs) { const s = performance.now(); const res = ix.search(q); if (r === 2) console.log(q, res.total, (performance.now() - s).toFixed(1)) }
ix.close(); fs.rmSync(dir, { recursive: true })
