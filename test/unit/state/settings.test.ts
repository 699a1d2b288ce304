import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../src/shared/errors'
import {
  DEFAULT_SETTINGS,
  reviveSettings,
  validateSettingsPatch,
} from '../../../src/main/core/state/settings'

function refusal(patch: unknown): string {
  try {
    validateSettingsPatch(patch)
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('INVALID_ARGUMENT')
    return (error as ApiError).message
  }
  throw new Error(`patch was accepted: ${JSON.stringify(patch)}`)
}

describe('settings validation', () => {
  it('accepts good values', () => {
    const patch = {
      timeZone: 'Asia/Shanghai',
      theme: 'dark',
      language: 'zh-Hans',
      fontSize: 18.5,
      markReadOnOpen: false,
      offlineOnly: true,
      imageConcurrency: 8,
      imagePerHostLimit: 3,
      imageMaxBytes: 5_000_000,
      imageCacheCapBytes: 0,
      imageHostRules: [
        { host: '*.sinaimg.cn', referer: 'https://weibo.com/' },
        { host: 'img.example.com:8080', userAgent: 'Mozilla/5.0' },
      ],
      windowBounds: { x: -10, y: 20, width: 1200, height: 800, maximized: false },
    }
    expect(validateSettingsPatch(patch)).toEqual(patch)
    expect(validateSettingsPatch({ timeZone: null })).toEqual({ timeZone: null })
    expect(validateSettingsPatch({ windowBounds: null })).toEqual({ windowBounds: null })
  })

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ timeZone: '' }, 'timeZone'],
    [{ theme: 'blue' }, 'theme'],
    [{ language: 'fr' }, 'language'],
    [{ fontSize: 4 }, 'fontSize'],
    [{ fontSize: Number.NaN }, 'fontSize'],
    [{ fontSize: '16' }, 'fontSize'],
    [{ markReadOnOpen: 'yes' }, 'markReadOnOpen'],
    [{ imageConcurrency: 2.5 }, 'imageConcurrency'],
    [{ imageConcurrency: 0 }, 'imageConcurrency'],
    [{ imagePerHostLimit: 100 }, 'imagePerHostLimit'],
    [{ imageMaxBytes: -1 }, 'imageMaxBytes'],
    [{ imageCacheCapBytes: 1.5 }, 'imageCacheCapBytes'],
    [{ imageHostRules: {} }, 'imageHostRules'],
    [{ imageHostRules: [{ host: 'bad host' }] }, 'host'],
    [{ imageHostRules: [{ host: 'a.com', referer: 'javascript:alert(1)' }] }, 'referer'],
    [{ imageHostRules: [{ host: 'a.com', userAgent: 'x\r\nCookie: y' }] }, 'userAgent'],
    [{ imageHostRules: [{ host: 'a.com', extra: 1 }] }, 'extra'],
    [{ windowBounds: { width: 10, height: 800, maximized: false } }, 'windowBounds'],
    [{ windowBounds: { width: 800 } }, 'windowBounds'],
    [{ windowBounds: { width: 800, height: 800, maximized: 'no' } }, 'windowBounds'],
    [{ imageTimeoutMs: 5 }, 'imageTimeoutMs'],
    [{ imageHostRules: [{ host: 'a.com', action: 'maybe' }] }, 'action'],
    [{ language: 'zh-CN' }, 'language'],
    [{ colour: 'red' }, 'colour'],
  ])('refuses %j naming %s', (patch, key) => {
    expect(refusal(patch)).toContain(key)
  })

  it('refuses a patch that is not an object', () => {
    expect(refusal(null)).toMatch(/object/)
    expect(refusal([1])).toMatch(/object/)
  })
})

describe('reviveSettings', () => {
  it('fills missing and invalid keys from defaults and keeps valid ones', () => {
    const revived = reviveSettings({
      theme: 'dark',
      fontSize: 'huge',
      imageConcurrency: 6,
      futureFlag: true,
    })
    expect(revived.theme).toBe('dark')
    expect(revived.fontSize).toBe(DEFAULT_SETTINGS.fontSize)
    expect(revived.imageConcurrency).toBe(6)
    expect(revived.markReadOnOpen).toBe(DEFAULT_SETTINGS.markReadOnOpen)
    expect(revived).not.toHaveProperty('futureFlag')
  })

  it('returns a copy that does not share arrays with the defaults', () => {
    const a = reviveSettings(undefined)
    a.imageHostRules.push({ host: 'x.com' })
    expect(reviveSettings(undefined).imageHostRules).toEqual([])
    expect(DEFAULT_SETTINGS.imageHostRules).toEqual([])
  })
})
