/**
 * Calendar dates and clock times in Asia/Shanghai, independent of the process time zone.
 * China has used UTC+8 without daylight saving since 1991, so a fixed offset is exact and we
 * never touch the host's local-time getters (the server may well run in UTC or abroad).
 */

const OFFSET_MS = 8 * 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000
export const MINUTE_MS = 60 * 1000

/** A Shanghai calendar date, 'YYYY-MM-DD'. */
export type DateString = string

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** The Shanghai calendar date of an instant. */
export function shanghaiDate(ms: number): DateString {
  const d = new Date(ms + OFFSET_MS)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`
}

/** Minutes since Shanghai midnight (0–1439, fractions for seconds). */
export function shanghaiMinuteOfDay(ms: number): number {
  const local = ms + OFFSET_MS
  return (local - Math.floor(local / DAY_MS) * DAY_MS) / MINUTE_MS
}

/** The instant of `minuteOfDay` minutes after Shanghai midnight on `date`. */
export function shanghaiInstant(date: DateString, minuteOfDay = 0): number {
  return dateToUtcMidnight(date) - OFFSET_MS + minuteOfDay * MINUTE_MS
}

export function isValidDate(date: string): boolean {
  const m = DATE_RE.exec(date)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return shanghaiDate(d.getTime() - OFFSET_MS) === date
}

export function addDays(date: DateString, days: number): DateString {
  return shanghaiDate(dateToUtcMidnight(date) - OFFSET_MS + days * DAY_MS)
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: DateString): number {
  return new Date(dateToUtcMidnight(date)).getUTCDay()
}

export function yearOf(date: DateString): number {
  return Number(date.slice(0, 4))
}

/** 'HH:mm' → minutes since midnight; 24:00 is allowed as the end of a day. */
export function parseClock(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm)
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60) throw new Error(`"${hhmm}" is not a time of day HH:mm`)
  return minutes
}

/** minutes since midnight → 'HH:mm' */
export function formatClock(minuteOfDay: number): string {
  const m = Math.floor(minuteOfDay)
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`
}

const WEEKDAY_ZH = ['日', '一', '二', '三', '四', '五', '六']

/** "10月12日（周一）09:00", the way a deadline is shown in the chat. */
export function formatShanghai(ms: number): string {
  const date = shanghaiDate(ms)
  const [, mo, d] = date.split('-')
  return `${Number(mo)}月${Number(d)}日（周${WEEKDAY_ZH[weekday(date)]}）${formatClock(shanghaiMinuteOfDay(ms))}`
}

function dateToUtcMidnight(date: DateString): number {
  const m = DATE_RE.exec(date)
  if (!m) throw new Error(`"${date}" is not a date YYYY-MM-DD`)
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
}
