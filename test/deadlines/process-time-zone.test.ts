import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ordinaryDeadline, sensitiveDeadline } from '../../src/deadlines/reply-deadline.js'
import { formatShanghai, shanghaiDate } from '../../src/deadlines/shanghai-time.js'
import { createWorkCalendar } from '../../src/deadlines/work-calendar.js'
import { at, context } from './helpers.js'

// The server may run in any time zone; Shanghai dates must not move with it.
describe.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])('with the process time zone %s', (zone) => {
  const saved = process.env.TZ
  beforeAll(() => {
    process.env.TZ = zone
  })
  afterAll(() => {
    process.env.TZ = saved
  })

  it('really runs in that zone', () => {
    const offset = { 'America/Los_Angeles': 480, 'Pacific/Kiritimati': -840, UTC: 0 }[zone]
    expect(new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset()).toBe(offset)
  })

  it('reads Shanghai dates and the 2026 National Day schedule correctly', () => {
    expect(shanghaiDate(at('2026-10-10 00:30'))).toBe('2026-10-10')
    expect(formatShanghai(at('2026-10-10 00:30'))).toBe('10月10日（周六）00:30')
    const calendar = createWorkCalendar()
    expect(calendar.day('2026-10-10').working).toBe(true)
    expect(calendar.day('2026-10-01').working).toBe(false)
    expect(calendar.day('2026-09-30').working).toBe(true)
  })

  it('computes the same deadlines as in Shanghai', () => {
    expect(ordinaryDeadline(at('2026-09-30 10:00'), context()).dueAt).toBe(at('2026-10-08 10:00'))
    expect(ordinaryDeadline(at('2026-10-09 23:30'), context()).dueAt).toBe(at('2026-10-12 09:00'))
    expect(sensitiveDeadline(at('2026-10-09 23:30'), context().replies).dueAt).toBe(at('2026-10-10 00:30'))
  })
})
