/**
 * App-wide state that crosses the contract: settings, recently opened archives and per-article
 * marks. Plain data only. The lowdb stores in src/main/core/state persist these shapes.
 */

export type Theme = 'system' | 'light' | 'dark'

/** UI language; 'system' follows the OS locale. */
export type Language = 'system' | 'zh-Hans' | 'zh-Hant' | 'en'

/** Per-host rule for the image downloader (some hosts refuse hot-linking without a Referer). */
export interface ImageHostRule {
  /** `example.com`, `img.example.com:8080`, or `*.example.com` for a domain and its subdomains. */
  host: string
  /** 'block' never downloads from the host; 'allow' (the default) downloads with the headers below. */
  action?: 'allow' | 'block'
  /** Referer header to send, e.g. the site's home page. None is sent by default. */
  referer?: string
  /** User-Agent header to send instead of the default. */
  userAgent?: string
}

export interface WindowBounds {
  x?: number
  y?: number
  width: number
  height: number
  maximized?: boolean
}

export interface Settings {
  /** IANA zone for reading dates without an offset; null means the machine's zone. */
  timeZone: string | null
  theme: Theme
  language: Language
  /** Reader font size in CSS pixels. */
  fontSize: number
  /** Opening an article marks it read. */
  markReadOnOpen: boolean
  /** Never touch the network: images come from the cache only. */
  offlineOnly: boolean
  /** Download an article's images when it is opened. */
  imageAutoDownload: boolean
  /** Parallel image downloads in all. */
  imageConcurrency: number
  /** Parallel image downloads from one host. */
  imagePerHostLimit: number
  /** Per-image download timeout in milliseconds. */
  imageTimeoutMs: number
  /** Larger images are refused, in bytes. */
  imageMaxBytes: number
  /** Image cache size cap in bytes; least recently used images beyond it are evicted. */
  imageCacheCapBytes: number
  imageHostRules: ImageHostRule[]
  /** Last main window bounds (Electron only); null before the first close. */
  windowBounds: WindowBounds | null
}

/** Defaults: what a first run gets, and what replaces a missing or invalid stored value. */
export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  timeZone: null,
  theme: 'system',
  language: 'system',
  fontSize: 16,
  markReadOnOpen: true,
  offlineOnly: false,
  imageAutoDownload: true,
  imageConcurrency: 6,
  imagePerHostLimit: 2,
  imageTimeoutMs: 30_000,
  imageMaxBytes: 20 * 1024 * 1024,
  imageCacheCapBytes: 2 * 1024 * 1024 * 1024,
  imageHostRules: [],
  windowBounds: null,
})

/** `updateSettings` takes any subset; unknown keys are refused. */
export type SettingsPatch = Partial<Settings>

export interface RecentArchive {
  /** Absolute real path of the archive folder. */
  path: string
  /** Display name: the folder's base name. */
  name: string
  /** ISO 8601 time it was last opened. */
  openedAt: string
  /** Article count at the last scan, when known. */
  articleCount?: number
}

/** Read/favourite state of one article, kept outside the archive (posts are never modified). */
export interface ArticleMark {
  id: string
  read: boolean
  favourite: boolean
  /** ISO 8601, set when `read` last became true. */
  readAt: string | null
  /** ISO 8601, set when `favourite` last became true. */
  favouriteAt: string | null
}

// A Record literal, so a setting added to Settings without a line here is a compile error.
const SETTING_KEY_TABLE: Record<keyof Settings, true> = {
  timeZone: true,
  theme: true,
  language: true,
  fontSize: true,
  markReadOnOpen: true,
  offlineOnly: true,
  imageAutoDownload: true,
  imageConcurrency: true,
  imagePerHostLimit: true,
  imageTimeoutMs: true,
  imageCacheCapBytes: true,
  imageMaxBytes: true,
  imageHostRules: true,
  windowBounds: true,
}

/** Every settings key, for checking patches that crossed a process boundary. */
export const SETTING_KEYS = Object.keys(SETTING_KEY_TABLE) as (keyof Settings)[]
