import type { RepliesConfig } from '../config/deadlines-schema.js'
import type { Regulation } from '../config/regulation.js'
import type { WorkCalendar } from './work-calendar.js'
import { WorkingTime } from './working-time.js'

/** What a deadline is for; decides its reminders and escalation (see reminder-plan.ts). */
export type DeadlineKind = 'sensitive' | 'ordinary' | 'promised' | 'acknowledge' | 'red-alert' | 'yellow-alert' | 'upward-report'

/** A computed deadline. Plain data, so it can be stored as it is and shown in every reminder. */
export interface Deadline {
  kind: DeadlineKind
  /** the rule's name: 'one-hour', an ordinary policy, 'promised', 'same-day-acknowledge', 'red-alert-plan', 'yellow-alert-plan', 'upward-report' */
  policy: string
  /** the rule in words, Chinese, with the preset's own article when it cites one; shown in every reminder */
  description: string
  /** when the clock started: the message's arrival, the promise, the alert */
  startedAt: number
  dueAt: number
  /** true when some day on the way fell in a year without holiday data and Monday–Friday was assumed */
  assumed: boolean
  /** why, in Chinese, for the supervisors; empty when nothing was assumed */
  reasons: string[]
}

export interface DeadlineContext {
  calendar: WorkCalendar
  replies: RepliesConfig
  /** the regulation whose articles the rule descriptions cite; none: the rules stand without a source */
  regulation?: Regulation | undefined
}

export function workingTime(ctx: DeadlineContext): WorkingTime {
  return new WorkingTime(ctx.calendar, ctx.replies.officeHours)
}

/** A deadline in working time, carrying what the calendar had to assume on the way. */
export function workingDeadline(time: WorkingTime, fields: Omit<Deadline, 'assumed' | 'reasons'>): Deadline {
  const reasons = time.assumptions()
  return { ...fields, assumed: reasons.length > 0, reasons }
}

/** "1 小时", "90 分钟", "2 小时 30 分钟" */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = Math.round(minutes % 60)
  if (h === 0) return `${m} 分钟`
  return m === 0 ? `${h} 小时` : `${h} 小时 ${m} 分钟`
}

/** "09:00–12:00、14:00–18:00" */
export function formatOfficeHours(replies: RepliesConfig): string {
  return replies.officeHours.map((p) => `${p.from}–${p.to}`).join('、')
}
