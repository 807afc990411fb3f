import { workingTime, type Deadline, type DeadlineContext, type DeadlineKind } from './deadline.js'
import { MINUTE_MS } from './shanghai-time.js'

/**
 * When to remind whom about a deadline: reminders to the handler before it, the overdue notice to
 * the supervisors at it, then repeated escalation until it is closed. The plan is computed from the
 * stored deadline and the config, so after a restart the same instants (and keys) come out again.
 *
 * Never two alike: the plan holds at most one reminder per audience and instant (a half-time
 * reminder and a "15 minutes before" one that coincide are one), and when several reminders of the
 * same audience come due together (the bot was down, or the playground's clock jumped over them),
 * only the latest is sent: the earlier ones would repeat it with the same time left.
 */

export type ReminderKind = 'remind' | 'overdue' | 'escalate'

export interface PlannedReminder {
  /** unique within the deadline and stable across restarts: 'remind:1', 'overdue', 'escalate:3' */
  key: string
  kind: ReminderKind
  at: number
  /** handler: whoever must act (the message's handler, the alert's owner) */
  audience: 'handler' | 'supervisors'
}

export interface ReminderPlan {
  deadline: Deadline
  /** reminders before the deadline and the overdue notice at it, soonest first */
  reminders: PlannedReminder[]
  /** the first repeated escalation strictly after `after`; undefined for kinds that do not repeat */
  nextEscalation(after: number): PlannedReminder | undefined
  /** a later reminder of the same audience is due by `now` as well: send that one, not this one */
  superseded(reminder: PlannedReminder, now: number): boolean
}

interface Rules {
  clock: 'wall' | 'working'
  /** fractions of the allowed time (wall clock only) */
  atFractions: number[]
  /** minutes before the deadline, counted on `clock` */
  minutesBefore: number[]
  /** every so many minutes from the start (wall clock only) */
  everyMinutes?: number
  /** repeat the overdue notice every so many minutes on `clock` */
  escalateEveryMinutes?: number
}

function rulesFor(kind: DeadlineKind, { replies }: DeadlineContext): Rules {
  const { sensitive, ordinary, alerts } = replies
  const ordinaryBefore = ordinary.remindWorkingHoursBefore.map((h) => h * 60)
  switch (kind) {
    case 'sensitive':
      return {
        clock: 'wall',
        atFractions: sensitive.remindAtFractions,
        minutesBefore: sensitive.remindMinutesBefore,
        escalateEveryMinutes: sensitive.escalateEveryMinutes,
      }
    case 'ordinary':
    case 'promised':
      return { clock: 'working', atFractions: [], minutesBefore: ordinaryBefore, escalateEveryMinutes: ordinary.escalateEveryWorkingHours * 60 }
    case 'acknowledge':
      // No repetition: the reply deadline of the same message escalates on its own.
      return { clock: 'working', atFractions: [], minutesBefore: ordinaryBefore }
    case 'red-alert':
      return {
        clock: 'wall',
        atFractions: [],
        minutesBefore: [],
        everyMinutes: alerts.red.remindEveryMinutes,
        escalateEveryMinutes: alerts.red.escalateEveryMinutes,
      }
    case 'yellow-alert':
      return {
        clock: 'wall',
        atFractions: [],
        minutesBefore: alerts.yellow.remindMinutesBefore,
        escalateEveryMinutes: alerts.yellow.escalateEveryMinutes,
      }
    case 'upward-report':
      return {
        clock: 'wall',
        atFractions: [],
        minutesBefore: [],
        everyMinutes: alerts.red.reportUpward?.remindEveryMinutes ?? alerts.red.remindEveryMinutes,
        escalateEveryMinutes: alerts.red.escalateEveryMinutes,
      }
  }
}

export function planReminders(deadline: Deadline, ctx: DeadlineContext): ReminderPlan {
  const rules = rulesFor(deadline.kind, ctx)
  const { startedAt, dueAt } = deadline
  const time = workingTime(ctx)
  const before = (minutes: number) => (rules.clock === 'wall' ? dueAt - minutes * MINUTE_MS : time.subtractWorkingMinutes(dueAt, minutes))

  const instants = [
    ...rules.atFractions.map((f) => startedAt + f * (dueAt - startedAt)),
    ...rules.minutesBefore.map(before),
    ...repeatFrom(startedAt, dueAt, rules.everyMinutes),
  ]
  // One reminder per instant: all of these go to the handler.
  const remindAt = [...new Set(instants.filter((t) => t > startedAt && t < dueAt))].sort((a, b) => a - b)
  const reminders: PlannedReminder[] = [
    ...remindAt.map((at, i) => ({ key: `remind:${i + 1}`, kind: 'remind' as const, at, audience: 'handler' as const })),
    { key: 'overdue', kind: 'overdue', at: dueAt, audience: 'supervisors' },
  ]

  return {
    deadline,
    reminders,
    nextEscalation(after) {
      const every = rules.escalateEveryMinutes
      if (every === undefined) return undefined
      if (rules.clock === 'wall') {
        const n = Math.max(1, Math.floor((after - dueAt) / (every * MINUTE_MS)) + 1)
        return escalation(n, dueAt + n * every * MINUTE_MS)
      }
      // Working time has no closed form across nights and holidays: step until past `after`.
      let at = dueAt
      for (let n = 1; ; n++) {
        at = time.addWorkingMinutes(at, every)
        if (at > after) return escalation(n, at)
      }
    },
    superseded(reminder, now) {
      return reminders.some((r) => r.audience === reminder.audience && r.at > reminder.at && r.at <= now)
    },
  }
}

function escalation(n: number, at: number): PlannedReminder {
  return { key: `escalate:${n}`, kind: 'escalate', at, audience: 'supervisors' }
}

function repeatFrom(start: number, end: number, everyMinutes: number | undefined): number[] {
  if (everyMinutes === undefined) return []
  const out: number[] = []
  for (let t = start + everyMinutes * MINUTE_MS; t < end; t += everyMinutes * MINUTE_MS) out.push(t)
  return out
}
