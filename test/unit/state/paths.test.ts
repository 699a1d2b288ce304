import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../src/shared/errors'
import { archiveDataDir, archiveKey, defaultDataDir } from '../../../src/main/core/state/paths'

describe('data folders', () => {
  it('honours ARCHIVE_BROWSER_DATA_DIR, then the platform convention', () => {
    expect(defaultDataDir({ ARCHIVE_BROWSER_DATA_DIR: '/data/ab' }, 'linux', '/home/u')).toBe(
      path.resolve('/data/ab'),
    )
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/u')).toBe(
      path.join('/xdg', 'archive-browser'),
    )
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe(
      path.join('/home/u', '.config', 'archive-browser'),
    )
    expect(defaultDataDir({}, 'darwin', '/Users/u')).toBe(
      path.join('/Users/u', 'Library', 'Application Support', 'Archive Browser'),
    )
    expect(defaultDataDir({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32', 'C:/Users/u')).toBe(
      path.join('C:/Users/u/AppData/Roaming', 'Archive Browser'),
    )
  })

  it('keys archives by a hash of their real path', () => {
    expect(archiveKey('/a/archive')).toMatch(/^[0-9a-f]{24}$/)
    expect(archiveKey('/a/archive')).toBe(archiveKey('/a/archive/'))
    expect(archiveKey('/a/archive')).not.toBe(archiveKey('/a/archive2'))
    expect(archiveKey('/A/Archive', 'darwin')).toBe(archiveKey('/a/archive', 'darwin'))
    const dir = archiveDataDir('/data', '/a/archive')
    expect(dir).toBe(path.join('/data', 'archives', archiveKey('/a/archive')))
  })

  it('refuses a data folder inside the archive', () => {
    expect(() => archiveDataDir('/a/archive/.state', '/a/archive')).toThrow(ApiError)
    expect(() => archiveDataDir('/a/archive', '/a/archive')).toThrow(/inside the archive/)
    expect(archiveDataDir('/a/archive-data', '/a/archive')).toContain('archive-data')
  })
})
