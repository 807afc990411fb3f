import { describe, expect, it } from 'vitest'
import { parseHolidayOverrides } from '../../src/deadlines/holiday-overrides.js'
import { createWorkCalendar } from '../../src/deadlines/work-calendar.js'

describe('work calendar', () => {
  const calendar = createWorkCalendar()

  it('knows the 2026 National Day holiday and its make-up Saturday from chinese-days', () => {
    expect(calendar.day('2026-10-01')).toMatchObject({ working: false, name: '国庆节', assumed: false })
    expect(calendar.day('2026-10-07')).toMatchObject({ working: false, assumed: false })
    expect(calendar.day('2026-10-10')).toMatchObject({ working: true, name: '国庆节', assumed: false })
    expect(calendar.day('2026-09-20')).toMatchObject({ working: true, assumed: false })
  })

  it('treats ordinary weekends and weekdays of a covered year as such, without assumption', () => {
    expect(calendar.day('2026-03-07')).toMatchObject({ working: false, assumed: false })
    expect(calendar.day('2026-03-09')).toMatchObject({ working: true, assumed: false })
  })

  it('falls back to Monday–Friday in a year with no data, and says why in Chinese', () => {
    const day = calendar.day('2027-10-01')
    expect(day).toMatchObject({ working: true, assumed: true })
    expect(day.reason).toContain('没有 2027 年的法定节假日安排')
    expect(day.reason).toContain('暂按周一至周五上班推算')
    expect(calendar.day('2027-10-02')).toMatchObject({ working: false, assumed: true })
  })

  it('lets the override file replace the package for the years it lists', () => {
    const overrides = parseHolidayOverrides(
      `years:
  2027:
    covered: true
    holidays:
      国庆节: [2027-10-01..2027-10-07]
    workdays:
      国庆节: [2027-09-26, 2027-10-09]
  2028:
    covered: false
    holidays:
      元旦: [2028-01-01]
`,
      'holidays.yaml',
    )
    const withOverrides = createWorkCalendar(overrides)
    expect(withOverrides.day('2027-10-04')).toMatchObject({ working: false, name: '国庆节', assumed: false })
    expect(withOverrides.day('2027-10-09')).toMatchObject({ working: true, assumed: false })
    expect(withOverrides.day('2027-10-11')).toMatchObject({ working: true, assumed: false })
    expect(withOverrides.day('2028-01-01')).toMatchObject({ working: false, assumed: false })
    const partial = withOverrides.day('2028-05-01')
    expect(partial).toMatchObject({ working: true, assumed: true })
    expect(partial.reason).toContain('covered: false')
  })
})
