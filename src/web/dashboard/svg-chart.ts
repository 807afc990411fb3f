import { esc } from '../html.js'

/**
 * Horizontal bar charts as inline SVG, drawn on the server: no chart library, no CDN, and the
 * weekly report prints and archives as it is. One or more series per row (e.g. median and p90).
 */
export interface BarRow {
  label: string
  values: number[]
}

export interface BarChartOptions {
  title: string
  series: string[]
  /** how a value is written at the end of its bar */
  format?: (v: number) => string
}

const COLORS = ['#2f6fdf', '#e0803a', '#3aa76d']
const WIDTH = 640
const LABEL_W = 150
const BAR_H = 16
const GAP = 10

export function barChart(rows: BarRow[], o: BarChartOptions): string {
  const format = o.format ?? ((v: number) => String(v))
  const max = Math.max(1, ...rows.flatMap((r) => r.values))
  const rowH = o.series.length * BAR_H + GAP
  const top = 28
  const height = top + Math.max(1, rows.length) * rowH + 24
  const plotW = WIDTH - LABEL_W - 70
  const parts: string[] = [`<text x="0" y="16" class="chart-title">${esc(o.title)}</text>`]
  if (rows.length === 0) parts.push(`<text x="${LABEL_W}" y="${top + 14}" class="chart-empty">本周无数据 No data this week</text>`)
  rows.forEach((row, i) => {
    const y = top + i * rowH
    parts.push(`<text x="${LABEL_W - 8}" y="${y + (o.series.length * BAR_H) / 2 + 4}" text-anchor="end">${esc(row.label)}</text>`)
    row.values.forEach((v, s) => {
      const w = Math.max(1, Math.round((v / max) * plotW))
      const by = y + s * BAR_H
      parts.push(
        `<rect x="${LABEL_W}" y="${by}" width="${w}" height="${BAR_H - 3}" fill="${COLORS[s % COLORS.length]}"><title>${esc(`${row.label} ${o.series[s] ?? ''}: ${format(v)}`)}</title></rect>`,
        `<text x="${LABEL_W + w + 4}" y="${by + BAR_H - 5}" class="chart-value">${esc(format(v))}</text>`,
      )
    })
  })
  if (o.series.length > 1) {
    o.series.forEach((name, s) => {
      const x = LABEL_W + s * 120
      parts.push(
        `<rect x="${x}" y="${height - 14}" width="10" height="10" fill="${COLORS[s % COLORS.length]}"/><text x="${x + 14}" y="${height - 5}">${esc(name)}</text>`,
      )
    })
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="${esc(o.title)}" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">${parts.join('')}</svg>`
}
