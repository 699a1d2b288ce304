/** A search snippet with its matched ranges in <mark> (as text: never parsed as HTML). */
import type { ReactNode } from 'react'
import type { Snippet } from '../../../shared/contract/api'

export function highlightParts(snippet: Snippet): { text: string; marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = []
  let at = 0
  for (const [start, end] of snippet.marks) {
    if (start < at || end <= start || end > snippet.text.length) continue
    if (start > at) parts.push({ text: snippet.text.slice(at, start), marked: false })
    parts.push({ text: snippet.text.slice(start, end), marked: true })
    at = end
  }
  if (at < snippet.text.length) parts.push({ text: snippet.text.slice(at), marked: false })
  return parts
}

export function Highlight({ snippet }: { snippet: Snippet }): ReactNode {
  return highlightParts(snippet).map((part, index) =>
    part.marked ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
  )
}
