import { Index } from 'flexsearch'
import { generateArticles } from './test/support/generator/index'
import { normalize } from './src/main/core/search/normalize'
import { distinctWords, splitSpaces, titleTokens } from './src/main/core/search/tokens'
const mode = process.argv[2]
const ix = new Index(mode === 'titles' ? { encode: titleTokens, tokenize: 'forward' } : { encode: splitSpaces, tokenize: mode === 'strict' ? 'strict' : 'forward' })
let n = 0; let words = 0
const h0 = (globalThis.gc?.(), process.memoryUsage().heapUsed)
const t0 = performance.now()
for (const a of generateArticles(Number(process.argv[3] ?? 10000), 1)) { const s = mode === 'titles' ? normalize(a.title) : distinctWords(normalize(a.text)); words += s.split(' ').length; ix.add(n++, s) }
globalThis.gc?.()
console.log(mode, { words, heapMB: (process.memoryUsage().heapUsed - h0) / 1e6, s: (performance.now() - t0) / 1000 })
