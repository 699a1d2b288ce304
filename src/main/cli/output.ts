/**
 * The CLI's only way to write. stdout carries the command's result (one JSON
 * document with --json); stderr carries diagnostics, so pipes stay clean.
 */
export function writeOut(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
}

export function writeErr(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`)
}

export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}

/** Tab-separated rows: safe for CJK text (no width guessing) and easy to pipe into cut/awk. */
export function writeTable(header: string[], rows: string[][]): void {
  const clean = (cell: string) => cell.replace(/[\t\r\n]+/g, ' ')
  writeOut([header, ...rows].map((row) => row.map(clean).join('\t')).join('\n'))
}
