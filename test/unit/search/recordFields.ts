import type { DocRecord } from '../../../src/main/core/search/docTable'

/** A record's fields as a plain object (records may be getters over columns), for toEqual. */
export const recordFields = (record: DocRecord | undefined): unknown =>
  record && {
    id: record.id,
    title: record.title,
    normTitle: record.normTitle,
    dateIso: record.dateIso,
  }
