/**
 * Deterministic, seeded generator of articles in the real Hexo/RSSHub format, for tests
 * and benchmarks. Same (seed, index) → same bytes on every machine.
 */
export { DEFAULT_SEED, GENERATOR_VERSION, generateArticle, generateArticles } from './article'
export type { GeneratedArticle } from './article'
export { benchArchiveDir, ensureBenchArchive, readBenchMarker, writeArchive } from './write'
export type { BenchArchiveMarker, WriteOptions, WriteResult } from './write'
export { cleanFileName, rfc1123 } from './frontMatter'
export { toIndexable } from './indexable'
