/** Plain-text tables for bench output: right-aligned numbers, left-aligned text. */

export type Cell = string | number

export interface Column {
  header: string
  /** Digits after the decimal point for numbers (default 2). */
  digits?: number
  align?: 'left' | 'right'
}

function format(cell: Cell, column: Column): string {
  if (typeof cell === 'string') return cell
  if (!Number.isFinite(cell)) return '-'
  const digits = column.digits ?? 2
  return cell.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })
}

export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
): string {
  const text = rows.map((row) => columns.map((column, i) => format(row[i] ?? '', column)))
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...text.map((row) => (row[i] ?? '').length)),
  )
  const line = (cells: readonly string[], header: boolean): string =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0
        const right =
          !header &&
          (columns[i]?.align ?? (typeof rows[0]?.[i] === 'number' ? 'right' : 'left')) === 'right'
        return right ? cell.padStart(width) : cell.padEnd(width)
      })
      .join('  ')
      .trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ')
  return [
    line(
      columns.map((c) => c.header),
      true,
    ),
    rule,
    ...text.map((row) => line(row, false)),
  ].join('\n')
}

export function printTable(columns: readonly Column[], rows: readonly (readonly Cell[])[]): void {
  process.stdout.write(`${renderTable(columns, rows)}\n`)
}
