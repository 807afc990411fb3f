import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { mentionedKeys, simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
let g: SimGroup
afterEach(async () => g?.stop())

const MIN = 60_000
const WEIBO = '#投稿 微博 青年志愿者招募\n招募100名青年志愿者，详见团省委官网。'

describe('fallback, leave and transfer', () => {
  it('gd-youth-league Weibo: when the deputy does not act in time, both opinion-dept heads must approve (互审)', async () => {
    g = await simGroup(config)
    await g.say('editor2', WEIBO)
    const final = (await g.say('opinion1', '#通过 D1')).at(-1)!
    expect(mentionedKeys(config, final)).toEqual(['deputy'])
    expect(await g.advance(119 * MIN)).toEqual([])
    const called = (await g.advance(2 * MIN)).at(-1)!
    expect(called.text).toContain('已超过规定时限')
    expect(mentionedKeys(config, called).sort()).toEqual(['deputy', 'opinion1', 'opinion2'])
    expect(called.text).toContain('请 李副主任 审核，或由 舆情部陈部长、舆情部林部长 代为审核（代审须两位都通过）')
    const one = (await g.say('opinion1', '#通过 D1')).at(-1)!
    expect(one.text).toContain('还需')
    expect(one.text).not.toContain('可以发布')
    const both = (await g.say('opinion2', '#通过 D1')).at(-1)!
    expect(both.text).toContain('可以发布')
    const status = (await g.say('editor2', '#状态 D1')).at(-1)!.text
    expect(status).toMatch(/舆情部林部长（代 李副主任）/)
    // the time-out fires once
    expect(await g.advance(600 * MIN)).toEqual([])
  })

  it('an approver on leave (#请假) has their stage go to the fallback people at once', async () => {
    g = await simGroup(config)
    await g.say('editor1', '#投稿 微信 标题\n正文')
    await g.say('deputy', '#通过 D1')
    const leave = await g.say('director', '#请假 至 明天18点')
    expect(leave[0]!.text).toContain('已登记 王主任 请假至 11月24日（周二）18:00')
    const handed = leave.at(-1)!
    expect(mentionedKeys(config, handed)).toEqual(['deputy'])
    expect(handed.text).toContain('代 王主任')
    const final = (await g.say('deputy', '#通过 D1')).at(-1)!
    expect(final.text).toContain('可以发布')
    expect(final.text).toContain('终审：李副主任')
  })

  it('lets a supervisor register leave for someone else, refuses it from others, and #销假 ends it', async () => {
    g = await simGroup(config)
    expect((await g.say('editor1', '#请假 至 明天', { mention: ['director'] })).at(-1)!.text).toContain('只有主管')
    expect((await g.say('propaganda', '#请假 至 后天', { mention: ['director'] })).at(-1)!.text).toContain('已登记 王主任 请假')
    expect((await g.say('director', '#请假 至 某个时候')).at(-1)!.text).toContain('请写明请假到什么时候')
    await g.say('director', '/back')
    await g.say('editor1', '#投稿 微信 标题\n正文')
    const next = (await g.say('deputy', '#通过 D1')).at(-1)!
    expect(mentionedKeys(config, next)).toEqual(['director'])
  })

  it('a leave ends by itself at its time', async () => {
    g = await simGroup(config)
    await g.say('director', '#请假 2小时')
    await g.advance(3 * 60 * MIN)
    await g.say('editor1', '#投稿 微信 标题\n正文')
    expect(mentionedKeys(config, (await g.say('deputy', '#通过 D1')).at(-1)!)).toEqual(['director'])
  })

  it('hands one draft’s turn to a named colleague with #转交, recorded, and only the holder may do so', async () => {
    g = await simGroup(config)
    await g.say('editor1', '#投稿 微信 标题\n正文')
    await g.say('deputy', '#通过 D1')
    expect((await g.say('leader', '#转交 D1', { mention: ['propaganda'] })).at(-1)!.text).toContain(
      '现在由 王主任 审核，不需要你（分管领导周书记）审核',
    )
    expect((await g.say('director', '#转交 D1')).at(-1)!.text).toContain('请 @ 要转交的同事')
    const moved = (await g.say('director', '#转交 D1', { mention: ['propaganda'] })).at(-1)!
    expect(moved.text).toContain('王主任 已将 D1')
    expect(mentionedKeys(config, moved)).toEqual(['propaganda'])
    expect((await g.say('director', '#通过 D1')).at(-1)!.text).toContain('现在由 宣传部赵部长 审核，不需要你（王主任）审核')
    const final = (await g.say('propaganda', '#通过 D1')).at(-1)!
    expect(final.text).toContain('代 王主任')
    expect(final.text).toContain('可以发布')
    expect((await g.say('editor1', '#记录 D1')).at(-1)!.text).toContain('转交')
  })

  it('reminds the supervisors when a stage without fallback waits too long', async () => {
    const c = structuredClone(config)
    c.chains.wechat!.stages[0]!.timeoutMinutes = 60
    g = await simGroup(c)
    await g.say('editor1', '#投稿 微信 标题\n正文')
    const late = await g.advance(61 * MIN)
    const privately = late
      .filter((s) => s.to)
      .map((s) => s.to)
      .sort()
    expect(privately).toEqual(['wxid_director', 'wxid_propaganda'])
    const inGroup = late.find((s) => s.roomId)!
    expect(inGroup.text).toContain('请督办')
    expect(mentionedKeys(c, inGroup)).toEqual(['deputy'])
    // the next time-out is one of D1's jobs, so a replan or cancel by subject finds it
    expect((await g.store().jobsOf('D1')).map((j) => [j.id, j.kind])).toEqual([['D1:stage-timeout:v1:s0', 'stage-timeout']])
    // and again every stage time while it still waits, until someone acts
    expect(await g.advance(30 * MIN)).toEqual([])
    const again = await g.advance(30 * MIN)
    expect(
      again
        .filter((s) => s.to)
        .map((s) => s.to)
        .sort(),
    ).toEqual(['wxid_director', 'wxid_propaganda'])
    const reminder = again.find((s) => s.roomId)!
    expect(reminder.text).toContain('已等待 2 小时 1 分钟')
    expect(mentionedKeys(c, reminder)).toEqual(['deputy'])
    await g.say('deputy', '#通过 D1')
    // 初审 reminders stop; 终审 has its own time (240 min) and has not run out yet
    expect(await g.advance(3 * 60 * MIN)).toEqual([])
  })
})
