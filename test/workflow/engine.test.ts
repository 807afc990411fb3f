import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import type { Config } from '../../src/config/schema.js'
import { dutyOf } from '../../src/workflow/duty.js'
import { approve, createDraft, reject, revise, transfer, withdraw, type EngineContext, type Outcome } from '../../src/workflow/engine.js'
import { versionHash } from '../../src/workflow/hash.js'
import type { Draft } from '../../src/workflow/types.js'

const config = loadConfig('config/sanshen.yaml')
const ctx = (over: Partial<EngineContext> = {}): EngineContext => ({ config, now: 1_000, isAway: () => false, ...over })
const version = (body = '正文') => ({ title: '标题', body, hash: versionHash('标题', body), findings: [], manual: [] })

function draft(chain = 'wechat', submitter = { contactId: 'wxid_editor1', person: 'editor1', name: '小编甲' }, c = ctx()): Draft {
  return createDraft({ id: 'D1', group: 'g', account: config.chains[chain]!.account, category: 'routine', chain, submitter, version: version() }, c)
    .draft
}
function ok(o: Outcome): Draft {
  if (!o.ok) throw new Error(`refused: ${o.refusal.code}`)
  return o.draft
}

describe('who must act (duty)', () => {
  it('asks the any-of people of the first stage, then the next stage after one approval', () => {
    const d = draft('weibo')
    expect(dutyOf(d, ctx()).asked).toEqual(['opinion1', 'opinion2'])
    const next = ok(approve(d, 'opinion2', ctx()))
    expect(next.stage).toBe(1)
    expect(dutyOf(next, ctx()).asked).toEqual(['deputy'])
  })

  it('calls in an all-of fallback when the primary is away, and needs every fallback approval', () => {
    const away = ctx({ isAway: (p) => p === 'deputy' })
    let d = ok(approve(draft('weibo'), 'opinion1', away))
    expect(dutyOf(d, away).asked).toEqual(['opinion1', 'opinion2'])
    d = ok(approve(d, 'opinion1', away))
    expect(d.status).toBe('pending')
    const done = approve(d, 'opinion2', away)
    expect(done.ok && done.events.some((e) => e.type === 'final')).toBe(true)
    expect(ok(done).approvals.at(-1)).toMatchObject({ via: 'fallback', onBehalfOf: ['deputy'] })
  })

  it('is stuck when nobody can act and there is no fallback', () => {
    const d = draft('wechat', { contactId: 'wxid_deputy', person: 'deputy', name: '李副主任' })
    expect(dutyOf(d, ctx())).toMatchObject({ asked: [], stuck: true })
  })

  it('lets the primary still decide during a fallback', () => {
    let d = ok(approve(draft(), 'deputy', ctx()))
    d = { ...d, stageTimedOut: true }
    expect(dutyOf(d, ctx()).asked.sort()).toEqual(['deputy', 'director'])
    expect(ok(approve(d, 'director', ctx())).status).toBe('approved')
  })
})

describe('decisions', () => {
  it('refuses the submitter, strangers, repeated approvals, superseded versions and finished drafts', () => {
    const d = draft('wechat-important')
    expect(approve(d, 'editor1', ctx())).toMatchObject({ ok: false, refusal: { code: 'own-draft' } })
    expect(approve(d, 'leader', ctx())).toMatchObject({ ok: false, refusal: { code: 'not-an-approver' } })
    const joint = ok(approve(d, 'deputy', ctx()))
    const once = ok(approve(joint, 'director', ctx()))
    expect(approve(once, 'director', ctx())).toMatchObject({ ok: false, refusal: { code: 'already-approved' } })
    expect(approve(once, 'propaganda', ctx(), { version: 2 })).toMatchObject({ ok: false, refusal: { code: 'superseded' } })
    expect(approve(once, 'propaganda', ctx(), { version: 'ffffffff' })).toMatchObject({ ok: false, refusal: { code: 'superseded' } })
    expect(approve(once, 'propaganda', ctx(), { group: 'other' })).toMatchObject({ ok: false, refusal: { code: 'wrong-group' } })
    const done = ok(approve(once, 'propaganda', ctx(), { version: once.versions[0]!.hash.slice(0, 8) }))
    expect(done.status).toBe('approved')
    expect(approve(done, 'propaganda', ctx())).toMatchObject({ ok: false, refusal: { code: 'not-pending' } })
  })

  it('requires a reason to reject, and ends the round', () => {
    const d = draft()
    expect(reject(d, 'deputy', '  ', ctx())).toMatchObject({ ok: false, refusal: { code: 'reason-required' } })
    expect(ok(reject(d, 'deputy', '数据有误', ctx()))).toMatchObject({ status: 'rejected', rejection: { person: 'deputy', reason: '数据有误' } })
  })

  it('voids approvals on revision and binds new approvals to the new hash', () => {
    const approved = ok(approve(ok(approve(draft(), 'deputy', ctx())), 'director', ctx()))
    const revised = revise(approved, version('新正文'), ctx({ now: 2_000 }))
    expect(revised.ok && revised.events[0]).toMatchObject({ type: 'revised', version: 2, voided: 2 })
    const d = ok(revised)
    expect(d).toMatchObject({ status: 'pending', stage: 0, approvals: [] })
    expect(ok(approve(d, 'deputy', ctx())).approvals[0]).toMatchObject({ version: 2, hash: versionHash('标题', '新正文') })
  })

  it('transfers a turn to a colleague, who then approves on behalf of the holder', () => {
    const d = ok(approve(draft(), 'deputy', ctx()))
    expect(transfer(d, 'director', 'director', ctx())).toMatchObject({ ok: false, refusal: { code: 'transfer-to-self' } })
    expect(transfer(d, 'leader', 'propaganda', ctx())).toMatchObject({ ok: false, refusal: { code: 'not-an-approver' } })
    const moved = ok(transfer(d, 'director', 'propaganda', ctx()))
    expect(dutyOf(moved, ctx()).asked).toEqual(['propaganda'])
    expect(approve(moved, 'director', ctx())).toMatchObject({ ok: false, refusal: { code: 'not-an-approver' } })
    expect(ok(approve(moved, 'propaganda', ctx())).approvals.at(-1)).toMatchObject({ via: 'transfer', onBehalfOf: ['director'] })
  })

  it('refuses to transfer a 会签 place to someone who already approved the stage', () => {
    const joint = ok(approve(draft('wechat-important'), 'deputy', ctx()))
    const one = ok(approve(joint, 'propaganda', ctx()))
    expect(transfer(one, 'director', 'propaganda', ctx())).toMatchObject({ ok: false, refusal: { code: 'transfer-target-approved' } })
    expect(dutyOf(one, ctx()).asked).toEqual(['director'])
  })

  it('withdraws only open drafts', () => {
    const w = ok(withdraw(draft(), '小编甲', ctx()))
    expect(w.status).toBe('withdrawn')
    expect(withdraw(w, '小编甲', ctx())).toMatchObject({ ok: false })
  })

  it('skips the submitter’s stage under the skip policy, recording it', () => {
    const skip: Config = { ...config, policy: { ...config.policy, submitterIsApprover: 'skip' } }
    const created = createDraft(
      {
        id: 'D2',
        group: 'g',
        account: 'wechat',
        category: 'routine',
        chain: 'wechat',
        submitter: { contactId: 'wxid_deputy', person: 'deputy', name: '李副主任' },
        version: version(),
      },
      ctx({ config: skip }),
    )
    expect(created.draft.stage).toBe(1)
    expect(created.events).toContainEqual({ type: 'stage-complete', stage: 0, auto: 'skip', since: 1_000 })
  })
})
