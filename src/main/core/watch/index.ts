export { watchArchive } from './archive-watcher'
export { isArticleFileName, isIgnoredRelativePath, isWatchedArticle } from './article-files'
export { ChangeCoalescer } from './coalescer'
export { BatchScheduler, nodeTimers } from './batch-scheduler'
export type { BatchTiming, TimerApi } from './batch-scheduler'
export type {
  ArchiveWatcher,
  WatchArchiveOptions,
  WatchBatch,
  WatchEvent,
  WatchFactory,
  WatchMode,
} from './types'
