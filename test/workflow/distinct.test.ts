import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadConfig, parseConfig } from '../../src/config/index.js'
import { dutyOf } from '../../src/workflow/duty.js'
import { approve, createDraft, type EngineContext, type Outcome } from '../../src/workflow/engine.js'
import { versionHash } from '../../src/workflow/hash.js'
import type { Draft } from '../../src/workflow/types.js'

/** km-youth-league 5: 三审 is three distinct people, even when one person holds two of its roles. */
const text = readFileSync('config/presets/km-youth-league.yaml', 'utf8')
// the platform head also leads publicity work: one person, two of the three roles
const km = parseConfig(text.replace('roles: [platform-head]', 'roles: [platform-head, publicity-head]'), 'km.yaml')
const ctx = (away: string[] = [], config = km): EngineContext => ({ config, now: 1_000, isAway: (p) => away.includes(p) })

function draft(chain: string, config = km): Draft {
  const body = '正文'
  return createDraft(
    {
      id: 'D1',
      group: 'g',
      account: 'wechat',
      category: config.chains[chain]!.categories[0]!,
      chain,
      submitter: { contactId: 'wxid_e', person: 'editor1', name: '编辑' },
      version: { title: 't', body, hash: versionHash('t', body), findings: [], manual: [] },
    },
    ctx([], config),
  ).draft
}
function ok(o: Outcome): Draft {
  if (!o.ok) throw new Error(`refused: ${o.refusal.code}`)
  return o.draft
}

describe('distinct stages (km 三审)', () => {
  it('the person who did 一审 is not asked, and may not approve, at 二审 though they hold its role', () => {
    const d = ok(approve(draft('wechat'), 'platform', ctx()))
    expect(d.stage).toBe(1)
    expect(dutyOf(d, ctx()).asked).toEqual(['publicity'])
    expect(approve(d, 'platform', ctx())).toMatchObject({ ok: false, refusal: { code: 'not-an-approver' } })
    const done = ok(approve(ok(approve(d, 'publicity', ctx())), 'vice', ctx()))
    expect(done.status).toBe('approved')
    expect(new Set(done.approvals.map((a) => a.person)).size).toBe(3)
  })

  it('when the only other holder is away, the stage is stuck (the supervisors step in) rather than passed by the same person', () => {
    const d = ok(approve(draft('wechat'), 'platform', ctx(['publicity'])))
    expect(dutyOf(d, ctx(['publicity']))).toMatchObject({ asked: [], stuck: true, complete: false })
  })

  it('under policy once, a distinct stage is never filled by an earlier approval', () => {
    const once = parseConfig(
      text.replace('repeatedApprover: each', 'repeatedApprover: once').replace('roles: [platform-head]', 'roles: [platform-head, publicity-head]'),
      'km.yaml',
    )
    const d = ok(approve(draft('wechat', once), 'platform', ctx([], once)))
    expect(d.stage).toBe(1)
    expect(dutyOf(d, ctx([], once)).complete).toBe(false)
  })

  it("the 审定 added on top of 三审 is the principal's own approval, even after they did 三审", () => {
    const c = loadConfig('config/presets/km-youth-league.yaml')
    let d = draft('wechat-important', c)
    for (const who of ['platform', 'publicity', 'principal']) d = ok(approve(d, who, ctx([], c)))
    expect(d.stage).toBe(3)
    expect(dutyOf(d, ctx([], c)).asked).toEqual(['principal'])
    expect(ok(approve(d, 'principal', ctx([], c))).status).toBe('approved')
  })
})
