/**
 * The policy applied to Electron objects, with a mocked `electron` (only `shell` is used at run
 * time) and fake webContents/session objects.
 */
import { EventEmitter } from 'node:events'
import type { Session, WebContents } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { hardenSession, hardenWebContents } from '../../../src/main/electron/hardening'
import { CONTENT_SECURITY_POLICY } from '../../../src/main/electron/security'

const opened = vi.hoisted(() => [] as string[])
vi.mock('electron', () => ({
  shell: {
    openExternal: async (url: string) => {
      opened.push(url)
    },
  },
}))

const APP = 'file:///app/out/renderer/index.html'

function fakeContents() {
  const emitter = new EventEmitter()
  let openHandler: ((details: { url: string }) => { action: string }) | null = null
  const contents = Object.assign(emitter, {
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler
    },
  })
  return { contents, open: (url: string) => openHandler!({ url }) }
}

function navigate(contents: EventEmitter, name: string, url: string): boolean {
  let prevented = false
  contents.emit(name, { url, preventDefault: () => (prevented = true) })
  return prevented
}

describe('hardenWebContents', () => {
  it('keeps navigation on the app page and sends web links to the browser', () => {
    opened.length = 0
    const { contents } = fakeContents()
    hardenWebContents(contents as unknown as WebContents, () => APP)
    expect(navigate(contents, 'will-navigate', `${APP}#/x`)).toBe(false)
    expect(navigate(contents, 'will-navigate', 'https://example.com/a')).toBe(true)
    expect(navigate(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(navigate(contents, 'will-redirect', 'https://example.com/b')).toBe(true)
    expect(opened).toEqual(['https://example.com/a'])
  })

  it('denies every new window, opening only http(s) links outside', () => {
    opened.length = 0
    const { contents, open } = fakeContents()
    hardenWebContents(contents as unknown as WebContents, () => APP)
    expect(open('https://example.com/')).toEqual({ action: 'deny' })
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' })
    expect(open(APP)).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://example.com/'])
  })

  it('refuses webviews', () => {
    const { contents } = fakeContents()
    hardenWebContents(contents as unknown as WebContents, () => APP)
    expect(navigate(contents, 'will-attach-webview', '')).toBe(true)
  })
})

describe('hardenSession', () => {
  function fakeSession() {
    const emitter = new EventEmitter()
    const handlers: Record<string, unknown> = {}
    const session = Object.assign(emitter, {
      setPermissionRequestHandler: (handler: unknown) => (handlers.request = handler),
      setPermissionCheckHandler: (handler: unknown) => (handlers.check = handler),
      webRequest: { onHeadersReceived: (handler: unknown) => (handlers.headers = handler) },
    })
    return { session, handlers }
  }

  it('denies permissions and downloads, and sets the CSP header', () => {
    const { session, handlers } = fakeSession()
    hardenSession(session as unknown as Session, { csp: true })
    const answers: boolean[] = []
    ;(handlers.request as (c: unknown, p: string, cb: (ok: boolean) => void) => void)(
      null,
      'media',
      (ok) => answers.push(ok),
    )
    expect(answers).toEqual([false])
    expect((handlers.check as () => boolean)()).toBe(false)
    expect(navigate(session, 'will-download', '')).toBe(true)
    let headers: unknown
    ;(handlers.headers as (d: unknown, cb: (r: unknown) => void) => void)(
      { responseHeaders: { 'content-security-policy': ['default-src *'] } },
      (response) => (headers = response),
    )
    expect(headers).toEqual({
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })

  it('leaves headers alone for the dev server', () => {
    const { session, handlers } = fakeSession()
    hardenSession(session as unknown as Session, { csp: false })
    expect(handlers.headers).toBeUndefined()
    expect(handlers.request).toBeDefined()
  })
})
