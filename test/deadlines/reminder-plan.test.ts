import { describe, expect, it } from 'vitest'
import { redAlertDeadline, yellowAlertDeadline } from '../../src/deadlines/alert-deadline.js'
import { acknowledgeDeadline, ordinaryDeadline, sensitiveDeadline } from '../../src/deadlines/reply-deadline.js'
import { planReminders, type PlannedReminder } from '../../src/deadlines/reminder-plan.js'
import { at, context, show } from './helpers.js'

const readable = (rs: PlannedReminder[]) => rs.map((r) => `${r.key} ${r.audience} ${show(r.at)}`)

describe('reminder plan of a sensitive message', () => {
  const ctx = context()
  const plan = planReminders(sensitiveDeadline(at('2026-03-10 10:00'), ctx.replies), ctx)

  it('reminds the handler at half time and 15 minutes before, then tells the supervisors at the deadline', () => {
    expect(readable(plan.reminders)).toEqual([
      `remind:1 handler ${show(at('2026-03-10 10:30'))}`,
      `remind:2 handler ${show(at('2026-03-10 10:45'))}`,
      `overdue supervisors ${show(at('2026-03-10 11:00'))}`,
    ])
  })

  it('escalates every 30 minutes after the deadline, each escalation with its own stable key', () => {
    expect(plan.nextEscalation(at('2026-03-10 10:00'))).toMatchObject({ key: 'escalate:1', at: at('2026-03-10 11:30'), audience: 'supervisors' })
    expect(plan.nextEscalation(at('2026-03-10 11:30'))).toMatchObject({ key: 'escalate:2', at: at('2026-03-10 12:00') })
    // After a restart at 13:10, the next one is 13:30 (the fifth), not a burst of the missed ones.
    expect(plan.nextEscalation(at('2026-03-10 13:10'))).toMatchObject({ key: 'escalate:5', at: at('2026-03-10 13:30') })
  })
})

describe('reminder plan of an ordinary message', () => {
  const ctx = context()

  it('reminds the handler 2 working hours before, counted back over the night', () => {
    const plan = planReminders(ordinaryDeadline(at('2026-03-10 10:00'), ctx), ctx)
    expect(readable(plan.reminders)).toEqual([
      `remind:1 handler ${show(at('2026-03-10 17:00'))}`,
      `overdue supervisors ${show(at('2026-03-11 10:00'))}`,
    ])
  })

  it('counts the reminder back over a weekend', () => {
    const plan = planReminders(ordinaryDeadline(at('2026-03-06 10:00'), ctx), ctx)
    expect(plan.reminders[0]?.at).toBe(at('2026-03-06 17:00'))
  })

  it('escalates every 4 working hours, skipping nights', () => {
    const plan = planReminders(ordinaryDeadline(at('2026-03-10 10:00'), ctx), ctx)
    const first = plan.nextEscalation(at('2026-03-11 10:00'))
    expect(first).toMatchObject({ key: 'escalate:1', at: at('2026-03-11 16:00') })
    const second = plan.nextEscalation(first!.at)
    expect(second).toMatchObject({ key: 'escalate:2', at: at('2026-03-12 11:00') })
    expect(plan.nextEscalation(at('2026-03-12 11:30'))).toMatchObject({ key: 'escalate:3', at: at('2026-03-12 17:00') })
  })

  it('drops reminders that would fall before the message arrived', () => {
    const short = context({ ordinary: { policy: 'working-hours', workingHours: 1 } })
    const plan = planReminders(ordinaryDeadline(at('2026-03-10 10:00'), short), short)
    expect(plan.reminders.map((r) => r.key)).toEqual(['overdue'])
  })
})

describe('reminder plan of the same-day acknowledgement', () => {
  it('reminds and reports overdue once, without repetition', () => {
    const ctx = context()
    const plan = planReminders(acknowledgeDeadline(at('2026-03-10 10:00'), ctx), ctx)
    expect(readable(plan.reminders)).toEqual([
      `remind:1 handler ${show(at('2026-03-10 16:00'))}`,
      `overdue supervisors ${show(at('2026-03-10 18:00'))}`,
    ])
    expect(plan.nextEscalation(at('2026-03-10 18:00'))).toBeUndefined()
  })
})

describe('alert plans (gd-youth-league 第十九条)', () => {
  it('red: a two-hour timer for #启动预案, reminding every 30 minutes, through the night', () => {
    const ctx = context()
    const deadline = redAlertDeadline(at('2026-10-03 22:00'), ctx.replies)
    expect(deadline.dueAt).toBe(at('2026-10-04 00:00'))
    expect(deadline.description).toContain('2 小时内启动处置方案（#启动预案）')
    const plan = planReminders(deadline, ctx)
    expect(readable(plan.reminders)).toEqual([
      `remind:1 handler ${show(at('2026-10-03 22:30'))}`,
      `remind:2 handler ${show(at('2026-10-03 23:00'))}`,
      `remind:3 handler ${show(at('2026-10-03 23:30'))}`,
      `overdue supervisors ${show(at('2026-10-04 00:00'))}`,
    ])
    expect(plan.nextEscalation(at('2026-10-04 00:00'))).toMatchObject({ key: 'escalate:1', at: at('2026-10-04 00:30') })
  })

  it('yellow: the plan is due after 24 hours, with a reminder 2 hours before', () => {
    const ctx = context()
    const deadline = yellowAlertDeadline(at('2026-03-10 10:00'), ctx.replies)
    expect(deadline.dueAt).toBe(at('2026-03-11 10:00'))
    const plan = planReminders(deadline, ctx)
    expect(readable(plan.reminders)).toEqual([
      `remind:1 handler ${show(at('2026-03-11 08:00'))}`,
      `overdue supervisors ${show(at('2026-03-11 10:00'))}`,
    ])
    expect(plan.nextEscalation(at('2026-03-11 10:00'))?.at).toBe(at('2026-03-11 14:00'))
  })

  it('follows the configured timings', () => {
    const ctx = context({ alerts: { red: { planWithinMinutes: 60, remindEveryMinutes: 20, escalateEveryMinutes: 10 } } })
    const plan = planReminders(redAlertDeadline(at('2026-03-10 10:00'), ctx.replies), ctx)
    expect(plan.reminders.map((r) => show(r.at))).toEqual([show(at('2026-03-10 10:20')), show(at('2026-03-10 10:40')), show(at('2026-03-10 11:00'))])
    expect(plan.nextEscalation(at('2026-03-10 11:00'))?.at).toBe(at('2026-03-10 11:10'))
  })
})

describe('never two reminders alike', () => {
  const sameAudienceAndInstant = (rs: PlannedReminder[]) => rs.length - new Set(rs.map((r) => `${r.audience}@${r.at}`)).size

  it('a sensitive limit of 30 minutes: half time and "15 minutes before" are one reminder', () => {
    const ctx = context({ sensitive: { limitMinutes: 30 } })
    const plan = planReminders(sensitiveDeadline(at('2026-03-10 10:00'), ctx.replies), ctx)
    expect(readable(plan.reminders)).toEqual([
      `remind:1 handler ${show(at('2026-03-10 10:15'))}`,
      `overdue supervisors ${show(at('2026-03-10 10:30'))}`,
    ])
  })

  it('holds at most one reminder per audience and instant for every deadline kind', () => {
    const ctx = context({
      sensitive: { limitMinutes: 60, remindAtFractions: [0.25, 0.5, 0.75], remindMinutesBefore: [15, 30, 45] },
      ordinary: { remindWorkingHoursBefore: [1, 2, 2] },
      alerts: { red: { planWithinMinutes: 60, remindEveryMinutes: 15 }, yellow: { planDueMinutes: 120, remindMinutesBefore: [30, 30, 60] } },
    })
    const start = at('2026-03-10 10:00')
    const deadlines = [
      sensitiveDeadline(start, ctx.replies),
      ordinaryDeadline(start, ctx),
      acknowledgeDeadline(start, ctx),
      redAlertDeadline(start, ctx.replies),
      yellowAlertDeadline(start, ctx.replies),
    ]
    for (const d of deadlines) {
      const { reminders } = planReminders(d, ctx)
      expect(sameAudienceAndInstant(reminders), d.kind).toBe(0)
      expect(new Set(reminders.map((r) => r.key)).size, d.kind).toBe(reminders.length)
    }
    expect(planReminders(deadlines[0]!, ctx).reminders.map((r) => show(r.at))).toEqual(
      ['10:15', '10:30', '10:45', '11:00'].map((t) => show(at(`2026-03-10 ${t}`))),
    )
  })

  it('when several reminders of one audience are due together, only the latest is sent', () => {
    const ctx = context()
    const plan = planReminders(redAlertDeadline(at('2026-03-10 10:00'), ctx.replies), ctx)
    const [first, second, third, overdue] = plan.reminders
    // the clock jumped from 10:00 to 11:00: 10:30 gives way to 11:00
    expect(plan.superseded(first!, at('2026-03-10 11:00'))).toBe(true)
    expect(plan.superseded(second!, at('2026-03-10 11:00'))).toBe(false)
    // on time, each is sent
    expect(plan.superseded(first!, at('2026-03-10 10:30'))).toBe(false)
    // the overdue notice goes to other people: a handler reminder never replaces it, nor it one
    expect(plan.superseded(third!, at('2026-03-10 12:00'))).toBe(false)
    expect(plan.superseded(overdue!, at('2026-03-10 12:00'))).toBe(false)
  })
})
