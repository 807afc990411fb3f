import { describe, expect, it } from 'vitest'
import { accountReplyRules } from '../../src/config/deadlines-schema.js'
import { checkPromise, type PromiseRequest } from '../../src/deadlines/promise.js'
import { REGULATION, at, context } from './helpers.js'

// Received Tuesday 2026-09-29: five working days later is Monday Oct 12 (Oct 1–7 off, Sat Oct 10 worked).
const base: PromiseRequest = {
  receivedAt: at('2026-09-29 10:00'),
  now: at('2026-09-29 15:00'),
  promisedAt: at('2026-10-12 17:00'),
  sensitive: false,
  maxWorkingDays: 5,
}

describe('#承诺: a promised deadline within the configured maximum', () => {
  it('accepts a promise up to closing time of the last allowed working day', () => {
    const check = checkPromise({ ...base, promisedAt: at('2026-10-12 18:00') }, context())
    expect(check.ok).toBe(true)
    if (!check.ok) return
    expect(check.deadline).toMatchObject({ kind: 'promised', policy: 'promised', startedAt: base.now, dueAt: at('2026-10-12 18:00'), assumed: false })
    expect(check.deadline.description).toContain('承诺于 10月12日（周一）18:00 前答复')
  })

  it('refuses a promise beyond the maximum with a clear Chinese message naming the latest time', () => {
    const check = checkPromise({ ...base, promisedAt: at('2026-10-13 09:00') }, context())
    expect(check.ok).toBe(false)
    if (check.ok) return
    expect(check.latest).toBe(at('2026-10-12 18:00'))
    expect(check.message).toBe('承诺期限 10月13日（周二）09:00 超过上限：最长为收到留言后 5 个工作日，即最迟 10月12日（周一）18:00。请缩短承诺期限。')
  })

  it("uses the account's own maximum", () => {
    const ctx = context({ accounts: { weibo: { maxPromiseWorkingDays: 3 } } })
    const max = accountReplyRules(ctx.replies, 'weibo').maxPromiseWorkingDays
    const check = checkPromise({ ...base, maxWorkingDays: max }, ctx)
    expect(check.ok).toBe(false)
    if (check.ok) return
    expect(check.latest).toBe(at('2026-10-09 18:00'))
    expect(check.message).toContain('最长为收到留言后 3 个工作日')
  })

  it('refuses a promise for a sensitive message', () => {
    const check = checkPromise({ ...base, sensitive: true }, context({ sensitive: { limitMinutes: 30 } }))
    expect(check).toEqual({ ok: false, message: '敏感留言须在 30 分钟内答复并上报，不能承诺延期。' })
    const cited = checkPromise({ ...base, sensitive: true }, { ...context(), regulation: REGULATION })
    expect(cited).toEqual({ ok: false, message: '敏感留言须在 1 小时内答复并上报（《办法》第十四条），不能承诺延期。' })
  })

  it('refuses a promise that is already past', () => {
    const check = checkPromise({ ...base, promisedAt: at('2026-09-29 14:00') }, context())
    expect(check).toMatchObject({ ok: false, message: '承诺期限 9月29日（周二）14:00 已经过去，请给出一个将来的时间。' })
  })

  it('marks a promise whose limit reaches into a year without data as assumed', () => {
    const check = checkPromise(
      { ...base, receivedAt: at('2026-12-30 10:00'), now: at('2026-12-30 11:00'), promisedAt: at('2027-01-04 10:00') },
      context(),
    )
    expect(check.ok).toBe(true)
    if (!check.ok) return
    expect(check.deadline.assumed).toBe(true)
    expect(check.deadline.reasons[0]).toContain('2027')
  })
})
