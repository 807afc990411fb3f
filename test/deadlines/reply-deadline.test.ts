import { describe, expect, it } from 'vitest'
import { parseHolidayOverrides } from '../../src/deadlines/holiday-overrides.js'
import { acknowledgeDeadline, ordinaryDeadline, replyDeadline, sensitiveDeadline } from '../../src/deadlines/reply-deadline.js'
import { REGULATION, at, context, show } from './helpers.js'

const due = (received: string, ctx = context()) => show(ordinaryDeadline(at(received), ctx).dueAt)

describe('sensitive messages: one hour of wall-clock time', () => {
  it('is due one hour after arrival, at night and on a holiday too', () => {
    const d = sensitiveDeadline(at('2026-10-03 23:30'), context().replies)
    expect(d.dueAt).toBe(at('2026-10-04 00:30'))
    expect(d).toMatchObject({ kind: 'sensitive', policy: 'one-hour', assumed: false })
    expect(d.description).toContain('1 小时内答复')
    expect(d.description).not.toContain('第十四条') // no regulation, no citation
    expect(sensitiveDeadline(at('2026-10-03 23:30'), context().replies, REGULATION).description).toContain('不分昼夜和节假日；《办法》第十四条）')
  })

  it('is chosen by replyDeadline for a sensitive message', () => {
    expect(replyDeadline(at('2026-03-10 10:00'), true, context()).dueAt).toBe(at('2026-03-10 11:00'))
  })
})

describe('ordinary messages, default policy next-working-day-same-time', () => {
  it('is due at the same time on the next working day', () => {
    expect(due('2026-03-10 10:00')).toBe(show(at('2026-03-11 10:00')))
  })

  it('crosses a weekend: Friday 10:00 is due Monday 10:00', () => {
    expect(due('2026-03-06 10:00')).toBe(show(at('2026-03-09 10:00')))
  })

  it('counts a Saturday message from Monday opening: due Tuesday 09:00', () => {
    expect(due('2026-03-07 10:00')).toBe(show(at('2026-03-10 09:00')))
  })

  it('counts a message at night from the next opening', () => {
    expect(due('2026-03-10 20:00')).toBe(show(at('2026-03-12 09:00')))
    expect(due('2026-03-10 07:00')).toBe(show(at('2026-03-11 09:00')))
  })

  it('treats exactly the end of office hours as after hours, one minute before as inside', () => {
    expect(due('2026-03-10 18:00')).toBe(show(at('2026-03-12 09:00')))
    expect(due('2026-03-10 17:59')).toBe(show(at('2026-03-11 17:59')))
  })

  it('counts a message in the lunch break from the afternoon opening', () => {
    expect(due('2026-03-10 12:30')).toBe(show(at('2026-03-11 14:00')))
  })

  it('skips the 2026 National Day holiday (Oct 1–7) and works the make-up Saturday Oct 10', () => {
    expect(due('2026-09-30 10:00')).toBe(show(at('2026-10-08 10:00')))
    expect(due('2026-10-09 15:00')).toBe(show(at('2026-10-10 15:00')))
    expect(due('2026-10-10 11:00')).toBe(show(at('2026-10-12 11:00')))
    expect(due('2026-10-03 10:00')).toBe(show(at('2026-10-09 09:00')))
  })

  it('works the make-up Sunday Sep 20 and skips the Mid-Autumn holiday Sep 25–27', () => {
    expect(due('2026-09-19 10:00')).toBe(show(at('2026-09-21 09:00')))
    expect(due('2026-09-20 10:00')).toBe(show(at('2026-09-21 10:00')))
    expect(due('2026-09-24 10:00')).toBe(show(at('2026-09-28 10:00')))
  })

  it('into a year with no calendar data: skips 元旦 2027 (fixed by law) and says the 调休 is not yet published', () => {
    const d = ordinaryDeadline(at('2026-12-31 10:00'), context())
    expect(show(d.dueAt)).toBe(show(at('2027-01-04 10:00')))
    expect(d.assumed).toBe(true)
    expect(d.reasons).toHaveLength(1)
    expect(d.reasons[0]).toContain('2027 年的调休安排（调休上班日）尚未公布')
  })

  it('across 春节 2027 (除夕 Feb 5 to 初三 Feb 8), 清明 2027 and 劳动节 2027 without data for the year', () => {
    expect(due('2027-02-04 10:00')).toBe(show(at('2027-02-09 10:00')))
    expect(due('2027-04-02 10:00')).toBe(show(at('2027-04-06 10:00')))
    expect(due('2027-04-30 10:00')).toBe(show(at('2027-05-03 10:00')))
    expect(due('2027-06-08 10:00')).toBe(show(at('2027-06-10 10:00')))
    expect(due('2027-09-30 10:00')).toBe(show(at('2027-10-04 10:00')))
  })

  it('a deadline that stays inside covered years assumes nothing', () => {
    const d = ordinaryDeadline(at('2026-12-30 10:00'), context())
    expect(d).toMatchObject({ assumed: false, reasons: [] })
  })

  it('uses the override file for 2027 once it lists that year', () => {
    const overrides = parseHolidayOverrides('years:\n  2027:\n    covered: true\n    holidays:\n      元旦: [2027-01-01]\n', 'holidays.yaml')
    const d = ordinaryDeadline(at('2026-12-31 10:00'), context({}, overrides))
    expect(show(d.dueAt)).toBe(show(at('2027-01-04 10:00')))
    expect(d).toMatchObject({ assumed: false, reasons: [] })
  })

  it('says the rule in words, never the setting name, and cites the regulation', () => {
    const d = ordinaryDeadline(at('2026-03-10 10:00'), { ...context(), regulation: REGULATION })
    expect(d.policy).toBe('next-working-day-same-time')
    expect(d.description).toMatch(/^一般留言：一个工作日内答复，即次一工作日的同一时刻前（/)
    expect(d.description).toMatch(/；《办法》第十四条）$/)
    expect(d.description).not.toContain('next-working-day-same-time')
  })
})

describe('ordinary messages, policy end-of-next-working-day', () => {
  const ctx = context({ ordinary: { policy: 'end-of-next-working-day' } })

  it('is due at closing time of the next working day', () => {
    expect(due('2026-03-10 10:00', ctx)).toBe(show(at('2026-03-11 18:00')))
  })

  it('counts arrivals at night, at exactly 18:00 and on a holiday from the next opening', () => {
    expect(due('2026-03-10 20:00', ctx)).toBe(show(at('2026-03-12 18:00')))
    expect(due('2026-03-10 18:00', ctx)).toBe(show(at('2026-03-12 18:00')))
    expect(due('2026-03-07 10:00', ctx)).toBe(show(at('2026-03-10 18:00')))
    expect(due('2026-10-03 10:00', ctx)).toBe(show(at('2026-10-09 18:00')))
  })

  it('names the policy and the closing time', () => {
    const { description } = ordinaryDeadline(at('2026-03-10 10:00'), ctx)
    expect(description).toContain('即次一工作日下班（18:00）前')
    expect(description).not.toContain('end-of-next-working-day')
  })
})

describe('ordinary messages, policy working-hours', () => {
  it('defaults to one office day (7 hours) counted only in office hours', () => {
    const ctx = context({ ordinary: { policy: 'working-hours' } })
    expect(due('2026-03-10 10:00', ctx)).toBe(show(at('2026-03-11 10:00')))
    expect(ordinaryDeadline(at('2026-03-10 10:00'), ctx).description).toContain('7 个工作小时内答复')
  })

  it('ends exactly at closing time when the hours run out there, not at the next opening', () => {
    const ctx = context({ ordinary: { policy: 'working-hours' } })
    expect(due('2026-03-10 18:00', ctx)).toBe(show(at('2026-03-11 18:00')))
    const one = context({ ordinary: { policy: 'working-hours', workingHours: 1 } })
    expect(due('2026-03-10 17:00', one)).toBe(show(at('2026-03-10 18:00')))
  })

  it('carries over nights, lunch breaks, weekends and holidays', () => {
    const two = context({ ordinary: { policy: 'working-hours', workingHours: 2 } })
    expect(due('2026-03-06 17:00', two)).toBe(show(at('2026-03-09 10:00')))
    expect(due('2026-03-10 11:30', two)).toBe(show(at('2026-03-10 15:30')))
    expect(due('2026-10-01 10:00', two)).toBe(show(at('2026-10-08 11:00')))
  })

  it('respects configured office hours', () => {
    const ctx = context({
      officeHours: [
        { from: '08:30', to: '12:00' },
        { from: '14:30', to: '17:30' },
      ],
      ordinary: { policy: 'working-hours', workingHours: 4 },
    })
    expect(due('2026-03-10 11:00', ctx)).toBe(show(at('2026-03-10 17:30')))
  })
})

describe('same-day "being handled" reply', () => {
  it('is due at closing time of the receiving working day', () => {
    expect(show(acknowledgeDeadline(at('2026-03-10 10:00'), context()).dueAt)).toBe(show(at('2026-03-10 18:00')))
  })

  it('moves to the next working day for arrivals after hours or on a day off', () => {
    expect(show(acknowledgeDeadline(at('2026-03-10 18:00'), context()).dueAt)).toBe(show(at('2026-03-11 18:00')))
    expect(show(acknowledgeDeadline(at('2026-10-03 10:00'), context()).dueAt)).toBe(show(at('2026-10-08 18:00')))
  })

  it('cites its source', () => {
    expect(acknowledgeDeadline(at('2026-03-10 10:00'), { ...context(), regulation: REGULATION }).description).toContain('（《办法》五(二)1）')
  })
})
