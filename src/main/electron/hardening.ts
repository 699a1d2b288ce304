/**
 * Applies the security policy (security.ts) to Electron objects: every webContents the app
 * creates, and the default session.
 */
import { shell, type Session, type WebContents } from 'electron'
import { createLogger } from '../core/log'
import { navigationVerdict, withContentSecurityPolicy, isExternalHttpUrl } from './security'

const log = createLogger('security')

function openExternal(url: string): void {
  shell.openExternal(url).catch((error: unknown) => log.warn(`cannot open ${url}`, error))
}

/** Navigation stays on the app page; http(s) links go to the system browser; no new windows. */
export function hardenWebContents(contents: WebContents, appUrl: () => string): void {
  contents.on('will-navigate', (event) => {
    const verdict = navigationVerdict(event.url, appUrl())
    if (verdict === 'allow') return
    event.preventDefault()
    if (verdict === 'external') openExternal(event.url)
    else log.warn(`blocked navigation to ${event.url.slice(0, 200)}`)
  })
  contents.on('will-redirect', (event) => {
    if (navigationVerdict(event.url, appUrl()) !== 'allow') event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalHttpUrl(url)) openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/**
 * Denies every permission (camera, notifications, clipboard reads...) and every download, and
 * sets the CSP header on responses (skipped for the dev server, whose hot reload injects
 * inline scripts).
 */
export function hardenSession(session: Session, options: { csp: boolean }): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.debug(`denied permission ${permission}`)
    callback(false)
  })
  session.setPermissionCheckHandler(() => false)
  session.on('will-download', (event) => event.preventDefault())
  if (options.csp) {
    session.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) })
    })
  }
}
