/**
 * What an embedded player in an article is, by its element: the reader and the PDF both replace
 * players with a link named by kind ("External video on …"), so they share the one table.
 */
export type MediaKind = 'video' | 'audio' | 'object'

export const MEDIA_KINDS: ReadonlyMap<string, MediaKind> = new Map([
  ['iframe', 'video'],
  ['frame', 'video'],
  ['video', 'video'],
  ['audio', 'audio'],
  ['embed', 'object'],
  ['object', 'object'],
])
