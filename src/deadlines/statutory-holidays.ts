import { Lunar, Solar } from 'lunar-javascript'
import { addDays, type DateString } from './shanghai-time.js'

/**
 * The days off fixed by law (全国年节及纪念日放假办法, as amended in 2024, in force from 2025):
 * 元旦 1 day, 春节 4 days from 除夕, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3. They are known years
 * ahead; what the State Council announces each November adds only the bridging days and the
 * make-up working days (调休). Lunar dates and the 清明 solar term come from lunar-javascript.
 */
export function statutoryHolidays(year: number): Map<DateString, string> {
  const days = new Map<DateString, string>()
  const add = (name: string, first: DateString, count = 1) => {
    for (let i = 0; i < count; i++) days.set(addDays(first, i), name)
  }
  const lunar = (month: number, day: number) => Lunar.fromYmd(year, month, day).getSolar().toYmd()
  const ymd = (month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  add('元旦', ymd(1, 1))
  // 除夕 is the last day of the lunar year before, whether the 12th month has 29 or 30 days.
  add('春节', addDays(lunar(1, 1), -1), 4)
  add('清明节', Solar.fromYmd(year, 4, 1).getLunar().getJieQiTable().清明!.toYmd())
  add('劳动节', ymd(5, 1), 2)
  add('端午节', lunar(5, 5))
  add('中秋节', lunar(8, 15))
  add('国庆节', ymd(10, 1), 3)
  return days
}
