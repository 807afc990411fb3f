import { describe, expect, it } from 'vitest'
import { toCsv } from '../../src/web/dashboard/csv.js'

describe('CSV for Excel', () => {
  it('starts with a BOM, ends rows with CRLF, quotes commas, quotes and line breaks', () => {
    const csv = toCsv(
      ['编号', '标题'],
      [
        ['D1', '甲,乙'],
        ['D2', '他说"好"\n第二行'],
        ['D3', undefined],
      ],
    )
    expect(csv.startsWith('\uFEFF编号,标题\r\n')).toBe(true)
    expect(csv).toContain('D1,"甲,乙"\r\n')
    expect(csv).toContain('D2,"他说""好""\n第二行"\r\n')
    expect(csv.endsWith('D3,\r\n')).toBe(true)
  })

  it('defuses cells a spreadsheet would run as formulas', () => {
    for (const bad of ['=1+1', '+1', '-2', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(toCsv(['x'], [[bad]]).split('\r\n')[1]).toMatch(/^"?'/)
    }
    expect(toCsv(['x'], [[-3]]).split('\r\n')[1]).toBe("'-3")
    expect(toCsv(['x'], [['正常 = 文本']]).split('\r\n')[1]).toBe('正常 = 文本')
  })
})
