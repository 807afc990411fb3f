import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, parseConfig } from '../../src/config/index.js'
import { dutyOf } from '../../src/workflow/duty.js'
import { approve, createDraft, designate, type EngineContext, type Outcome } from '../../src/workflow/engine.js'
import { versionHash } from '../../src/workflow/hash.js'
import { resolveRefs } from '../../src/config/people.js'
import type { Draft } from '../../src/workflow/types.js'

/** Approvers relative to the submitter's unit: `unit:head` and `unit:<role>` (saws 五(一)5–6). */
const saws = loadConfig('config/presets/saws.yaml')
const ctx = (config = saws): EngineContext => ({ config, now: 1_000, isAway: () => false })

function draft(chain: string, person: string | undefined, config = saws): Draft {
  const body = '正文'
  const submitter = { contactId: `wxid_${person ?? 'outsider'}`, ...(person ? { person } : {}), name: person ?? '外人' }
  return createDraft(
    {
      id: 'D1',
      group: 'g',
      account: config.chains[chain]!.account,
      category: config.chains[chain]!.categories[0]!,
      chain,
      submitter,
      version: { title: 't', body, hash: versionHash('t', body), findings: [], manual: [] },
    },
    ctx(config),
  ).draft
}
function ok(o: Outcome): Draft {
  if (!o.ok) throw new Error(`refused: ${o.refusal.code}`)
  return o.draft
}

describe('unit-relative approvers', () => {
  it("asks the head of the submitter's own unit, not every unit head (五(一)6 本单位主要负责人)", () => {
    expect(dutyOf(draft('weibo-knowledge', 'drafter1'), ctx()).asked).toEqual(['dept1-head'])
    expect(dutyOf(draft('weibo-knowledge', 'drafter2'), ctx()).asked).toEqual(['edu-head'])
    expect(dutyOf(draft('wechat-accident-statistics', 'drafter3'), ctx()).asked).toEqual(['ecc-head'])
  })

  it("refuses another unit's head and accepts the own head", () => {
    const d = draft('weibo-knowledge', 'drafter1')
    expect(approve(d, 'ecc-head', ctx())).toMatchObject({ ok: false, refusal: { code: 'not-an-approver' } })
    expect(ok(approve(d, 'dept1-head', ctx())).status).toBe('approved')
  })

  it('a submitter without a unit has nobody to ask: the stage is stuck (the supervisors step in), never passed', () => {
    expect(dutyOf(draft('weibo-knowledge', undefined), ctx())).toMatchObject({ asked: [], stuck: true, complete: false })
  })

  it('a supervisor designates a reviewer for the stuck stage: only with 确认 when the stage names nobody (#指定)', () => {
    const d = draft('weibo-knowledge', undefined)
    expect(designate(d, 'xjb-head', 'dept1-head', false, ctx())).toMatchObject({ ok: false, refusal: { code: 'designee-not-allowed' } })
    const named = ok(designate(d, 'xjb-head', 'dept1-head', true, ctx()))
    expect(named.designations).toEqual([{ stage: 0, slot: 0, person: 'dept1-head', by: 'xjb-head', at: 1_000, exception: true }])
    expect(dutyOf(named, ctx())).toMatchObject({ asked: ['dept1-head'], stuck: false })
    const approved = ok(approve(named, 'dept1-head', ctx()))
    expect(approved.approvals[0]).toMatchObject({ person: 'dept1-head', via: 'designated' })
    expect(approved.status).toBe('approved')
    // from another group, the draft is not theirs to touch
    expect(designate(d, 'xjb-head', 'dept1-head', true, ctx(), { group: 'other' })).toMatchObject({ ok: false, refusal: { code: 'wrong-group' } })
  })

  it("a unit head submitting their own unit's draft cannot approve it", () => {
    const d = draft('weibo-knowledge', 'dept1-head')
    expect(dutyOf(d, ctx())).toMatchObject({ asked: [], stuck: true })
  })

  it('the company chain: 所在单位负责人审核 → 企管办审核把关 → 企管部负责人批准, and 总经理 for 协会重大事项', () => {
    let d = draft('company-weibo', 'c-tech-info')
    expect(dutyOf(d, ctx()).asked).toEqual(['c-tech-head'])
    expect(approve(d, 'c-sales-head', ctx())).toMatchObject({ ok: false, refusal: { code: 'not-an-approver' } })
    d = ok(approve(d, 'c-tech-head', ctx()))
    expect(dutyOf(d, ctx()).asked).toEqual(['c-qg-office'])
    d = ok(approve(ok(approve(d, 'c-qg-office', ctx())), 'c-qg-head', ctx()))
    expect(d.status).toBe('approved')
    let m = draft('company-wechat-major', 'c-sales-info')
    for (const who of ['c-sales-head', 'c-qg-office', 'c-qg-head']) m = ok(approve(m, who, ctx()))
    expect(dutyOf(m, ctx()).asked).toEqual(['c-gm'])
  })

  it("unit:<role> names who holds that role in the submitter's unit; without a draft, everyone who could", () => {
    const c = parseConfig(`groups: [{ topic: g }]
units:
  a: { name: 甲处, head: a-head }
  b: { name: 乙处 }
people:
  a-head: { name: 甲处长, id: w1, unit: a }
  a-dep: { name: 甲副处长, id: w2, roles: [deputy], unit: a }
  b-dep: { name: 乙副处长, id: w3, roles: [deputy], unit: b }
  b-ed: { name: 乙编辑, id: w4, unit: b }
accounts: { wechat: { platform: wechat, name: 号 } }
chains:
  wechat: { account: wechat, categories: [routine], stages: [{ name: 副处长审核, allOf: [unit:deputy] }, { name: 处长审定, anyOf: [unit:head] }] }
supervisors: [a-head]
`)
    expect(resolveRefs(c, ['unit:deputy'], { submitter: 'b-ed' })).toEqual(['b-dep'])
    expect(resolveRefs(c, ['unit:deputy'])).toEqual(['a-dep', 'b-dep'])
    expect(resolveRefs(c, ['unit:head'], { submitter: 'b-ed' })).toEqual([])
    const d = ok(approve(draft('wechat', 'b-ed', c), 'b-dep', ctx(c)))
    expect(dutyOf(d, ctx(c))).toMatchObject({ asked: [], stuck: true }) // 乙处 has no head
  })

  it('the config refuses unknown units, a head outside their unit, and unit places nobody can fill', () => {
    const base = (extra: string) => `groups: [{ topic: g }]
units:
  a: { name: 甲处, head: p1 }
people:
  p1: { name: 甲, id: w1, unit: a }
  p2: { name: 乙, id: w2${extra} }
accounts: { wechat: { platform: wechat, name: 号 } }
chains:
  wechat: { account: wechat, categories: [routine], stages: [{ name: 审, anyOf: [unit:head] }] }
supervisors: [p1]
`
    expect(() => parseConfig(base(', unit: z'), 'u.yaml')).toThrow(/u\.yaml:6:\d+: people\.p2\.unit: unknown unit "z"; known: a/)
    expect(() => parseConfig(base('').replace('head: p1', 'head: p2'), 'u.yaml')).toThrow(
      /units\.a\.head: "p2" must be a person under people: whose unit is "a"/,
    )
    expect(() => parseConfig(base('').replace('[unit:head]', '[unit:chief]'), 'u.yaml')).toThrow(ConfigError)
    expect(() => parseConfig(base('').replace('[unit:head]', '[unit:chief]'), 'u.yaml')).toThrow(
      /"unit:chief": no person with a unit holds the role "chief"/,
    )
  })
})
