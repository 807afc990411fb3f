import { validate as validateCron } from 'node-cron'
import { z } from 'zod'

/**
 * The `replies:` section of sanshen.yaml: reply deadlines for public messages, their reminders and
 * escalation, and the alert timers. Every field has a default taken from the regulations, so a
 * configuration without the section works. Objects are strict: a misspelt key is an error, not a
 * silently ignored rule.
 *
 * Nested sections use `.prefault({})` (zod 4): `.default({})` would return `{}` as-is, skipping the
 * defaults inside.
 */

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day HH:mm, e.g. "09:00"')

const minutes = (x: string) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3, 5))

const officePeriod = z.strictObject({ from: clockTime, to: clockTime }).refine((p) => minutes(p.from) < minutes(p.to), {
  message: '"from" must be before "to"',
  // compare only well-formed times; a malformed one is already reported on its own
  when: (payload) => payload.issues.length === 0,
})

const DEFAULT_OFFICE_HOURS = [
  { from: '09:00', to: '12:00' },
  { from: '14:00', to: '18:00' },
]

const ordinaryPolicies = ['next-working-day-same-time', 'end-of-next-working-day', 'working-hours'] as const
export type OrdinaryPolicy = (typeof ordinaryPolicies)[number]

const positiveList = z.array(z.number().positive())

export const repliesConfigSchema = z
  .strictObject({
    /** the holiday override file, relative to the configuration file, else sanshen's config/ (src/config/paths.ts) */
    holidaysFile: z.string().min(1).default('holidays/holidays.yaml'),
    /** office hours on a working day, Asia/Shanghai, ascending; the "working moments" of every ordinary rule */
    officeHours: z
      .array(officePeriod)
      .min(1)
      .default(DEFAULT_OFFICE_HOURS)
      .superRefine((periods, ctx) => {
        periods.slice(1).forEach((p, i) => {
          if (minutes(p.from) < minutes(periods[i]!.to)) {
            ctx.addIssue({ code: 'custom', path: [i + 1, 'from'], message: 'office periods must be in order and not overlap' })
          }
        })
      }),
    /** gd-youth-league 第十四条: sensitive messages within one hour of wall-clock time */
    sensitive: z
      .strictObject({
        limitMinutes: z.number().positive().default(60),
        /** handler reminders at these fractions of the allowed time (0.5: at half time) */
        remindAtFractions: z.array(z.number().gt(0).lt(1)).default([0.5]),
        remindMinutesBefore: positiveList.default([15]),
        escalateEveryMinutes: z.number().positive().default(30),
      })
      .prefault({}),
    /** gd-youth-league 第十四条: ordinary messages within one working day */
    ordinary: z
      .strictObject({
        policy: z.enum(ordinaryPolicies).default('next-working-day-same-time'),
        /** for policy working-hours; left out: the length of one office day */
        workingHours: z.number().positive().optional(),
        remindWorkingHoursBefore: positiveList.default([2]),
        /** repeated overdue notices count working hours, so nobody is paged on a Sunday night */
        escalateEveryWorkingHours: z.number().positive().default(4),
      })
      .prefault({}),
    /** #承诺: the latest promised deadline, in working days after the receiving working day */
    maxPromiseWorkingDays: z.number().int().positive().default(5),
    /** saws 五(二): a same-day "being handled" (受理) reply for messages that need work */
    acknowledgeSameDay: z.boolean().default(false),
    /** km-youth-league 6: reply texts go through their own short review chain */
    reviewReplies: z.boolean().default(false),
    /** who approves reply texts when they are reviewed (persons or roles); left out: the supervisors */
    replyReviewers: z.array(z.string().min(1)).min(1).optional(),
    /** where an account's regulation differs from the defaults above */
    accounts: z
      .record(
        z.string(),
        z.strictObject({
          maxPromiseWorkingDays: z.number().int().positive().optional(),
          acknowledgeSameDay: z.boolean().optional(),
          reviewReplies: z.boolean().optional(),
        }),
      )
      .default({}),
    /** gd-youth-league 第十九条; wall-clock time, since public opinion is watched around the clock (第十八条) */
    alerts: z
      .strictObject({
        red: z
          .strictObject({
            /** start the response plan (#启动预案) within this time */
            planWithinMinutes: z.number().positive().default(120),
            remindEveryMinutes: z.number().positive().default(30),
            escalateEveryMinutes: z.number().positive().default(30),
            /** the principal leaders (主要领导) told at once as a 快报; left out: the supervisors */
            notify: z.array(z.string().min(1)).min(1).optional(),
            /** what the chat calls the notify people (团省委主要领导); the supervisors are called 主管 */
            title: z.string().min(1).default('主要领导'),
            /** 同时向上级主管部门报告: tracked as its own item (#已上报), reminded until recorded */
            reportUpward: z
              .strictObject({
                /** the higher authority, as the chat names it (团中央宣传部) */
                to: z.string().min(1),
                /** the report is to be recorded within this time */
                withinMinutes: z.number().positive().default(30),
                remindEveryMinutes: z.number().positive().default(30),
              })
              .optional(),
          })
          .prefault({}),
        yellow: z
          .strictObject({
            /** the response plan for the leader in charge is due after this time */
            planDueMinutes: z
              .number()
              .positive()
              .default(24 * 60),
            remindMinutesBefore: positiveList.default([120]),
            escalateEveryMinutes: z.number().positive().default(240),
            /** the leader in charge (分管领导) the plan is reported to; left out: the supervisors */
            notify: z.array(z.string().min(1)).min(1).optional(),
            /** what the chat calls the notify people (团省委分管领导); the supervisors are called 主管 */
            title: z.string().min(1).default('分管领导'),
          })
          .prefault({}),
      })
      .prefault({}),
  })
  .prefault({})

export type RepliesConfig = z.infer<typeof repliesConfigSchema>

/** How the chat calls who an alert of this level goes to: the configured title, or 主管 when it falls back to the supervisors. */
export function alertTitle(replies: RepliesConfig, level: 'red' | 'yellow'): string {
  const a = replies.alerts[level]
  return a.notify ? a.title : '主管'
}

/** The rules for one account: the account's overrides over the section's defaults. */
export interface AccountReplyRules {
  maxPromiseWorkingDays: number
  acknowledgeSameDay: boolean
  reviewReplies: boolean
}

export function accountReplyRules(replies: RepliesConfig, account: string): AccountReplyRules {
  const own = replies.accounts[account] ?? {}
  return {
    maxPromiseWorkingDays: own.maxPromiseWorkingDays ?? replies.maxPromiseWorkingDays,
    acknowledgeSameDay: own.acknowledgeSameDay ?? replies.acknowledgeSameDay,
    reviewReplies: own.reviewReplies ?? replies.reviewReplies,
  }
}

const cronExpression = z.string().refine((x) => validateCron(x), 'a cron expression, e.g. "0 9 * * *" (minute hour day month weekday)')

/**
 * `schedules:` — when the bot's regular reports go out, as cron expressions in Asia/Shanghai.
 * The digest fires every day and skips days off by itself (the work calendar knows 调休).
 */
export const schedulesConfigSchema = z
  .strictObject({
    /** the morning digest of pending drafts and overdue items, on working days */
    digest: cronExpression.default('0 9 * * *'),
    /** the weekly report (每周总结阅评) of the seven days before it runs, dormant accounts included */
    weekly: cronExpression.default('30 9 * * 1'),
  })
  .prefault({})

export type SchedulesConfig = z.infer<typeof schedulesConfigSchema>
