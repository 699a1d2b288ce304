import { describe, expect, it } from 'vitest'
import { ChangeCoalescer } from '../../../src/main/core/watch/coalescer'

function seeded(...ids: string[]): ChangeCoalescer {
  const c = new ChangeCoalescer()
  for (const id of ids) c.seed(id)
  return c
}

describe('ChangeCoalescer', () => {
  it('seeding is not news', () => {
    const c = seeded('a.md', 'b/c.md')
    expect(c.takeBatch()).toEqual({ upserted: [], removed: [] })
    expect(c.knownCount).toBe(2)
  })

  it('add then unlink of a new file within one window yields nothing', () => {
    const c = seeded()
    c.upsert('new.md')
    c.remove('new.md')
    expect(c.takeBatch()).toEqual({ upserted: [], removed: [] })
    expect(c.isKnown('new.md')).toBe(false)
  })

  it('unlink then add of a known file is one upsert (rename over, delete+recreate)', () => {
    const c = seeded('a.md')
    c.remove('a.md')
    c.upsert('a.md')
    expect(c.takeBatch()).toEqual({ upserted: ['a.md'], removed: [] })
  })

  it('add then several changes is upserted once', () => {
    const c = seeded()
    c.upsert('a.md')
    c.upsert('a.md')
    c.upsert('a.md')
    expect(c.takeBatch()).toEqual({ upserted: ['a.md'], removed: [] })
  })

  it('change then unlink of a known file is removed', () => {
    const c = seeded('a.md')
    c.upsert('a.md')
    c.remove('a.md')
    expect(c.takeBatch()).toEqual({ upserted: [], removed: ['a.md'] })
  })

  it('a rename is removed(old) + upserted(new)', () => {
    const c = seeded('old.md')
    c.remove('old.md')
    c.upsert('new.md')
    expect(c.takeBatch()).toEqual({ upserted: ['new.md'], removed: ['old.md'] })
  })

  it('ignores unlink of a path it never knew', () => {
    const c = seeded('a.md')
    c.remove('ghost.md')
    expect(c.takeBatch()).toEqual({ upserted: [], removed: [] })
  })

  it('windows are independent: a file added in one batch and removed in the next is reported removed', () => {
    const c = seeded()
    c.upsert('a.md')
    expect(c.takeBatch().upserted).toEqual(['a.md'])
    c.remove('a.md')
    expect(c.takeBatch()).toEqual({ upserted: [], removed: ['a.md'] })
  })

  it('removeDir removes every known file under the folder, and only those', () => {
    const c = seeded(
      'keep.md',
      'd/a.md',
      'd/b.md',
      'd/e/f.md',
      'd/e/g/h.md',
      'dd/x.md',
      'other/y.md',
    )
    c.removeDir('d')
    expect(c.takeBatch()).toEqual({
      upserted: [],
      removed: ['d/a.md', 'd/b.md', 'd/e/f.md', 'd/e/g/h.md'],
    })
    expect(c.knownFiles()).toEqual(['dd/x.md', 'keep.md', 'other/y.md'])
  })

  it('removeDir tolerates chokidar also reporting each child (before or after)', () => {
    const c = seeded('d/a.md', 'd/e/b.md')
    c.remove('d/e/b.md')
    c.removeDir('d/e')
    c.removeDir('d')
    c.remove('d/a.md')
    expect(c.takeBatch()).toEqual({ upserted: [], removed: ['d/a.md', 'd/e/b.md'] })
  })

  it('a folder rename is removed for old paths and upserted for new paths', () => {
    const c = seeded('old/a.md', 'old/sub/b.md')
    c.removeDir('old')
    c.upsert('new/a.md')
    c.upsert('new/sub/b.md')
    expect(c.takeBatch()).toEqual({
      upserted: ['new/a.md', 'new/sub/b.md'],
      removed: ['old/a.md', 'old/sub/b.md'],
    })
  })

  it("removeDir('') empties everything; clear() forgets without reporting", () => {
    const c = seeded('a.md', 'b/c.md')
    c.removeDir('')
    expect(c.takeBatch().removed).toEqual(['a.md', 'b/c.md'])
    c.upsert('x.md')
    c.clear()
    expect(c.takeBatch()).toEqual({ upserted: [], removed: [] })
    expect(c.knownCount).toBe(0)
  })

  it('matches a reference model on random event sequences', () => {
    let seed = 42
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const names = ['a.md', 'b.md', 'd/c.md', 'd/e.md', 'd/f/g.md', 'h/i.md']
    const c = new ChangeCoalescer()
    let before = new Set<string>()
    let now = new Set<string>()
    for (let step = 0; step < 2000; step++) {
      const name = names[Math.floor(random() * names.length)] as string
      const roll = random()
      if (roll < 0.45) {
        c.upsert(name)
        now.add(name)
      } else if (roll < 0.8) {
        c.remove(name)
        now.delete(name)
      } else if (roll < 0.9) {
        c.removeDir('d')
        for (const id of [...now]) if (id.startsWith('d/')) now.delete(id)
      } else {
        const batch = c.takeBatch()
        for (const id of batch.removed) {
          expect(before.has(id) && !now.has(id)).toBe(true)
          before.delete(id)
        }
        for (const id of batch.upserted) {
          expect(now.has(id)).toBe(true)
          before.add(id)
        }
        expect([...before].sort()).toEqual([...now].sort())
        before = new Set(now)
        now = new Set(now)
      }
    }
  })
})
