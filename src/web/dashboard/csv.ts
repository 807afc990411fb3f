/**
 * CSV for the monthly report, opened in Excel: UTF-8 with a byte-order mark (or Excel reads the
 * Chinese as GBK), CRLF rows, and every cell that a spreadsheet would run as a formula (= + - @,
 * also after a tab or CR) prefixed with ' so a draft titled "=HYPERLINK(…)" stays text.
 */
export function toCsv(header: string[], rows: (string | number | undefined)[][]): string {
  const cell = (v: string | number | undefined) => {
    let s = v === undefined ? '' : String(v)
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`
}
