import packageData from 'chinese-days/dist/chinese-days.json' with { type: 'json' }
import { NO_OVERRIDES, type HolidayOverrides } from './holiday-overrides.js'
import { weekday, yearOf, type DateString } from './shanghai-time.js'

/**
 * Which Shanghai dates are working days: China's statutory holidays and make-up working days (调休)
 * from `chinese-days`, overridden per year by config/holidays/. We read the package's data table
 * and not its functions: chinese-days 1.5.7 shifts dates by one day when the process time zone is
 * west of UTC, even for 'YYYY-MM-DD' strings.
 */

export interface WorkDay {
  date: DateString
  working: boolean
  /** the festival of a holiday or make-up working day (国庆节 …) */
  name?: string
  /** true when no official schedule is known for the year and Monday–Friday was assumed */
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
        return {
          date,
          working: weekdayRule,
          assumed: true,
          reason: `${year} 年的节假日安排在 ${overrides.file} 中标记为未完整（covered: false），暂按周一至周五上班推算。`,
        }
      }
      if (packageYears.has(year)) {
        const workday = packageWorkdays[date]
        if (workday) return { date, working: true, name: festival(workday), assumed: false }
        const holiday = packageHolidays[date]
        if (holiday) return { date, working: false, name: festival(holiday), assumed: false }
        return { date, working: weekdayRule, assumed: false }
      }
      return {
        date,
        working: weekdayRule,
        assumed: true,
        reason:
          `没有 ${year} 年的法定节假日安排（日历包 chinese-days 只覆盖 ${firstPackageYear}–${lastPackageYear} 年，` +
          `${overrides.file} 也没有该年），暂按周一至周五上班推算；请按国务院办公厅的放假通知补充 ${overrides.file}。`,
      }
    },
  }
}
