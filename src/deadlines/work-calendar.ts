import packageData from 'chinese-days/dist/chinese-days.json' with { type: 'json' }
import { NO_OVERRIDES, type HolidayOverrides } from './holiday-overrides.js'
import { statutoryHolidays } from './statutory-holidays.js'
import { weekday, yearOf, type DateString } from './shanghai-time.js'

/**
 * Which Shanghai dates are working days: China's statutory holidays and make-up working days (调休)
 * from `chinese-days`, overridden per year by config/holidays/. A year known to neither still has
 * the days fixed by law (statutory-holidays.ts); only its make-up working days are then unknown,
 * and every other day of it is marked assumed so the supervisors are told. We read the package's data table
 * and not its functions: chinese-days 1.5.7 shifts dates by one day when the process time zone is
 * west of UTC, even for 'YYYY-MM-DD' strings.
 */

export interface WorkDay {
  date: DateString
  working: boolean
  /** the festival of a holiday or make-up working day (国庆节 …) */
  name?: string
  /** true when the year's official schedule (its 调休) is not known and Monday–Friday was assumed */
  assumed: boolean
  /** why it was assumed, in Chinese, for the supervisors */
  reason?: string
}

export interface WorkCalendar {
  day(date: DateString): WorkDay
}

/** "National Day,国庆节,3" → "国庆节" */
type PackageTable = Record<DateString, string>
const packageHolidays: PackageTable = packageData.holidays
const packageWorkdays: PackageTable = packageData.workdays
const packageYears = new Set(Object.keys({ ...packageHolidays, ...packageWorkdays }).map(yearOf))
const firstPackageYear = Math.min(...packageYears)
const lastPackageYear = Math.max(...packageYears)

function festival(entry: string): string {
  return entry.split(',')[1] ?? entry
}

export function createWorkCalendar(overrides: HolidayOverrides = NO_OVERRIDES): WorkCalendar {
  const statutory = new Map<number, Map<DateString, string>>()
  const lawful = (date: DateString, year: number): string | undefined => {
    let days = statutory.get(year)
    if (!days) statutory.set(year, (days = statutoryHolidays(year)))
    return days.get(date)
  }
  return {
    day(date) {
      const year = yearOf(date)
      const weekdayRule = weekday(date) >= 1 && weekday(date) <= 5
      const override = overrides.years.get(year)
      if (override) {
        // The override file replaces the package for every year it lists.
        const listed = override.days.get(date)
        if (listed) return { date, working: listed.working, name: listed.name, assumed: false }
        if (override.covered) return { date, working: weekdayRule, assumed: false }
      } else if (packageYears.has(year)) {
        const workday = packageWorkdays[date]
        if (workday) return { date, working: true, name: festival(workday), assumed: false }
        const holiday = packageHolidays[date]
        if (holiday) return { date, working: false, name: festival(holiday), assumed: false }
        return { date, working: weekdayRule, assumed: false }
      }
      // No complete schedule: the law's fixed days are certain, the make-up working days are not.
      const name = lawful(date, year)
      if (name) return { date, working: false, name, assumed: false }
      const source = override
        ? `${overrides.file} 中 ${year} 年标记为未完整（covered: false）`
        : `日历包 chinese-days 只覆盖 ${firstPackageYear}–${lastPackageYear} 年，${overrides.file} 也没有该年`
      return {
        date,
        working: weekdayRule,
        assumed: true,
        reason:
          `${year} 年的调休安排（调休上班日）尚未公布（${source}）；法定节假日已按《全国年节及纪念日放假办法》计入，` +
          `调休上班日暂未计入。国务院办公厅的放假通知公布后，请补充 ${overrides.file}。`,
      }
    },
  }
}
