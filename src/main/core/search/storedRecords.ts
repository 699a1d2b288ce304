/**
 * Document records whose strings live in columns (one string per field for all documents)
 * instead of four strings each: what a restore builds from a snapshot, and what
 * `packRecords` turns a built table's records into once the worker is quiet.
 *
 * Why: after a 100k build the records were 100k objects holding ~580k strings (ids, titles,
 * dates, and normalised titles as trees of concatenations), ~40 % of the objects on the search
 * worker's heap. Every major collection marks them all, and its pause and marking steps fall
 * into the queries of that moment.
 */
import type { DocRecord, DocTable } from './docTable'
import { StringColumn } from './snapshotCodec'

export interface RecordStrings {
  /** Null when every record was given its id (packRecords keeps the id strings the id lookup holds). */
  ids: StringColumn | null
  titles: StringColumn
  /** Null entries stand for "the title" (most titles normalise to themselves). */
  normTitles: StringColumn
  dateIsos: StringColumn
}

/**
 * A record whose strings are sliced from the columns each time they are read; only the id is
 * kept once read (the id lookup holds it anyway). Keeping every string read made the records
 * grow back: a query reads the normalised title of each candidate it checks, and after a few
 * hundred queries most records held their own copies again (+18 MB at 100k articles). A slice
 * costs tens of nanoseconds; creating 100k records with four strings each cost 0.1–0.25 s of
 * the open at 100k articles (mostly the GC promoting 400k small strings).
 */
export class StoredRecord implements DocRecord {
  constructor(
    private readonly strings: RecordStrings,
    private readonly doc: number,
    private idValue?: string,
  ) {}

  get id(): string {
    return (this.idValue ??= this.strings.ids?.get(this.doc) ?? '')
  }

  get title(): string {
    return this.strings.titles.get(this.doc) ?? ''
  }

  get normTitle(): string {
    return this.strings.normTitles.get(this.doc) ?? this.title
  }

  get dateIso(): string | null {
    return this.strings.dateIsos.get(this.doc)
  }
}

/** Below this many records built since the last pack, packing is not worth a pass over all. */
export const PACK_RECORDS_FROM = 1000

/**
 * Rebuild the columns from every live record, those built by `insert` since the last pack and
 * those already stored alike (so the old columns can go), and replace each record with a
 * StoredRecord over them. Returns how many records were packed; 0 when fewer than `from` were
 * built since the last pack.
 */
export function packRecords(table: DocTable, from = PACK_RECORDS_FROM): number {
  if (table.builtRecords < from) return 0
  const { records } = table
  const slots = records.length
  const lengths = {
    titles: new Int32Array(slots).fill(-1),
    normTitles: new Int32Array(slots).fill(-1),
    dateIsos: new Int32Array(slots).fill(-1),
  }
  const titles: string[] = []
  const normTitles: string[] = []
  const dateIsos: string[] = []
  for (let doc = 0; doc < slots; doc++) {
    const record = records[doc]
    if (record === undefined) continue
    const { title, normTitle, dateIso } = record
    titles.push(title)
    lengths.titles[doc] = title.length
    if (normTitle !== title) {
      normTitles.push(normTitle)
      lengths.normTitles[doc] = normTitle.length
    }
    if (dateIso !== null) {
      dateIsos.push(dateIso)
      lengths.dateIsos[doc] = dateIso.length
    }
  }
  // join('') gives one flat string per column: the old strings (and the concatenation trees of
  // normalised titles) are no longer referenced once the records are replaced.
  const strings: RecordStrings = {
    ids: null,
    titles: new StringColumn(titles.join(''), lengths.titles),
    normTitles: new StringColumn(normTitles.join(''), lengths.normTitles),
    dateIsos: new StringColumn(dateIsos.join(''), lengths.dateIsos),
  }
  let packed = 0
  for (let doc = 0; doc < slots; doc++) {
    const record = records[doc]
    if (record === undefined) continue
    // The id string stays: the id lookup (DocTable.docOf) holds it anyway.
    records[doc] = new StoredRecord(strings, doc, record.id)
    packed++
  }
  table.builtRecords = 0
  return packed
}
