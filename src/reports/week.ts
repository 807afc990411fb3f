import { addDays, shanghaiDate, shanghaiInstant, weekday } from '../deadlines/shanghai-time.js'

/**
 * The one weekly period of the weekly report, in the chat and on the dashboard alike: a Shanghai
 * calendar week, Monday 00:00 to the next Monday 00:00 (half-open), named by its first and last day.
 */
export interface Week {
  from: number
  to: number
}

/** The calendar week `back` weeks before the one `now` falls in (0: this week, 1: last week). */
export function calendarWeek(now: number, back = 0): Week {
  const today = shanghaiDate(now)
  const monday = addDays(today, -((weekday(today) + 6) % 7) - 7 * back)
  return { from: shanghaiInstant(monday), to: shanghaiInstant(addDays(monday, 7)) }
}

const WEEKDAY_ZH = ['日', '一', '二', '三', '四', '五', '六']
/** "12月1日（周一）" */
function dayLabel(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日（周${WEEKDAY_ZH[weekday(date)]}）`
}

/** [from, to) in days: "12月1日（周一）至12月7日（周日）"; both ends are days the period includes. */
export function periodLabel(from: number, to: number): string {
  const first = shanghaiDate(from)
  const last = shanghaiDate(to - 1)
  return first === last ? dayLabel(first) : `${dayLabel(first)}至${dayLabel(last)}`
}
