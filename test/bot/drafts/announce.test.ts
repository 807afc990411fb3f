import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../../src/config/load.js'
import { supervisorsOf } from '../../../src/config/people.js'
import { planAfterChange } from '../../../src/bot/drafts/announce.js'
import { msg } from '../../../src/bot/drafts/texts.js'
import { DRAFT_BOX_JOB } from '../../../src/bot/platform-sync/draft-box.js'
import { approve, createDraft, reject, type EngineContext, type Outcome } from '../../../src/workflow/engine.js'
import { versionHash } from '../../../src/workflow/hash.js'

// The plan is pure: config, draft, events and the engine context in; no bot, store or chat.
const config = loadConfig('config/sanshen.yaml')
const ctx = (now = 1_000): EngineContext => ({ config, now, isAway: () => false })
const editor = { contactId: 'wxid_editor1', person: 'editor1', name: '小编甲' }

function submitted(submitter = editor) {
  const version = { title: '标题', body: '正文', hash: versionHash('标题', '正文'), findings: [], manual: [] }
  return createDraft({ id: 'D1', group: 'g', account: 'wechat', category: 'routine', chain: 'wechat', submitter, version }, ctx())
}
function ok(o: Outcome): Extract<Outcome, { ok: true }> {
  if (!o.ok) throw new Error(`refused: ${o.refusal.code}`)
  return o
}

describe('the plan after a change (planAfterChange)', () => {
  it('asks the first stage for a new draft, mentioning exactly its approvers, with no job for a stage without a time limit', () => {
    const { draft, events } = submitted()
    const plan = planAfterChange(config, draft, events, ctx())
    expect(plan.lines).toEqual([msg.request(config, draft, ['deputy'])])
    expect(plan.mentions).toEqual({ people: ['deputy'], contacts: [] })
    expect(plan.jobs).toEqual([])
    expect(plan.private).toEqual([])
  })

  it('says the approval, asks the next stage and plans its time-out job', () => {
    const after = ok(approve(submitted().draft, 'deputy', ctx(61_000)))
    const plan = planAfterChange(config, after.draft, after.events, ctx(61_000))
    expect(plan.lines[0]).toContain('已通过 D1')
    // a later stage refers to the body posted with the first request instead of posting it again
    expect(plan.lines.at(-1)).toBe(msg.request(config, after.draft, ['director'], [], false))
    expect(plan.lines.at(-1)).toContain('首次送审时所发')
    expect(plan.lines.at(-1)).not.toContain('正文：')
    expect(plan.mentions.people).toEqual(['director'])
    expect(plan.jobs).toEqual([
      {
        id: 'D1:stage-timeout:v1:s1',
        dueAt: after.draft.stageSince + 240 * 60_000,
        kind: 'stage-timeout',
        payload: { draft: 'D1', stage: 1, version: 1 },
        subject: 'D1',
      },
    ])
    expect(plan.stagesCompleted).toEqual([{ stage: '初审', seconds: 60 }])
  })

  it('on final approval mentions the copied people and the submitter, and plans the draft-box job', () => {
    const first = ok(approve(submitted().draft, 'deputy', ctx()))
    const done = ok(approve(first.draft, 'director', ctx(5_000)))
    const plan = planAfterChange(config, done.draft, done.events, ctx(5_000))
    expect(plan.lines.at(-1)).toBe(msg.final(config, done.draft, 'director'))
    expect(plan.mentions).toEqual({ people: ['propaganda'], contacts: ['wxid_editor1'] })
    expect(plan.jobs).toEqual([
      { id: `${DRAFT_BOX_JOB}:D1:v1`, dueAt: 5_000, kind: DRAFT_BOX_JOB, payload: { draft: 'D1', version: 1, account: 'wechat' } },
    ])
  })

  it('on rejection mentions only the submitter and plans nothing', () => {
    const out = ok(reject(submitted().draft, 'deputy', '数据来源未注明', ctx()))
    const plan = planAfterChange(config, out.draft, out.events, ctx())
    expect(plan.lines).toEqual([msg.rejected(config, { ...out.draft, stage: 0 }, 'deputy', '数据来源未注明')])
    expect(plan.mentions).toEqual({ people: [], contacts: ['wxid_editor1'] })
    expect(plan.jobs).toEqual([])
  })

  it('tells the supervisors privately when nobody can act, and says nothing in the group when there is nothing to say', () => {
    const { draft, events } = submitted({ contactId: 'wxid_deputy', person: 'deputy', name: '李副主任' })
    const plan = planAfterChange(config, draft, events, ctx())
    expect(plan.lines).toEqual([])
    expect(plan.private).toEqual([{ people: supervisorsOf(config), text: msg.stuck(config, draft) }])
  })
})
