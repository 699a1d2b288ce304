import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  archivePathFromArgv,
  chooseStartupArchive,
  demoArchivePath,
  isSecondInstanceData,
} from '../../../src/main/electron/launchArgs'

const cwd = path.resolve('/home/me')

describe('archivePathFromArgv', () => {
  it('reads the folder after the app in development (electron <app> <folder>)', () => {
    const argv = ['/x/electron', '.', 'archives/a']
    expect(archivePathFromArgv(argv, { defaultApp: true, cwd })).toBe(path.join(cwd, 'archives/a'))
  })

  it('reads the first positional in a packaged app', () => {
    const argv = ['/opt/Archive Browser/archive-browser', '/data/archive']
    expect(archivePathFromArgv(argv, { defaultApp: false, cwd })).toBe(
      path.resolve('/data/archive'),
    )
  })

  it('skips switches wherever they are (Playwright, Chromium, macOS)', () => {
    const argv = [
      '/x/electron',
      '--inspect=0',
      '--remote-debugging-port=0',
      'out/main/index.js',
      '-psn_0_1',
      'b',
    ]
    expect(archivePathFromArgv(argv, { defaultApp: true, cwd })).toBe(path.join(cwd, 'b'))
  })

  it('returns null without a folder', () => {
    expect(archivePathFromArgv(['/x/electron', '.'], { defaultApp: true, cwd })).toBeNull()
    expect(archivePathFromArgv(['/opt/app', '--no-sandbox'], { defaultApp: false, cwd })).toBeNull()
  })
})

describe('startup archive', () => {
  const recent = [{ path: '/a' }, { path: '/b' }]
  it('prefers the command line, then the last opened, then the demo', () => {
    expect(chooseStartupArchive({ fromArgv: '/x', recent, demo: '/demo' })).toEqual({
      path: '/x',
      origin: 'argv',
    })
    expect(chooseStartupArchive({ fromArgv: null, recent, demo: '/demo' })).toEqual({
      path: '/a',
      origin: 'recent',
    })
    expect(chooseStartupArchive({ fromArgv: null, recent: [], demo: '/demo' })).toEqual({
      path: '/demo',
      origin: 'demo',
    })
    expect(chooseStartupArchive({ fromArgv: null, recent: [], demo: null })).toBeNull()
  })

  it('finds the demo next to the sources or unpacked beside app.asar', () => {
    expect(demoArchivePath('/src/app', false)).toBe(path.join('/src/app', 'resources', 'demo'))
    expect(demoArchivePath('/opt/r/app.asar', true)).toBe(
      path.join('/opt/r/app.asar.unpacked', 'resources', 'demo'),
    )
  })

  it('accepts only well-formed second-instance data', () => {
    expect(isSecondInstanceData({ archivePath: '/a' })).toBe(true)
    expect(isSecondInstanceData({ archivePath: null })).toBe(true)
    expect(isSecondInstanceData({ archivePath: 3 })).toBe(false)
    expect(isSecondInstanceData(null)).toBe(false)
  })
})
