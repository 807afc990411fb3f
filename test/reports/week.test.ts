import { describe, expect, it } from 'vitest'
import { shanghaiInstant } from '../../src/deadlines/shanghai-time.js'
import { calendarWeek, periodLabel } from '../../src/reports/week.js'

describe('the weekly period: a Shanghai calendar week, Monday to Sunday', () => {
  it('is the same week from Monday 00:00 to Sunday 23:59, and last week is the one before', () => {
    const monday = shanghaiInstant('2026-12-07')
    for (const at of [monday, shanghaiInstant('2026-12-09', 12 * 60), shanghaiInstant('2026-12-13', 23 * 60 + 59)]) {
      expect(calendarWeek(at)).toEqual({ from: monday, to: shanghaiInstant('2026-12-14') })
      expect(calendarWeek(at, 1)).toEqual({ from: shanghaiInstant('2026-11-30'), to: monday })
    }
  })

  it('names the days it includes, not the instant it ends', () => {
    const w = calendarWeek(shanghaiInstant('2026-12-09'), 1)
    expect(periodLabel(w.from, w.to)).toBe('11月30日（周一）至12月6日（周日）')
    expect(periodLabel(shanghaiInstant('2026-12-09'), shanghaiInstant('2026-12-09', 600))).toBe('12月9日（周三）')
  })
})
