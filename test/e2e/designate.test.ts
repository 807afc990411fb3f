import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig, parseConfig } from '../../src/config/load.js'
import type { Config } from '../../src/config/schema.js'
import { collections } from '../../src/bot/collections.js'
import { mentionedKeys, simGroup, type SimGroup } from '../helpers/sim-group.js'

/**
 * #指定 D1 @同事 (/designate): with the 初审 reviewer on leave and no fallback, nobody can review;
 * a supervisor designates someone. The preset limits whom (the stage's `designees`, else the people
 * the stage names); anyone else takes an explicit 确认. Audited, and the draft's group is told.
 */
const config = loadConfig('config/sanshen.yaml')
/** The same organisation, where the wechat 初审 may be designated to the opinion heads as well. */
const withDesignees: Config = parseConfig(
  readFileSync('config/sanshen.yaml', 'utf8').replace(
    '      - { name: 初审, anyOf: [deputy] }',
    '      - { name: 初审, anyOf: [deputy], designees: [deputy, opinion-head] }',
  ),
  'config/sanshen.yaml',
)
const DRAFT = '#投稿 微信 青年志愿者招募\n招募100名青年志愿者，详见团省委官网。来源：团省委'

let g: SimGroup
afterEach(async () => g?.stop())

/** The deputy (the only 初审 reviewer) is on leave, and a draft arrives: nobody can review it. */
async function stuckDraft(c: Config): Promise<void> {
  g = await simGroup(c)
  await g.say('deputy', '#请假 3天')
  await g.say('editor1', DRAFT)
}

describe('#指定: a supervisor designates a reviewer when nobody can review', () => {
  it('「无人可审」 tells the supervisors how to designate', async () => {
    await stuckDraft(config)
    const told = g.sent.filter((s) => s.to === config.people.propaganda!.id && s.text.includes('无人可审'))
    expect(told).toHaveLength(1)
    expect(told[0]!.text).toContain('请主管发送「#指定 D1 @同事」指定本级审核人')
  })

  it('designates someone the preset allows: the group is told, the designee asked with the body, the audit records it', async () => {
    await stuckDraft(withDesignees)
    const out = await g.say('propaganda', '#指定 D1', { mention: ['opinion2'] })
    const told = out.at(-1)!
    expect(told.roomId).toBeDefined()
    expect(told.text).toContain('宣传部赵部长 指定 舆情部林部长 审核 D1 第1/2级「初审」，已记入审核记录。')
    expect(told.text).not.toContain('破例')
    expect(told.text).toContain('【待审】D1')
    expect(told.text).toContain('正文：招募100名青年志愿者') // nobody saw the body yet: it goes with this request
    expect(mentionedKeys(withDesignees, told)).toEqual(['opinion2'])
    const approved = (await g.say('opinion2', '#通过 D1')).at(-1)!
    expect(approved.text).toContain('舆情部林部长（主管指定，代 李副主任） 已通过 D1 第1/2级「初审」')
    const log = (await g.say('propaganda', '#记录 D1')).at(-1)!.text
    expect(log).toMatch(/宣传部赵部长 主管指定审核人 第1级：舆情部林部长 · 第1版/)
  })

  it('the English alias works the same', async () => {
    await stuckDraft(withDesignees)
    expect((await g.say('director', '/designate D1', { mention: ['opinion1'] })).at(-1)!.text).toContain('王主任 指定 舆情部陈部长 审核 D1')
  })

  it('refuses someone the preset does not allow until the supervisor confirms the exception', async () => {
    await stuckDraft(config)
    const refused = (await g.say('propaganda', '#指定 D1', { mention: ['opinion1'] })).at(-1)!
    expect(refused.text).toContain('舆情部陈部长不在第1/2级「初审」可指定的审核人之中（可指定：李副主任）')
    expect(refused.text).toContain('「#指定 D1 @同事 确认」')
    const confirmed = (await g.say('propaganda', '#指定 D1 确认', { mention: ['opinion1'] })).at(-1)!
    expect(confirmed.text).toContain('（破例指定：不在本级可指定的名单中，已由主管确认）')
    expect(mentionedKeys(config, confirmed)).toEqual(['opinion1'])
    expect((await g.say('propaganda', '#记录 D1')).at(-1)!.text).toContain('主管指定审核人 第1级：舆情部陈部长（破例）')
    const draft = await collections.drafts.get(g.store(), 'D1')
    expect(draft!.designations).toEqual([expect.objectContaining({ stage: 0, person: 'opinion1', by: 'propaganda', exception: true })])
  })

  it('only supervisors may designate', async () => {
    await stuckDraft(withDesignees)
    expect((await g.say('opinion1', '#指定 D1', { mention: ['opinion2'] })).at(-1)!.text).toBe('@舆情部陈部长 只有主管可以使用「#指定」。')
    expect((await g.say('outsider', '#指定 D1', { mention: ['opinion2'] })).at(-1)!.text).toContain('不在审核名单中')
  })

  it('answers bad input plainly: no person, no draft, the submitter, an unknown draft', async () => {
    await stuckDraft(withDesignees)
    expect((await g.say('propaganda', '#指定 D1')).at(-1)!.text).toContain('请写明稿件编号并 @ 要指定的审核人')
    expect((await g.say('propaganda', '#指定', { mention: ['opinion2'] })).at(-1)!.text).toContain('请写明稿件编号并 @ 要指定的审核人')
    expect((await g.say('propaganda', '#指定 D9', { mention: ['opinion2'] })).at(-1)!.text).toContain('找不到稿件 D9')
    expect((await g.say('propaganda', '#指定 D1 确认', { mention: ['editor1'] })).at(-1)!.text).toContain('不能审核自己提交的稿件 D1')
  })
})
