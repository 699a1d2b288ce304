export { watchArchive } from './archiveWatcher'
export { isArticleFileName, isIgnoredRelativePath, isWatchedArticle } from './articleFiles'
export { ChangeCoalescer } from './coalescer'
export { BatchScheduler, nodeTimers } from './batchScheduler'
export type { BatchTiming, TimerApi } from './batchScheduler'
export type {
  ArchiveWatcher,
  WatchArchiveOptions,
  WatchBatch,
  WatchEvent,
  WatchMode,
} from './types'
export { createWatchSource } from './source'
export type { SourceEventName, WatchFactory, WatchSource, WatchSourceOptions } from './source'
export { watchArchiveInThread } from './threadedWatcher'
export type { ThreadedWatchOptions } from './threadedWatcher'
