/**
 * The binary body of a search snapshot: a small JSON part (counts, names, fingerprints) and
 * named sections of raw little-endian columns, so that opening an index copies arrays instead
 * of parsing a 58 MB JSON text and allocating an object per entry (measured at 100k articles:
 * read + sha256 + JSON.parse of the JSON body 0.56–0.67 s, rebuilding the documents from it
 * 0.44 s).
 *
 * Body layout: u32 length of the JSON part | JSON (UTF-8) | sections, each padded to 8 bytes.
 * The JSON has `sections: [name, offset, length][]` (offsets from the first section) and
 * `meta`, the caller's own small part. Strings are one UTF-16LE blob per column plus an Int32
 * column of lengths (−1 = null): one decode for the column, then a slice per entry.
 */
/** Why a snapshot cannot be used (then the index is rebuilt). */
export class SnapshotError extends Error {
  constructor(readonly reason: string) {
    super(`search snapshot: ${reason}`)
    this.name = 'SnapshotError'
  }
}

type NumberColumn = Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array

/** Collects the sections of a snapshot being written. */
export class SnapshotSections {
  readonly parts: { name: string; bytes: Uint8Array }[] = []

  add(name: string, column: NumberColumn): void {
    this.parts.push({
      name,
      bytes: new Uint8Array(column.buffer, column.byteOffset, column.byteLength),
    })
  }

  /** Strings (or nulls) as lengths + one blob: Latin-1 when every unit fits a byte, else UTF-16LE. */
  addStrings(name: string, values: readonly (string | null)[]): void {
    const lengths = new Int32Array(values.length)
    values.forEach((value, i) => (lengths[i] = value === null ? -1 : value.length))
    this.add(`${name}.lengths`, lengths)
    const text = values.join('')
    // UTF-16LE keeps any string exactly (lone surrogates too); Latin-1 halves hashes and dates.
    if (/[\u0100-\uffff]/.test(text)) this.add(`${name}.chars`, Buffer.from(text, 'utf16le'))
    else this.add(`${name}.latin1`, Buffer.from(text, 'latin1'))
  }
}

/** One string per entry, sliced on demand from the column's decoded text. */
export class StringColumn {
  private readonly starts: Float64Array

  constructor(
    private readonly text: string,
    private readonly lengths: Int32Array,
  ) {
    this.starts = new Float64Array(lengths.length + 1)
    let at = 0
    for (let i = 0; i < lengths.length; i++) {
      this.starts[i] = at
      at += Math.max(0, lengths[i] as number)
    }
    this.starts[lengths.length] = at
    if (at !== text.length) throw new SnapshotError('a text column does not match its lengths')
  }

  get length(): number {
    return this.lengths.length
  }

  get(i: number): string | null {
    const length = this.lengths[i] as number
    if (length < 0) return null
    const start = this.starts[i] as number
    return this.text.slice(start, start + length)
  }

  /** Length in UTF-16 units, −1 for null (no slice needed). */
  lengthOf(i: number): number {
    return this.lengths[i] as number
  }
}

export function encodeBody(meta: unknown, sections: SnapshotSections): Buffer {
  const index: [string, number, number][] = []
  let offset = 0
  for (const part of sections.parts) {
    index.push([part.name, offset, part.bytes.length])
    offset += padded(part.bytes.length)
  }
  const json = Buffer.from(JSON.stringify({ sections: index, meta }), 'utf8')
  const start = padded(4 + json.length)
  const body = Buffer.alloc(start + offset)
  body.writeUInt32LE(json.length, 0)
  json.copy(body, 4)
  for (const [i, part] of sections.parts.entries())
    body.set(part.bytes, start + (index[i] as [string, number, number])[1])
  return body
}

const padded = (n: number): number => Math.ceil(n / 8) * 8

/** Reads the sections of a body whose checksum was verified. Every column is a copy. */
export class SnapshotReader {
  readonly meta: unknown
  private readonly sections = new Map<string, [number, number]>()
  private readonly start: number
  private readonly stringColumns = new Map<string, StringColumn>()

  constructor(private readonly body: Buffer) {
    if (body.length < 4) throw new SnapshotError('the content is too short')
    const jsonLength = body.readUInt32LE(0)
    if (4 + jsonLength > body.length) throw new SnapshotError('the content is too short')
    let parsed: { sections?: unknown; meta?: unknown }
    try {
      parsed = JSON.parse(body.toString('utf8', 4, 4 + jsonLength)) as typeof parsed
    } catch {
      throw new SnapshotError('the content is not valid JSON')
    }
    this.start = padded(4 + jsonLength)
    if (!Array.isArray(parsed.sections))
      throw new SnapshotError('the content does not have the expected shape')
    for (const entry of parsed.sections as unknown[]) {
      const [name, offset, length] = Array.isArray(entry) ? (entry as unknown[]) : []
      if (
        typeof name !== 'string' ||
        typeof offset !== 'number' ||
        typeof length !== 'number' ||
        this.start + offset + length > body.length
      )
        throw new SnapshotError('the section table is malformed')
      this.sections.set(name, [offset, length])
    }
    this.meta = parsed.meta
  }

  has(name: string): boolean {
    return this.sections.has(name)
  }

  /** Every section's name, in the order written. */
  names(): string[] {
    return [...this.sections.keys()]
  }

  /** A copy of a section's bytes (the body itself is not kept alive by what is restored). */
  bytes(name: string): Uint8Array<ArrayBuffer> {
    const [offset, length] = this.locate(name)
    const copy = new Uint8Array(length)
    copy.set(this.body.subarray(this.start + offset, this.start + offset + length))
    return copy
  }

  uint8(name: string): Uint8Array<ArrayBuffer> {
    return this.bytes(name)
  }

  uint16(name: string): Uint16Array<ArrayBuffer> {
    return this.column(name, 2, (buffer, n) => new Uint16Array(buffer, 0, n))
  }

  int32(name: string): Int32Array<ArrayBuffer> {
    return this.column(name, 4, (buffer, n) => new Int32Array(buffer, 0, n))
  }

  uint32(name: string): Uint32Array<ArrayBuffer> {
    return this.column(name, 4, (buffer, n) => new Uint32Array(buffer, 0, n))
  }

  float64(name: string): Float64Array<ArrayBuffer> {
    return this.column(name, 8, (buffer, n) => new Float64Array(buffer, 0, n))
  }

  /** A string column (decoded once per reader: two parts may share one). */
  strings(name: string): StringColumn {
    let column = this.stringColumns.get(name)
    if (column === undefined) {
      column = this.decodeStrings(name)
      this.stringColumns.set(name, column)
    }
    return column
  }

  private decodeStrings(name: string): StringColumn {
    const lengths = this.int32(`${name}.lengths`)
    if (this.sections.has(`${name}.latin1`)) {
      const [offset, length] = this.locate(`${name}.latin1`)
      const text = this.body.toString('latin1', this.start + offset, this.start + offset + length)
      return new StringColumn(text, lengths)
    }
    const [offset, length] = this.locate(`${name}.chars`)
    if (length % 2 !== 0) throw new SnapshotError(`section ${name}.chars has an odd length`)
    const text = this.body.toString('utf16le', this.start + offset, this.start + offset + length)
    return new StringColumn(text, lengths)
  }

  private locate(name: string): [number, number] {
    const found = this.sections.get(name)
    if (found === undefined) throw new SnapshotError(`the snapshot has no section ${name}`)
    return found
  }

  private column<T>(name: string, size: number, view: (buffer: ArrayBuffer, n: number) => T): T {
    const bytes = this.bytes(name)
    if (bytes.length % size !== 0)
      throw new SnapshotError(`section ${name} is not a whole number of entries`)
    // `bytes` is a fresh copy starting at offset 0 of its own buffer: aligned for any view.
    return view(bytes.buffer, bytes.length / size)
  }
}
