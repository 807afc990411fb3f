export { createWorkCalendar, type WorkCalendar, type WorkDay } from './work-calendar.js'
export { statutoryHolidays } from './statutory-holidays.js'
export {
  loadHolidayOverrides,
  parseHolidayOverrides,
  NO_OVERRIDES,
  type HolidayOverrides,
  type OverrideYear,
  type OverrideDay,
} from './holiday-overrides.js'
export { WorkingTime, type OfficePeriod } from './working-time.js'
export { type Deadline, type DeadlineKind, type DeadlineContext, formatMinutes } from './deadline.js'
export { sensitiveDeadline, ordinaryDeadline, acknowledgeDeadline, replyDeadline } from './reply-deadline.js'
export { checkPromise, type PromiseRequest, type PromiseCheck } from './promise.js'
export { redAlertDeadline, yellowAlertDeadline, upwardReportDeadline } from './alert-deadline.js'
export { planReminders, type ReminderPlan, type PlannedReminder, type ReminderKind } from './reminder-plan.js'
export { percentile, median, summarize, groupCount, groupSummaries, type DurationSummary } from './stats.js'
export { shanghaiDate, shanghaiInstant, shanghaiMinuteOfDay, formatShanghai, type DateString } from './shanghai-time.js'
