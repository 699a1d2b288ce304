import { describe, expect, it } from 'vitest'
import {
  callChannel,
  createBridgeTransport,
  EVENT_CHANNEL,
  MENU_CHANNEL,
  type ArchiveBridge,
} from '../../../src/shared/contract/bridge'
import { createClient } from '../../../src/shared/contract/client'
import { isMenuCommand } from '../../../src/shared/contract/menu'
import { METHOD_NAMES } from '../../../src/shared/contract/methods'

describe('bridge channels', () => {
  it('gives every method its own channel, distinct from the push channels', () => {
    const channels = METHOD_NAMES.map(callChannel)
    expect(new Set(channels).size).toBe(METHOD_NAMES.length)
    expect(channels).not.toContain(EVENT_CHANNEL)
    expect(channels).not.toContain(MENU_CHANNEL)
  })
})

describe('createBridgeTransport', () => {
  it('turns the bridge into the typed client, errors rethrown with their code', async () => {
    const calls: [string, unknown][] = []
    const bridge: ArchiveBridge = {
      async call(method, arg) {
        calls.push([method, arg])
        return method === 'getArchiveInfo'
          ? { ok: true, value: null }
          : { ok: false, error: { code: 'NO_ARCHIVE_OPEN', message: 'no archive' } }
      },
      onEvent: () => () => {},
      onMenu: () => () => {},
      pathForFile: () => '',
    }
    const client = createClient(createBridgeTransport(bridge))
    expect(await client.getArchiveInfo()).toBeNull()
    await expect(client.search({ query: 'x' })).rejects.toMatchObject({ code: 'NO_ARCHIVE_OPEN' })
    expect(calls).toEqual([
      ['getArchiveInfo', undefined],
      ['search', { query: 'x' }],
    ])
  })
})

describe('isMenuCommand', () => {
  it('accepts the known commands only', () => {
    expect(isMenuCommand({ type: 'find' })).toBe(true)
    expect(isMenuCommand({ type: 'toggle-dark-mode' })).toBe(true)
    expect(isMenuCommand({ type: 'export-pdf', destination: '/tmp/a.pdf' })).toBe(true)
    expect(isMenuCommand({ type: 'export-pdf' })).toBe(false)
    expect(isMenuCommand({ type: 'export-pdf', destination: '' })).toBe(false)
    expect(isMenuCommand({ type: 'constructor' })).toBe(false)
    expect(isMenuCommand('find')).toBe(false)
    expect(isMenuCommand(null)).toBe(false)
  })
})
