/**
 * The CLI's only way to write. stdout carries the command's result (one JSON
 * document with --json); stderr carries diagnostics, so pipes stay clean.
 */
const closed = new Set<NodeJS.WriteStream>()

/**
 * A reader that stops early (`list | head -1`) closes the pipe, and the next write fails with
 * EPIPE: Node raised it as an uncaught 'error' event, a stack trace and exit 1. Like other
 * command-line tools, the CLI then stops writing to that stream without a word; the command
 * ends as it would have, with its own exit code (0 for a result the reader cut short: under
 * `set -o pipefail`, `cli list | head` should not fail the way `yes | head` does). Any other
 * error of the streams is still thrown.
 */
export function quietOnClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // Writes already queued fail after the first EPIPE, with EPIPE or "stream destroyed".
      if (error.code === 'EPIPE' || closed.has(stream)) closed.add(stream)
      else throw error
    })
  }
}

function write(stream: NodeJS.WriteStream, text: string): void {
  if (!closed.has(stream)) stream.write(text)
}

export function writeOut(text: string): void {
  write(process.stdout, text.endsWith('\n') ? text : `${text}\n`)
}

export function writeErr(text: string): void {
  write(process.stderr, text.endsWith('\n') ? text : `${text}\n`)
}

export function writeJson(value: unknown): void {
  write(process.stdout, `${JSON.stringify(value, null, 2)}\n`)
}

/**
 * `text` (an id, a title: file names may hold line breaks and tabs) as one line of a text
 * layout: each run of tabs and line breaks becomes one space. Every command printing such
 * values in rows or lines uses it, so that one article stays one row or one line.
 */
export function oneLine(text: string): string {
  return text.replace(/[\t\n\v\f\r\u0085\u2028\u2029]+/g, ' ')
}

/** Tab-separated rows: safe for CJK text (no width guessing) and easy to pipe into cut/awk. */
export function writeTable(header: string[], rows: string[][]): void {
  writeOut([header, ...rows].map((row) => row.map(oneLine).join('\t')).join('\n'))
}
