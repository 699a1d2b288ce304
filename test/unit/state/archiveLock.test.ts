import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ArchiveLocks, LOCK_FILE } from '../../../src/main/core/state/archiveLock'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

function archiveDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ab-lock-'))
  dirs.push(dir)
  return path.join(dir, 'archives', 'key')
}

const lockOf = (dir: string) =>
  JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as { pid: number; host: string }

function writeLock(dir: string, content: object): void {
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(content))
}

describe('archive lock', () => {
  it('one engine owns the folder; another (a second process or engine) does not, until it is released', () => {
    const dir = archiveDir()
    const first = new ArchiveLocks().acquire(dir)
    expect(first.owner).toBe(true)
    expect(lockOf(dir).pid).toBe(process.pid)
    const second = new ArchiveLocks().acquire(dir)
    expect(second.owner).toBe(false)
    expect(second.why).toContain('another engine of this process')
    first.release()
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false)
    const third = new ArchiveLocks().acquire(dir)
    expect(third.owner).toBe(true)
    third.release()
  })

  it('a share keeps the lock until every handle is released; releasing twice counts once', () => {
    const dir = archiveDir()
    const locks = new ArchiveLocks()
    const lease = locks.acquire(dir)
    const share = lease.share()
    lease.release()
    lease.release()
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true)
    expect(new ArchiveLocks().acquire(dir).owner).toBe(false)
    // The same engine opening the archive again shares its own lock.
    const again = locks.acquire(dir)
    expect(again.owner).toBe(true)
    share.release()
    again.release()
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false)
  })

  it('takes over a stale lock (its process is gone), and one left by a closed engine of this process', () => {
    const dir = archiveDir()
    const dead = spawnSync(process.execPath, ['-e', '0']).pid
    writeLock(dir, { pid: dead, host: os.hostname(), token: 'old', since: 'then' })
    const lease = new ArchiveLocks().acquire(dir)
    expect(lease.owner).toBe(true)
    expect(lockOf(dir).pid).toBe(process.pid)
    lease.release()
    writeLock(dir, { pid: process.pid, host: os.hostname(), token: 'not-held', since: 'then' })
    const again = new ArchiveLocks().acquire(dir)
    expect(again.owner).toBe(true)
    again.release()
  })

  it('leaves a live process its lock, and one from another host (its pid cannot be checked)', async () => {
    const dir = archiveDir()
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'])
    try {
      writeLock(dir, { pid: child.pid, host: os.hostname(), token: 't', since: 'then' })
      const lease = new ArchiveLocks().acquire(dir)
      expect(lease.owner).toBe(false)
      expect(lease.why).toContain(`process ${child.pid}`)
      expect(lockOf(dir).pid).toBe(child.pid) // untouched
    } finally {
      child.kill()
    }
    writeLock(dir, { pid: 1, host: `${os.hostname()}-elsewhere`, token: 't', since: 'then' })
    const lease = new ArchiveLocks().acquire(dir)
    expect(lease.owner).toBe(false)
    expect(lease.why).toContain('another host')
  })

  it('a half-written lock is taken as live while young, as stale when old', () => {
    const dir = archiveDir()
    writeLock(dir, {})
    fs.writeFileSync(path.join(dir, LOCK_FILE), '')
    expect(new ArchiveLocks().acquire(dir).owner).toBe(false)
    const old = new Date(Date.now() - 60_000)
    fs.utimesSync(path.join(dir, LOCK_FILE), old, old)
    const lease = new ArchiveLocks().acquire(dir)
    expect(lease.owner).toBe(true)
    lease.release()
  })

  it('a folder where no lock can be written: not the owner, with the reason', () => {
    const dir = archiveDir()
    fs.mkdirSync(path.dirname(dir), { recursive: true })
    fs.writeFileSync(dir, 'a file where the folder should be')
    const lease = new ArchiveLocks().acquire(dir)
    expect(lease.owner).toBe(false)
    expect(lease.why).toMatch(/cannot be created|cannot be written/)
  })
})
