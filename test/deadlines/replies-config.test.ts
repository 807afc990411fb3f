import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { accountReplyRules, repliesConfigSchema } from '../../src/config/deadlines-schema.js'
import { loadConfig } from '../../src/config/load.js'

describe('replies: configuration', () => {
  it('defaults every field, so a configuration without the section works', () => {
    for (const input of [undefined, {}]) {
      expect(repliesConfigSchema.parse(input)).toEqual({
        holidaysFile: 'holidays/holidays.yaml',
        officeHours: [
          { from: '09:00', to: '12:00' },
          { from: '14:00', to: '18:00' },
        ],
        sensitive: { limitMinutes: 60, remindAtFractions: [0.5], remindMinutesBefore: [15], escalateEveryMinutes: 30 },
        ordinary: { policy: 'next-working-day-same-time', remindWorkingHoursBefore: [2], escalateEveryWorkingHours: 4 },
        maxPromiseWorkingDays: 5,
        acknowledgeSameDay: false,
        reviewReplies: false,
        accounts: {},
        alerts: {
          red: { planWithinMinutes: 120, remindEveryMinutes: 30, escalateEveryMinutes: 30, title: '主要领导' },
          yellow: { planDueMinutes: 1440, remindMinutesBefore: [120], escalateEveryMinutes: 240, title: '分管领导' },
        },
      })
    }
  })

  it('gives the default sanshen.yaml, which has no replies: section, the same defaults', () => {
    // loadConfig makes the holiday file's path absolute (relative to the config file: src/config/paths.ts)
    const { holidaysFile, ...rest } = loadConfig('config/sanshen.yaml').replies
    const { holidaysFile: _default, ...defaults } = repliesConfigSchema.parse({})
    expect(rest).toEqual(defaults)
    expect(holidaysFile).toBe(resolve('config/holidays/holidays.yaml'))
  })

  it('fills the defaults inside a partly written section', () => {
    const c = repliesConfigSchema.parse({ ordinary: { policy: 'working-hours', workingHours: 4 }, alerts: { red: { planWithinMinutes: 90 } } })
    expect(c.ordinary).toEqual({ policy: 'working-hours', workingHours: 4, remindWorkingHoursBefore: [2], escalateEveryWorkingHours: 4 })
    expect(c.alerts.red.remindEveryMinutes).toBe(30)
    expect(c.alerts.yellow.planDueMinutes).toBe(1440)
  })

  it('lets an account override the promise maximum, the same-day acknowledgement and reply review', () => {
    const c = repliesConfigSchema.parse({ accounts: { weibo: { acknowledgeSameDay: true, reviewReplies: true, maxPromiseWorkingDays: 3 } } })
    expect(accountReplyRules(c, 'weibo')).toEqual({ acknowledgeSameDay: true, reviewReplies: true, maxPromiseWorkingDays: 3 })
    expect(accountReplyRules(c, 'wechat')).toEqual({ acknowledgeSameDay: false, reviewReplies: false, maxPromiseWorkingDays: 5 })
  })

  it('refuses an unknown policy, a misspelt key, and overlapping office hours, with their paths', () => {
    const paths = (input: unknown) => repliesConfigSchema.safeParse(input).error?.issues.map((i) => i.path.join('.'))
    expect(paths({ ordinary: { policy: 'same-time' } })).toEqual(['ordinary.policy'])
    expect(paths({ sensitive: { limitMinute: 30 } })).toEqual(['sensitive'])
    expect(
      paths({
        officeHours: [
          { from: '09:00', to: '13:00' },
          { from: '12:00', to: '18:00' },
        ],
      }),
    ).toEqual(['officeHours.1.from'])
    expect(paths({ officeHours: [{ from: '18:00', to: '09:00' }] })).toEqual(['officeHours.0'])
    expect(paths({ officeHours: [{ from: '9:00', to: '12:00' }] })).toEqual(['officeHours.0.from'])
  })
})
