import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import type { Config } from '../../src/config/schema.js'
import { mentionedKeys, simGroup, type SimGroup } from '../helpers/sim-group.js'

const base = loadConfig('config/sanshen.yaml')
let g: SimGroup
afterEach(async () => g?.stop())

const DRAFT = (account = '微信') => `#投稿 ${account} 青年志愿服务周启动\n本周起全省开展青年志愿服务活动。`

function variant(change: (c: Config) => void): Config {
  const c = structuredClone(base)
  change(c)
  return c
}

describe('who may act', () => {
  it('refuses a member who renamed themselves to the approver, recognising people by contact id only', async () => {
    g = await simGroup(base)
    await g.say('editor1', DRAFT())
    g.addMember('impostor', { id: 'wxid_impostor', name: '李副主任' })
    const refused = (await g.say('impostor', '#通过 D1')).at(-1)!
    expect(refused.text).toContain('不在审核名单中')
    const status = (await g.say('editor1', '#状态 D1')).at(-1)!.text
    expect(status).toContain('第1/2级')
    expect(status).not.toContain('✔️')
  })

  it('refuses an editor approving their own draft, and a fallback person before the fallback applies', async () => {
    g = await simGroup(base)
    await g.say('director', DRAFT())
    // the director is 终审 of WeChat; the deputy does 初审
    await g.say('deputy', '#通过 D1')
    const own = (await g.say('director', '#通过 D1')).at(-1)!
    expect(own.text).toContain('不能审核自己提交的稿件')
    await g.say('editor2', DRAFT('微博'))
    await g.say('opinion1', '#通过 D2')
    const early = (await g.say('opinion2', '#通过 D2')).at(-1)!
    expect(early.text).toContain('候补审核人')
  })

  it('counts a second approval by the same person once in a countersigned (会签) stage', async () => {
    g = await simGroup(base)
    await g.say('editor1', '#投稿 微信 重要 全省共青团重点工作部署\n正文。')
    const joint = (await g.say('deputy', '#通过 D1')).at(-1)!
    expect(joint.text).toContain('会签')
    expect(mentionedKeys(base, joint).sort()).toEqual(['director', 'propaganda'])
    const one = (await g.say('propaganda', '#通过 D1')).at(-1)!
    expect(one.text).toContain('还需 王主任')
    const again = (await g.say('propaganda', '#通过 D1')).at(-1)!
    expect(again.text).toContain('无需重复')
    expect((await g.say('director', '#通过 D1')).at(-1)!.text).toContain('可以发布')
  })

  it('refuses decisions on finished drafts and on another group’s drafts', async () => {
    const two = variant((c) => c.groups.push({ topic: '地市团委通讯员群' }))
    g = await simGroup(two)
    const other = g.sim.createRoom({ id: 'other@chatroom', topic: '地市团委通讯员群', memberIdList: g.room.payload.memberIdList })
    await g.say('editor1', DRAFT())
    const wrong = (await g.say('deputy', '#通过 D1', { room: other })).at(-1)!
    expect(wrong.text).toContain('不是在本群提交的稿件')
    await g.say('deputy', '#通过 D1')
    await g.say('director', '#通过 D1')
    const done = (await g.say('director', '#通过 D1')).at(-1)!
    expect(done.text).toContain('已通过，可发布')
  })

  it('with submitterIsApprover: skip, skips the submitter’s own stage and records it', async () => {
    g = await simGroup(variant((c) => (c.policy.submitterIsApprover = 'skip')))
    const replies = await g.say('deputy', DRAFT())
    const all = replies.map((r) => r.text).join('\n')
    expect(all).toContain('按配置跳过')
    expect(mentionedKeys(base, replies.at(-1)!)).toEqual(['director'])
  })

  it('with submitterIsApprover: fallback, hands the submitter’s stage to its fallback people', async () => {
    const c = variant((x) => (x.chains.wechat!.stages[0]!.fallback = { anyOf: ['director'] }))
    g = await simGroup(c)
    const request = (await g.say('deputy', DRAFT())).at(-1)!
    expect(mentionedKeys(c, request)).toEqual(['director'])
    expect(request.text).toContain('代 李副主任')
    const next = (await g.say('director', '#通过 D1')).at(-1)!
    expect(next.text).toContain('终审')
  })

  it('tells the supervisors when nobody can act on a stage', async () => {
    g = await simGroup(base)
    const replies = await g.say('deputy', DRAFT())
    const privately = replies.filter((r) => r.to)
    expect(privately.map((r) => r.to).sort()).toEqual(['wxid_director', 'wxid_propaganda'])
    expect(privately[0]!.text).toContain('无人可审')
  })

  it('with repeatedApprover: once, counts one person’s approval for a later stage too; with each, asks again', async () => {
    const once = variant((c) => {
      c.policy.repeatedApprover = 'once'
      c.chains['wechat-important']!.stages[1] = { name: '联合审定', allOf: ['deputy', 'director'] }
    })
    g = await simGroup(once)
    await g.say('editor1', '#投稿 微信 重要 标题\n正文')
    const next = (await g.say('deputy', '#通过 D1')).at(-1)!
    expect(mentionedKeys(once, next)).toEqual(['director'])
    await g.stop()
    const each = variant((c) => (c.chains['wechat-important']!.stages[1] = { name: '联合审定', allOf: ['deputy', 'director'] }))
    g = await simGroup(each)
    await g.say('editor1', '#投稿 微信 重要 标题\n正文')
    const asked = (await g.say('deputy', '#通过 D1')).at(-1)!
    expect(mentionedKeys(each, asked).sort()).toEqual(['deputy', 'director'])
  })
})

describe('what is visible where', () => {
  it('shows a draft only in its own group, and in private only to configured people', async () => {
    const two = variant((c) => c.groups.push({ topic: '地市团委通讯员群' }))
    g = await simGroup(two)
    const other = g.sim.createRoom({ id: 'other@chatroom', topic: '地市团委通讯员群', memberIdList: g.room.payload.memberIdList })
    await g.say('editor1', DRAFT())
    for (const text of ['#状态 D1', '#记录 D1', '#意见 D1 看看']) {
      expect((await g.say('editor2', text, { room: other })).at(-1)!.text).toContain('不是在本群提交的稿件')
    }
    expect((await g.say('outsider', '#状态 D1', { private: true })).at(-1)!.text).toContain('私聊只对审核名单中的人员开放')
    expect((await g.say('outsider', '#我是谁', { private: true })).at(-1)!.text).toContain('wxid_outsider')
    expect((await g.say('deputy', '#状态 D1', { private: true })).at(-1)!.text).toContain('审核中')
    expect((await g.say('editor1', '#我是谁')).at(-1)!.text).toContain('本群 ID：editors@chatroom')
  })

  it('refuses by the route table: submitting privately, an outsider deciding, a non-supervisor reloading', async () => {
    g = await simGroup(base)
    expect((await g.say('editor1', DRAFT(), { private: true })).at(-1)!.text).toContain('请在编辑群里使用「#投稿」')
    expect((await g.say('outsider', '#待办')).at(-1)!.text).toContain('不在审核名单中')
    expect((await g.say('outsider', '#留言状态')).at(-1)!.text).not.toContain('不在审核名单中')
    expect((await g.say('editor1', '#重载词库')).at(-1)!.text).toContain('只有主管可以使用「#重载词库」。')
    expect(await g.store().list('drafts')).toEqual([])
  })
})

describe('identity across a re-login', () => {
  it('tags each configured contact with a remark the members cannot change', async () => {
    g = await simGroup(base)
    expect(g.sim.contactPayload('wxid_director').alias).toContain('sanshen:director')
  })

  it('recognises a person whose contact id changed by the bot’s remark, never by the display name', async () => {
    g = await simGroup(base)
    await g.say('editor1', DRAFT())
    await g.say('deputy', '#通过 D1')
    // after a re-login the director has a new id; the remark the bot set travels with the contact
    g.addMember('director-relogin', { id: 'wxid_director_new', name: '王主任', alias: '王主任 sanshen:director' })
    g.addMember('impostor', { id: 'wxid_fake_director', name: '王主任', alias: '' })
    expect((await g.say('impostor', '#通过 D1')).at(-1)!.text).toContain('不在审核名单中')
    const final = (await g.say('director-relogin', '#通过 D1')).at(-1)!
    expect(final.text).toContain('可以发布')
    // the history shows the new binding; later mentions use the new id
    await g.say('editor1', DRAFT())
    await g.say('deputy', '#通过 D2')
    expect(g.sent.at(-1)!.mentionIds).toEqual(['wxid_director_new'])
  })

  it('re-binds a person whose id changed at the next login, by the remark, before they speak', async () => {
    g = await simGroup(base)
    // a web puppet logs in again: the director's contact comes back under a new id, remark intact
    g.sim.cacheContactPayload.delete('wxid_director')
    g.room.payload.memberIdList = g.room.payload.memberIdList.filter((id) => id !== 'wxid_director')
    g.addMember('director-relogin', { id: 'wxid_director_relogin', name: '王主任', alias: '王主任 sanshen:director' })
    g.addMember('director-lookalike', { id: 'wxid_director_2', name: '王主任', alias: '王主任 sanshen:director2' })
    await g.restart()
    await g.say('editor1', DRAFT())
    const request = (await g.say('deputy', '#通过 D1')).at(-1)!
    expect(request.mentionIds).toEqual(['wxid_director_relogin'])
    const history = await g.store().audit('person:director')
    expect(history.at(-1)).toMatchObject({ action: 'identity-bound', detail: { contactId: 'wxid_director_relogin', how: 'remark' } })
  })

  it('lets a supervisor bind a person to a new contact with #绑定, and nobody else', async () => {
    g = await simGroup(base)
    g.addMember('deputy-new', { id: 'wxid_deputy_new', name: '李副主任' })
    expect((await g.say('editor1', '#绑定 deputy', { mention: ['deputy-new'] })).at(-1)!.text).toContain('只有主管')
    expect((await g.say('propaganda', '#绑定 deputy', { mention: ['deputy-new'] })).at(-1)!.text).toContain('已把该联系人绑定为「李副主任」')
    await g.say('editor1', DRAFT())
    expect(g.sent.at(-1)!.mentionIds).toEqual(['wxid_deputy_new'])
    expect((await g.say('deputy-new', '#通过 D1')).at(-1)!.text).toContain('终审')
  })
})
