/**
 * The binary snapshot (format 3 and later): the container round-trips columns and strings exactly; a
 * truncated file, a changed byte (in the JSON part or in a column) and an older format are
 * refused before anything is used.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  readSnapshot,
  SNAPSHOT_FILE,
  SNAPSHOT_FORMAT,
  writeSnapshot,
} from '../../../src/main/core/search/snapshot'
import {
  encodeBody,
  SnapshotError,
  SnapshotReader,
  SnapshotSections,
} from '../../../src/main/core/search/snapshotCodec'
import { makeTempDir } from '../../support/tempDir'
import { mulberry32 } from './querySampler'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

/** Strings of every kind a snapshot holds: ASCII, Latin-1, CJK, astral, a lone surrogate. */
const STRINGS = ['', 'a.md', 'café', '新媒体/36kr/资讯.md', '𠀀龘', '\ud800x', 'ﬁ ㈱', '2021-06-01']

function sampleSections(): { sections: SnapshotSections; expected: Record<string, unknown> } {
  const random = mulberry32(7)
  const floats = Float64Array.from({ length: 1001 }, (_, i) =>
    i % 97 === 0 ? Number.NaN : (random() - 0.5) * 1e15,
  )
  const ints = Int32Array.from({ length: 333 }, () => Math.floor((random() - 0.5) * 2 ** 31))
  const small = Uint16Array.from({ length: 17 }, (_, i) => i * 3000)
  const bytes = Uint8Array.from({ length: 5 }, (_, i) => i * 50)
  const units = Uint32Array.from({ length: 9 }, (_, i) => 2 ** 32 - 1 - i)
  const strings = Array.from({ length: 200 }, (_, i) =>
    i % 11 === 0 ? null : (STRINGS[i % STRINGS.length] as string) + String(i),
  )
  const latin = Array.from({ length: 50 }, (_, i) => (i % 7 === 0 ? null : `hash${i}é`))
  const sections = new SnapshotSections()
  sections.add('floats', floats)
  sections.add('ints', ints)
  sections.add('small', small)
  sections.add('bytes', bytes)
  sections.add('units', units)
  sections.addStrings('strings', strings)
  sections.addStrings('latin', latin)
  sections.addStrings('empty', [])
  return { sections, expected: { floats, ints, small, bytes, units, strings, latin } }
}

function readAll(reader: SnapshotReader): Record<string, unknown> {
  const all = (name: string): (string | null)[] => {
    const column = reader.strings(name)
    return Array.from({ length: column.length }, (_, i) => column.get(i))
  }
  expect(all('empty')).toEqual([])
  return {
    floats: reader.float64('floats'),
    ints: reader.int32('ints'),
    small: reader.uint16('small'),
    bytes: reader.uint8('bytes'),
    units: reader.uint32('units'),
    strings: all('strings'),
    latin: all('latin'),
  }
}

async function tempDir(): Promise<string> {
  const dir = await makeTempDir('snapshot-format-')
  dirs.push(dir)
  return dir
}

describe('snapshot container', () => {
  it('round-trips numeric columns and strings exactly (NaN, nulls, astral, lone surrogates)', () => {
    const { sections, expected } = sampleSections()
    const reader = new SnapshotReader(encodeBody({ note: ['meta', 1] }, sections))
    expect(reader.meta).toEqual({ note: ['meta', 1] })
    expect(readAll(reader)).toEqual(expected)
    // Latin-1 only strings are stored a byte per unit; others as UTF-16.
    expect(reader.has('latin.latin1')).toBe(true)
    expect(reader.has('strings.chars')).toBe(true)
    expect(() => reader.float64('missing')).toThrow(SnapshotError)
    expect(() => reader.float64('ints')).toThrow(/whole number of entries/)
  })

  it('copies columns out of the file body (they stay valid and writable)', () => {
    const { sections } = sampleSections()
    const body = encodeBody(null, sections)
    const reader = new SnapshotReader(body)
    const ints = reader.int32('ints')
    const first = ints[0]
    body.fill(0)
    expect(ints[0]).toBe(first)
    ints[0] = 5
    expect(reader.int32('ints')[0]).toBe(0)
  })

  it('writes and reads a snapshot file', async () => {
    const dir = await tempDir()
    const { sections, expected } = sampleSections()
    writeSnapshot(dir, { nextDoc: 3 }, sections)
    const header = fs.readFileSync(path.join(dir, SNAPSHOT_FILE), 'latin1').split('\n')[0]
    expect(header).toMatch(new RegExp(`^ABSEARCH ${SNAPSHOT_FORMAT} [0-9a-f]{8}$`))
    const reader = readSnapshot(dir)
    expect(reader.meta).toEqual({ nextDoc: 3 })
    expect(readAll(reader)).toEqual(expected)
    expect(reader.names()).toContain('strings.chars')
  })

  const damage: [string, (file: string) => void, RegExp][] = [
    [
      'truncated by one byte',
      (file) => fs.truncateSync(file, fs.statSync(file).size - 1),
      /checksum does not match/,
    ],
    [
      'truncated to its header',
      (file) => fs.truncateSync(file, fs.readFileSync(file).indexOf(10) + 1),
      /checksum does not match/,
    ],
    [
      'changed in the JSON part',
      (file) => {
        const bytes = fs.readFileSync(file)
        const at = bytes.indexOf('nextDoc')
        bytes[at] = 0x4e // 'N'
        fs.writeFileSync(file, bytes)
      },
      /checksum does not match/,
    ],
    [
      'changed in a column',
      (file) => {
        const bytes = fs.readFileSync(file)
        bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0x01
        fs.writeFileSync(file, bytes)
      },
      /checksum does not match/,
    ],
    [
      'of an older format',
      (file) => {
        const bytes = fs.readFileSync(file)
        const newline = bytes.indexOf(10)
        const rest = bytes.subarray(newline)
        fs.writeFileSync(file, Buffer.concat([Buffer.from('ABSEARCH 2 0123abcd'), rest]))
      },
      new RegExp(`format 2 is not the current format ${SNAPSHOT_FORMAT}`),
    ],
    [
      // Format 8 changed the unigram lists (unigramCoding.ts): a format 7 index must be rebuilt.
      'of format 7 (unigram lists of varint deltas and tf bytes)',
      (file) => {
        const bytes = fs.readFileSync(file)
        const header = bytes.subarray(0, bytes.indexOf(10)).toString('latin1')
        const rest = bytes.subarray(bytes.indexOf(10))
        const older = header.replace(`ABSEARCH ${SNAPSHOT_FORMAT} `, 'ABSEARCH 7 ')
        expect(older).not.toBe(header)
        fs.writeFileSync(file, Buffer.concat([Buffer.from(older, 'latin1'), rest]))
      },
      new RegExp(`format 7 is not the current format ${SNAPSHOT_FORMAT}`),
    ],
    [
      'a format 2 snapshot (JSON body)',
      (file) => fs.writeFileSync(file, `ABSEARCH 2 ${'0'.repeat(64)}\n{"nextDoc":0}`),
      /format 2 is not/,
    ],
    ['not a snapshot', (file) => fs.writeFileSync(file, Buffer.from([0, 1, 2, 10, 3])), /not a/],
  ]

  it.each(damage)('refuses a snapshot %s', async (_name, spoil, reason) => {
    const dir = await tempDir()
    writeSnapshot(dir, { nextDoc: 3 }, sampleSections().sections)
    spoil(path.join(dir, SNAPSHOT_FILE))
    expect(() => readSnapshot(dir)).toThrow(reason)
  })

  it('refuses a section table that points past the body', () => {
    const body = encodeBody({}, sampleSections().sections)
    expect(() => new SnapshotReader(body.subarray(0, body.length - 8))).toThrow(
      /section table is malformed/,
    )
  })
})
