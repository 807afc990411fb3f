import type { WorkCalendar } from './work-calendar.js'
import { addDays, MINUTE_MS, parseClock, shanghaiDate, shanghaiInstant, shanghaiMinuteOfDay, type DateString } from './shanghai-time.js'

/**
 * Arithmetic in working time: office hours on working days, Asia/Shanghai. One instance serves
 * one computation and remembers every day it had to assume (a year without calendar data), so the
 * result can say so instead of guessing silently.
 *
 * Office periods are half-open [from, to): a message arriving exactly at 18:00 arrives after hours.
 * Counting forward ends exactly at a period's end when the time runs out there (18:00, not 09:00
 * the next morning); counting backward likewise ends at a period's start.
 */

export interface OfficePeriod {
  from: string
  to: string
}

/** Longest run of non-working days we accept before calling the calendar broken. */
const MAX_DAYS_OFF = 31

export class WorkingTime {
  private readonly periods: { from: number; to: number }[]
  private readonly assumed = new Set<string>()

  constructor(
    private readonly calendar: WorkCalendar,
    officeHours: OfficePeriod[],
  ) {
    this.periods = officeHours.map((p) => ({ from: parseClock(p.from), to: parseClock(p.to) }))
    if (this.periods.length === 0) throw new Error('office hours must have at least one period')
  }

  /** Why some days were assumed, one reason per year, in the order met. */
  assumptions(): string[] {
    return [...this.assumed]
  }

  isWorkingDay(date: DateString): boolean {
    const day = this.calendar.day(date)
    if (day.assumed && day.reason) this.assumed.add(day.reason)
    return day.working
  }

  nextWorkingDay(date: DateString): DateString {
    return this.step(date, 1)
  }

  previousWorkingDay(date: DateString): DateString {
    return this.step(date, -1)
  }

  /** Minutes in one office day. */
  officeDayMinutes(): number {
    return this.periods.reduce((sum, p) => sum + p.to - p.from, 0)
  }

  /** The end of office hours on `date`. */
  closingTime(date: DateString): number {
    return shanghaiInstant(date, this.periods.at(-1)!.to)
  }

  /** `t` itself when inside office hours of a working day, else the next opening. */
  nextWorkingMoment(t: number): number {
    const date = shanghaiDate(t)
    if (this.isWorkingDay(date)) {
      const minute = shanghaiMinuteOfDay(t)
      for (const p of this.periods) {
        if (minute < p.from) return shanghaiInstant(date, p.from)
        if (minute < p.to) return t
      }
    }
    return shanghaiInstant(this.nextWorkingDay(date), this.periods[0]!.from)
  }

  /** `t` itself when inside office hours (or at a period's end), else the previous closing. */
  previousWorkingMoment(t: number): number {
    const date = shanghaiDate(t)
    if (this.isWorkingDay(date)) {
      const minute = shanghaiMinuteOfDay(t)
      for (const p of [...this.periods].reverse()) {
        if (minute > p.to) return shanghaiInstant(date, p.to)
        if (minute > p.from) return t
      }
    }
    return shanghaiInstant(this.previousWorkingDay(date), this.periods.at(-1)!.to)
  }

  addWorkingMinutes(t: number, minutes: number): number {
    let at = this.nextWorkingMoment(t)
    let left = minutes * MINUTE_MS
    for (;;) {
      const end = this.periodEnd(at)
      if (left <= end - at) return at + left
      left -= end - at
      at = this.nextWorkingMoment(end)
    }
  }

  subtractWorkingMinutes(t: number, minutes: number): number {
    let at = this.previousWorkingMoment(t)
    let left = minutes * MINUTE_MS
    for (;;) {
      const start = this.periodStart(at)
      if (left <= at - start) return at - left
      left -= at - start
      at = this.previousWorkingMoment(start)
    }
  }

  /** End of the office period containing the working moment `t`. */
  private periodEnd(t: number): number {
    const minute = shanghaiMinuteOfDay(t)
    const p = this.periods.find((q) => minute >= q.from && minute < q.to)!
    return shanghaiInstant(shanghaiDate(t), p.to)
  }

  /** Start of the office period whose interior or end is the working moment `t`. */
  private periodStart(t: number): number {
    const minute = shanghaiMinuteOfDay(t)
    const p = this.periods.find((q) => minute > q.from && minute <= q.to)!
    return shanghaiInstant(shanghaiDate(t), p.from)
  }

  private step(date: DateString, direction: 1 | -1): DateString {
    let d = date
    for (let i = 0; i < MAX_DAYS_OFF; i++) {
      d = addDays(d, direction)
      if (this.isWorkingDay(d)) return d
    }
    throw new Error(`no working day within ${MAX_DAYS_OFF} days of ${date}; check the holiday calendar`)
  }
}
