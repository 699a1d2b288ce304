export {
  openStateStore,
  MAX_RECENT_ARCHIVES,
  STATE_FILE_VERSION,
  DEFAULT_STATE_DEBOUNCE_MS,
} from './stateStore'
export type { RecentArchive, StateStore } from './stateStore'
export {
  DEFAULT_SETTINGS,
  SETTINGS_LIMITS,
  validateSettingsPatch,
  reviveSettings,
} from './settings'
export type { ImageHostRule, Language, Settings, Theme, WindowBounds } from './settings'
export { MarksTable, MARKS_FILE_VERSION } from './marks'
export type { ArchiveMarks, ArticleMark, ArticleMarkPatch } from './marks'
export { archiveDataDir, archiveKey, defaultDataDir } from './paths'
export { JsonFileStore } from './jsonFileStore'
