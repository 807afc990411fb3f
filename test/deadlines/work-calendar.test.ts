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

  it('in a year with no data, computes the days fixed by 全国年节及纪念日放假办法 (2024) as certain holidays', () => {
    const off = (dates: string[], name: string) => {
      for (const d of dates) expect(calendar.day(d), d).toMatchObject({ working: false, name, assumed: false })
    }
    off(['2027-01-01'], '元旦')
    off(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'], '春节') // 除夕 Feb 5 + 初一–初三
    off(['2027-04-05'], '清明节')
    off(['2027-05-01', '2027-05-02'], '劳动节')
    off(['2027-06-09'], '端午节')
    off(['2027-09-15'], '中秋节')
    off(['2027-10-01', '2027-10-02', '2027-10-03'], '国庆节')
    // 2028: 春节 on Jan 26, so 除夕 is Jan 25 (the 12th lunar month of 2027 has 29 days)
    off(['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28'], '春节')
    expect(calendar.day('2027-02-04')).toMatchObject({ working: true })
    expect(calendar.day('2027-02-09')).toMatchObject({ working: true })
  })

  it('marks the other days of such a year assumed and says only that its 调休 is not yet published', () => {
    const day = calendar.day('2027-10-04')
    expect(day).toMatchObject({ working: true, assumed: true })
    expect(day.reason).toContain('2027 年的调休安排（调休上班日）尚未公布')
    expect(day.reason).toContain('法定节假日已按《全国年节及纪念日放假办法》计入')
    expect(calendar.day('2027-10-09')).toMatchObject({ working: false, assumed: true })
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
    // covered: false — the listed days, then the law's fixed days, then an assumed Monday–Friday
    expect(withOverrides.day('2028-05-01')).toMatchObject({ working: false, name: '劳动节', assumed: false })
    const partial = withOverrides.day('2028-05-08')
    expect(partial).toMatchObject({ working: true, assumed: true })
    expect(partial.reason).toContain('covered: false')
    // a covered year is the data: the law's days are not added on top of it
    const corrected = createWorkCalendar(
      parseHolidayOverrides('years:\n  2027:\n    covered: true\n    workdays:\n      元旦: [2027-01-01]\n', 'h.yaml'),
    )
    expect(corrected.day('2027-01-01')).toMatchObject({ working: true, assumed: false })
    expect(corrected.day('2027-05-03')).toMatchObject({ working: true, assumed: false })
  })
})
