import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { setLogLevel, setLogSink } from '../../../src/main/core/log'
import type { LogLevel } from '../../../src/main/core/log'
import { JsonFileStore } from '../../../src/main/core/state/jsonFileStore'

interface Counter {
  count: number
}

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ab-store-'))
  dirs.push(dir)
  return path.join(dir, 'nested', 'counter.json')
}

function open(file: string, debounceMs = 30) {
  return JsonFileStore.open<Counter>({
    file,
    defaults: () => ({ count: 0 }),
    revive: (raw) =>
      typeof raw === 'object' && raw !== null && typeof (raw as Counter).count === 'number'
        ? { count: (raw as Counter).count }
        : null,
    serialise: (data) => data,
    debounceMs,
  })
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('JsonFileStore', () => {
  it('starts from defaults and creates the folder on first write, compactly', async () => {
    const file = tempFile()
    const store = await open(file)
    expect(store.data).toEqual({ count: 0 })
    store.data.count = 1
    store.changed()
    await store.flush()
    expect(readFileSync(file, 'utf8')).toBe('{"count":1}')
  })

  it('merges many changes into one debounced write, with the last data', async () => {
    const file = tempFile()
    const store = await open(file, 50)
    for (let i = 1; i <= 100; i++) {
      store.data.count = i
      store.changed()
    }
    expect(existsSync(file)).toBe(false)
    await until(() => existsSync(file), 'the debounced write')
    await store.flush()
    expect(store.writeCount).toBe(1)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ count: 100 })
  })

  it('close() flushes pending changes', async () => {
    const file = tempFile()
    const store = await open(file, 60_000)
    store.data.count = 7
    store.changed()
    await store.close()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ count: 7 })
    expect((await open(file)).data).toEqual({ count: 7 })
  })

  it.each([
    ['not JSON', '{"count": 1,'],
    ['empty (crash before the first byte)', ''],
    ['wrong shape', '{"count":"many"}'],
    ['JSON null', 'null'],
  ])(
    'moves a corrupt file (%s) aside, warns, and starts from defaults',
    async (_label, content) => {
      const file = tempFile()
      const first = await open(file)
      first.changed()
      await first.close()
      writeFileSync(file, content)
      const warnings: string[] = []
      const restore = setLogSink((level: LogLevel, name, message) => {
        if (level === 'warn' && name === 'state') warnings.push(message)
      })
      setLogLevel('warn') // tests log only errors by default
      try {
        const store = await open(file)
        expect(store.data).toEqual({ count: 0 })
      } finally {
        setLogLevel('error')
        restore()
      }
      const aside = readdirSync(path.dirname(file)).filter((name) =>
        name.startsWith('counter.json.corrupt-'),
      )
      expect(aside).toHaveLength(1)
      expect(readFileSync(path.join(path.dirname(file), aside[0] as string), 'utf8')).toBe(content)
      expect(existsSync(file)).toBe(false)
      expect(warnings.join('\n')).toContain('moved it to')
    },
  )

  it('never loses the file when several writers (processes) write it at once: last one wins', async () => {
    // Two stores on one file stand for two processes on one data folder (the app and a CLI
    // run): lowdb's steno used one temp name per file, so one writer renamed the other's temp
    // file away and that write failed with ENOENT.
    const file = tempFile()
    const stores = await Promise.all([open(file, 1), open(file, 1), open(file, 1)])
    const errors: string[] = []
    const restore = setLogSink((level: LogLevel, name, message, detail) => {
      if (level === 'error') errors.push(`${name}: ${message} ${String(detail)}`)
    })
    try {
      for (let round = 1; round <= 30; round++) {
        stores.forEach((store, i) => {
          store.data.count = round * 10 + i
          store.changed()
        })
        await Promise.all(stores.map((store) => store.flush()))
        const written = JSON.parse(readFileSync(file, 'utf8')) as Counter
        expect([round * 10, round * 10 + 1, round * 10 + 2]).toContain(written.count)
      }
    } finally {
      restore()
    }
    expect(errors).toEqual([])
    expect(stores.map((store) => store.writeCount)).toEqual([30, 30, 30])
    // No temp file is left behind.
    expect(readdirSync(path.dirname(file))).toEqual(['counter.json'])
    await Promise.all(stores.map((store) => store.close()))
  })

  it('writes of one store land in order (a later write is never overwritten by an earlier one)', async () => {
    const file = tempFile()
    const store = await open(file, 1)
    for (let i = 1; i <= 20; i++) {
      store.data.count = i
      store.changed()
      void store.flush() // flushes overlap; the adapter chains them
    }
    await store.close()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ count: 20 })
  })
})
