import { describe, expect, it } from 'vitest'
import {
  CONTENT_SECURITY_POLICY,
  isAllowedSender,
  isAppUrl,
  isExternalHttpUrl,
  navigationVerdict,
  printWindowOptions,
  windowOptions,
  withContentSecurityPolicy,
} from '../../../src/main/electron/security'

const APP = 'file:///opt/Archive%20Browser/out/renderer/index.html'
const DEV = 'http://localhost:5173/'

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/)
      return [name!, values]
    }),
  )
}

describe('content security policy', () => {
  const policy = directives(CONTENT_SECURITY_POLICY)

  it('allows nothing remote', () => {
    for (const values of policy.values()) {
      for (const value of values) expect(value).not.toMatch(/^(https?:|\*|ws:|wss:)/)
    }
    expect(policy.get('default-src')).toEqual(["'self'"])
    expect(policy.get('script-src')).toEqual(["'self'"])
    expect(policy.get('connect-src')).toEqual(["'self'"])
  })

  it('allows cached images and forbids plugins, frames, base and forms', () => {
    expect(policy.get('img-src')).toEqual(["'self'", 'app-img:', 'data:'])
    for (const name of ['object-src', 'frame-src', 'base-uri', 'form-action']) {
      expect(policy.get(name)).toEqual(["'none'"])
    }
    expect(policy.get('script-src')).not.toContain("'unsafe-inline'")
    expect(policy.get('script-src')).not.toContain("'unsafe-eval'")
  })

  it('replaces any CSP header of a response, whatever its case', () => {
    const headers = withContentSecurityPolicy({
      'content-security-policy': ['default-src *'],
      'Content-Type': ['text/html'],
    })
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    })
    expect(withContentSecurityPolicy(undefined)).toEqual({
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    })
  })
})

describe('window options', () => {
  it('keeps the renderer isolated and sandboxed', () => {
    const options = windowOptions('/app/out/preload/index.js', { width: 800, height: 600 })
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
    expect(options).toMatchObject({ width: 800, height: 600, show: false })
  })

  it('prints without scripts', () => {
    expect(printWindowOptions().webPreferences).toMatchObject({
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    })
    expect(printWindowOptions().webPreferences?.preload).toBeUndefined()
  })
})

describe('external links', () => {
  it.each([
    ['https://example.com/a?b#c', true],
    ['http://例子.中国/', true],
    ['HTTPS://EXAMPLE.COM', true],
    ['javascript:alert(1)', false],
    ['file:///etc/passwd', false],
    ['app-img://cache/abc', false],
    ['mailto:a@b.c', false],
    ['data:text/html,hi', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isExternalHttpUrl(url)).toBe(expected)
  })
})

describe('app URL and navigation', () => {
  it('accepts the same file with any hash or query, and nothing else', () => {
    expect(isAppUrl(`${APP}#/article/1`, APP)).toBe(true)
    expect(isAppUrl('file:///opt/Archive Browser/out/renderer/index.html', APP)).toBe(true)
    expect(isAppUrl('file:///opt/Archive%20Browser/out/renderer/other.html', APP)).toBe(false)
    expect(isAppUrl('file:///etc/passwd', APP)).toBe(false)
    expect(isAppUrl('https://example.com/', APP)).toBe(false)
  })

  it('accepts the dev server origin only', () => {
    expect(isAppUrl('http://localhost:5173/src/main.tsx', DEV)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', DEV)).toBe(false)
    expect(isAppUrl('http://127.0.0.1:5173/', DEV)).toBe(false)
  })

  it('sends http(s) navigations outside and denies the rest', () => {
    expect(navigationVerdict(`${APP}#x`, APP)).toBe('allow')
    expect(navigationVerdict('https://example.com', APP)).toBe('external')
    expect(navigationVerdict('file:///home/user/secret.html', APP)).toBe('deny')
    expect(navigationVerdict('javascript:void(0)', APP)).toBe('deny')
  })
})

describe('IPC sender check', () => {
  const ok = { frameUrl: APP, isMainFrame: true, isOurWindow: true }

  it('allows the app page in the main frame of our window', () => {
    expect(isAllowedSender(ok, APP)).toBe(true)
  })

  it('refuses iframes, foreign windows, destroyed frames and other pages', () => {
    expect(isAllowedSender({ ...ok, isMainFrame: false }, APP)).toBe(false)
    expect(isAllowedSender({ ...ok, isOurWindow: false }, APP)).toBe(false)
    expect(isAllowedSender({ ...ok, frameUrl: null }, APP)).toBe(false)
    expect(isAllowedSender({ ...ok, frameUrl: 'https://evil.example/' }, APP)).toBe(false)
    expect(isAllowedSender({ ...ok, frameUrl: 'file:///tmp/print/document.html' }, APP)).toBe(false)
  })
})
