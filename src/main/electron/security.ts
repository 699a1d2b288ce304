/**
 * The desktop app's security policy as pure functions (no Electron import, so plain-Node tests
 * cover them). windows.ts and app.ts apply them; see the Electron security checklist in
 * docs/tech-notes.md, section 5.
 */
import type { BrowserWindowConstructorOptions } from 'electron'

/**
 * Content Security Policy of every app page: nothing remote, ever. Images come from the app or
 * the image cache scheme; inline styles are allowed because React sets style attributes.
 * The renderer repeats it in a <meta> tag (file:// responses may not pass through
 * onHeadersReceived), so both must change together.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' app-img: data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/** Headers with our CSP replacing any the response carried (header names are case-insensitive). */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY]
  return result
}

/** The main window's options: Electron's secure defaults spelled out, so a change is a visible diff. */
export function windowOptions(
  preloadPath: string,
  bounds: { x?: number; y?: number; width: number; height: number },
): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: 640,
    minHeight: 400,
    show: false,
    title: 'Archive Browser',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  }
}

/** Options of the hidden window that renders a print document: no scripts, no preload. */
export function printWindowOptions(): BrowserWindowConstructorOptions {
  return {
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      javascript: false,
      webSecurity: true,
      offscreen: false,
    },
  }
}

/** True for an http(s) URL with a host: the only links handed to the system browser. */
export function isExternalHttpUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== ''
  } catch {
    return false
  }
}

/**
 * True when `url` is the app's own page: the same file (file://, query and hash ignored) or the
 * same origin as the dev server (ELECTRON_RENDERER_URL under `electron-vite dev`).
 */
export function isAppUrl(url: string, appUrl: string): boolean {
  let candidate: URL
  let app: URL
  try {
    candidate = new URL(url)
    app = new URL(appUrl)
  } catch {
    return false
  }
  if (app.protocol === 'file:') {
    return (
      candidate.protocol === 'file:' &&
      candidate.host === app.host &&
      decodedPath(candidate) === decodedPath(app)
    )
  }
  if (app.protocol === 'http:' || app.protocol === 'https:') {
    return candidate.origin === app.origin
  }
  return false
}

/** The pathname with escapes decoded (Chromium and pathToFileURL escape different characters). */
function decodedPath(url: URL): string {
  try {
    return decodeURIComponent(url.pathname)
  } catch {
    return url.pathname
  }
}

/** What an IPC handler knows about who called it. */
export interface SenderInfo {
  /** `event.senderFrame?.url`; null when the frame is gone (navigated away, destroyed). */
  frameUrl: string | null
  /** The frame has no parent (not an iframe). */
  isMainFrame: boolean
  /** The frame's webContents belongs to a window this app created. */
  isOurWindow: boolean
}

/** IPC is answered only for the app's own page, in its main frame, in one of our windows. */
export function isAllowedSender(sender: SenderInfo, appUrl: string): boolean {
  return (
    sender.isOurWindow &&
    sender.isMainFrame &&
    sender.frameUrl !== null &&
    isAppUrl(sender.frameUrl, appUrl)
  )
}

/** What to do with a navigation: stay (same app page), hand to the browser, or ignore. */
export function navigationVerdict(url: string, appUrl: string): 'allow' | 'external' | 'deny' {
  if (isAppUrl(url, appUrl)) return 'allow'
  return isExternalHttpUrl(url) ? 'external' : 'deny'
}
