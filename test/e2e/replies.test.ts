import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config/load.js'
import { parseConfig } from '../../src/config/load.js'
import { readFileSync } from 'node:fs'
import { shanghaiInstant } from '../../src/deadlines/shanghai-time.js'
import { mentionedKeys, simGroup, type Sent, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
const MIN = 60_000
const HOUR = 60 * MIN
let g: SimGroup
afterEach(async () => g?.stop())

/** '2026-11-20 16:00' in Shanghai → a manual clock set there. */
function clockAt(text: string): ManualClock {
  const [date, time = '00:00'] = text.split(' ')
  const [h, m] = time.split(':').map(Number)
  return new ManualClock(shanghaiInstant(date!, h! * 60 + m!))
}
const to = (key: string) => (s: Sent) => s.to === config.people[key]!.id
const texts = (sent: Sent[]) => sent.map((s) => s.text).join('\n---\n')

/** The default config with a replies: section merged in (e.g. an account that asks for 受理). */
function withReplies(replies: string): ReturnType<typeof loadConfig> {
  return parseConfig(`${readFileSync('config/sanshen.yaml', 'utf8')}\nreplies:\n${replies}`)
}

describe('public messages: the one-hour rule for sensitive messages (gd-youth-league 第十四条)', () => {
  it('reports a message the checker flags to the supervisors at once, reminds the handler, then escalates until replied', async () => {
    g = await simGroup(config)
    const reply = (await g.say('editor2', '#留言 微博 网友甲：你们单位领导就是狗官')).at(-1)!
    expect(reply.text).toContain('已登记留言 C1')
    expect(reply.text).toContain('敏感留言')
    expect(reply.text).toContain('11月23日（周一）11:00')
    expect(mentionedKeys(config, reply)).toEqual(['editor2'])
    // reported to both supervisors privately, with the full text and the deadline
    const reports = g.sent.filter((s) => s.to && s.text.includes('敏感留言上报'))
    expect(reports.map((s) => s.to).sort()).toEqual([config.people.director!.id, config.people.propaganda!.id].sort())
    expect(reports[0]!.text).toContain('你们单位领导就是狗官')
    expect(reports[0]!.text).toContain('期限 11月23日（周一）11:00')

    expect(await g.advance(29 * MIN)).toEqual([])
    const half = await g.advance(1 * MIN)
    expect(half).toHaveLength(1)
    expect(half[0]!.text).toContain('⏰ 提醒 小编乙')
    expect(half[0]!.text).toContain('剩余 30 分钟')
    expect(half[0]!.text).toContain('规则：敏感留言：收到后 1 小时内答复')
    expect(mentionedKeys(config, half[0]!)).toEqual(['editor2'])
    expect(texts(await g.advance(15 * MIN))).toContain('剩余 15 分钟')

    const overdue = await g.advance(15 * MIN)
    expect(
      overdue
        .filter((s) => s.text.includes('督办'))
        .map((s) => s.to)
        .sort(),
    ).toEqual([config.people.director!.id, config.people.propaganda!.id].sort())
    expect(overdue[0]!.text).toContain('已超过答复期限')
    expect(await g.advance(29 * MIN)).toEqual([])
    const again = await g.advance(1 * MIN)
    expect(again.filter(to('director'))).toHaveLength(1)
    expect(again[0]!.text).toContain('已逾期 30 分钟')
    expect((await g.advance(30 * MIN)).filter(to('director'))).toHaveLength(1)

    const closed = (await g.say('editor2', '#已回复 C1 感谢留言，已转相关部门核实。')).at(-1)!
    expect(closed.text).toContain('已答复（超过期限')
    expect(await g.advance(4 * HOUR)).toEqual([])
    expect(await g.store().pendingJobs()).toEqual([])
  })

  it('takes a message marked sensitive by an editor, re-plans it to one hour and reports it; #一般 turns it back', async () => {
    g = await simGroup(config)
    const first = (await g.say('editor1', '#留言 微信 李四：请问青年大学习在哪里看？')).at(-1)!
    expect(first.text).toContain('11月24日（周二）10:00')
    expect(first.text).not.toContain('敏感留言')
    await g.advance(10 * MIN)
    const marked = (await g.say('deputy', '#敏感 C1')).at(-1)!
    expect(marked.text).toContain('已将留言 C1（广东共青团 · 李四）标为敏感')
    expect(marked.text).toContain('11月23日（周一）11:00（剩余 50 分钟）')
    expect(g.sent.filter((s) => s.to && s.text.includes('李四 标记') === false && s.text.includes('敏感留言上报'))).toHaveLength(2)
    expect((await g.say('deputy', '#敏感 C1')).at(-1)!.text).toContain('已是敏感留言')
    expect(texts(await g.advance(50 * MIN))).toContain('督办')
    const back = (await g.say('editor1', '#一般 C1')).at(-1)!
    expect(back.text).toContain('改为一般留言')
    expect(back.text).toContain('11月24日（周二）10:00')
    expect(await g.advance(2 * HOUR)).toEqual([])
    const audit = (await g.store().audit('C1')).map((e) => `${e.actor}:${e.action}`)
    expect(audit).toEqual(['editor1:message-received', 'deputy:marked-sensitive', 'editor1:marked-ordinary'])
  })
})

describe('public messages: one working day (gd-youth-league 第十四条)', () => {
  it('counts across a weekend: Friday 16:00 is due Monday 16:00, reminded 2 working hours before, escalated every 4 working hours', async () => {
    g = await simGroup(config, { clock: clockAt('2026-11-20 16:00') })
    const reply = (await g.say('editor1', '#留言 公众号 王五\n什么时候发布志愿者招募？')).at(-1)!
    expect(reply.text).toContain('11月23日（周一）16:00')
    expect(reply.text).toContain('一个工作日内答复，即次一工作日的同一时刻前')
    // nothing over the weekend; the reminder at Monday 14:00, 2 working hours before
    expect(await g.advance(70 * HOUR - MIN)).toEqual([])
    const reminder = await g.advance(MIN)
    expect(reminder.map((s) => s.text)).toEqual([expect.stringContaining('⏰ 提醒 小编甲')])
    expect(reminder[0]!.text).toContain('剩余 2 小时')
    const overdue = await g.advance(2 * HOUR)
    expect(overdue.filter(to('propaganda'))[0]!.text).toContain('已超过答复期限')
    // Monday 16:00 + 4 working hours = Tuesday 11:00, not Monday 20:00
    expect(await g.advance(4 * HOUR)).toEqual([])
    expect(await g.advance(14 * HOUR)).toEqual([])
    expect((await g.advance(1 * HOUR)).filter(to('propaganda'))).toHaveLength(1)
  })

  it('skips the 2026 National Day holiday and counts its make-up Saturday as a working day', async () => {
    g = await simGroup(config, { clock: clockAt('2026-09-30 10:00') })
    expect((await g.say('editor1', '#留言 微信 赵六：假期安排？')).at(-1)!.text).toContain('10月8日（周四）10:00')
    g.clock.set(shanghaiInstant('2026-10-09', 10 * 60))
    expect((await g.say('editor1', '#留言 微信 钱七：补班日有人吗？')).at(-1)!.text).toContain('10月10日（周六）10:00')
  })

  it('tells the supervisors when the deadline falls in a year with no holiday data instead of guessing silently', async () => {
    g = await simGroup(config, { clock: clockAt('2026-12-31 10:00') })
    const reply = (await g.say('editor1', '#留言 微信 孙八：新年快乐')).at(-1)!
    expect(reply.text).toContain('1月4日（周一）10:00') // 元旦 2027 is a holiday by law
    const told = g.sent.filter((s) => s.to && s.text.includes('是推算的'))
    expect(told.map((s) => s.to).sort()).toEqual([config.people.director!.id, config.people.propaganda!.id].sort())
    expect(told[0]!.text).toContain('2027 年的调休安排（调休上班日）尚未公布')
  })
})

describe('public messages: promise, hand-over, acknowledgement, status', () => {
  it('records a promise within the maximum and re-plans the reminders; refuses beyond it, malformed times and the wrong person', async () => {
    g = await simGroup(config)
    await g.say('editor1', '#留言 微信 周九：证明材料怎么开？')
    expect((await g.say('editor1', '#承诺 C1 12月25日')).at(-1)!.text).toContain('超过上限')
    expect((await g.say('editor1', '#承诺 C1 随便什么时候')).at(-1)!.text).toContain('没看懂承诺的时间')
    expect((await g.say('editor2', '#承诺 C1 明天下午5点')).at(-1)!.text).toContain('经办人是 小编甲')
    expect((await g.say('editor1', '#承诺 C99 明天下午5点')).at(-1)!.text).toContain('找不到留言 C99')
    const ok = (await g.say('editor1', '#承诺 C1 11月26日 17:00')).at(-1)!
    expect(ok.text).toContain('已记录留言 C1')
    expect(ok.text).toContain('11月26日（周四）17:00')
    const jobs = (await g.store().pendingJobs()).map((j) => j.id)
    expect(jobs).toEqual(['C1:promised:remind:1', 'C1:promised:overdue'])
    expect((await g.store().audit('C1')).map((e) => e.action)).toContain('promised')
    // the old deadline (Tuesday 10:00) passes quietly
    expect(await g.advance(24 * HOUR)).toEqual([])
  })

  it('refuses to put off a sensitive message', async () => {
    g = await simGroup(config)
    await g.say('editor1', '#留言 微信 吴十：人渣')
    expect((await g.say('editor1', '#承诺 C1 明天下午5点')).at(-1)!.text).toContain('不能承诺延期')
  })

  it('hands a message over with #转交 C1 @someone: later reminders go to the new handler', async () => {
    g = await simGroup(config, { clock: clockAt('2026-11-23 10:00') })
    await g.say('editor1', '#留言 微信 郑一：活动几点开始？')
    expect((await g.say('editor1', '#转交 C1')).at(-1)!.text).toContain('请 @ 要转交的同事')
    expect((await g.say('outsider', '#转交 C1 @小编乙', { mention: ['editor2'] })).at(-1)!.text).toContain('不在审核名单')
    const handed = (await g.say('editor1', '#转交 C1', { mention: ['editor2'] })).at(-1)!
    expect(handed.text).toContain('小编甲 已将留言 C1')
    expect(mentionedKeys(config, handed)).toEqual(['editor2'])
    // due Tuesday 10:00; 2 working hours before is Monday 17:00
    const reminder = await g.advance(7 * HOUR)
    expect(reminder.filter((s) => s.text.includes('⏰ 提醒'))[0]!.text).toContain('提醒 小编乙')
    expect(mentionedKeys(config, reminder.find((s) => s.text.includes('⏰ 提醒'))!)).toEqual(['editor2'])
  })

  it('records the same-day acknowledgement where the account asks for one, and refuses it elsewhere', async () => {
    g = await simGroup(withReplies('  accounts:\n    wechat: { acknowledgeSameDay: true }\n'))
    const reply = (await g.say('editor1', '#留言 微信 冯二：投诉食堂卫生')).at(-1)!
    expect(reply.text).toContain('11月23日（周一）18:00 前给出"正在研究办理"的受理回复')
    expect((await g.store().pendingJobs()).map((j) => j.id)).toContain('C1:acknowledge:overdue')
    const ack = (await g.say('editor1', '#受理 C1')).at(-1)!
    expect(ack.text).toContain('已记录留言 C1')
    expect(ack.text).toContain('仍须答复办理结果')
    expect((await g.store().pendingJobs()).map((j) => j.id).some((id) => id.includes('acknowledge'))).toBe(false)
    expect((await g.say('editor1', '#受理 C1')).at(-1)!.text).toContain('已记录过受理回复')
    await g.say('editor2', '#留言 微博 陈三：转发抽奖吗')
    expect((await g.say('editor2', '#受理 C2')).at(-1)!.text).toContain('不要求单独的受理回复')
  })

  it('lists open messages with the time left, soonest first, and answers unknown or wrong ids', async () => {
    g = await simGroup(config)
    await g.say('editor1', '#留言 微信 褚四：报名入口在哪？')
    await g.say('editor2', '#留言 微博 卫五：你们是骗子')
    await g.advance(10 * MIN)
    const status = (await g.say('director', '#留言状态')).at(-1)!.text
    expect(status).toContain('未答复的留言 2 条')
    expect(status.indexOf('C2')).toBeLessThan(status.indexOf('C1'))
    expect(status).toContain('剩余 50 分钟')
    expect((await g.say('editor1', '#已回复 D1')).at(-1)!.text).toContain('D1 不是留言编号')
    expect((await g.say('editor1', '#留言 抖音 某人：你好')).at(-1)!.text).toContain('没认出账号「抖音」')
    expect((await g.say('editor1', '#留言 微信 某人')).at(-1)!.text).toContain('缺少留言内容')
    expect((await g.say('outsider', '#留言 微信 某人：你好')).at(-1)!.text).toContain('不在审核名单')
    await g.say('editor1', '#已回复 C1')
    await g.say('editor2', '#已回复 C2 感谢监督')
    expect((await g.say('director', '#留言状态')).at(-1)!.text).toBe('目前没有未答复的留言。')
    expect((await g.say('editor1', '#已回复 C1')).at(-1)!.text).toContain('已答复，无需再处理')
  })
})

describe('public messages: reply texts under review (km-youth-league 6)', () => {
  it('checks the reply, asks a reviewer, counts the message replied only once approved', async () => {
    g = await simGroup(withReplies('  reviewReplies: true\n  replyReviewers: [deputy]\n'))
    await g.say('editor1', '#留言 微信 蒋六：能否公开经费使用情况？')
    expect((await g.say('editor1', '#已回复 C1')).at(-1)!.text).toContain('请写上回复内容')
    expect((await g.say('editor1', '#已回复 C1 你们这帮狗官')).at(-1)!.text).toContain('回复未提交')
    const asked = (await g.say('editor1', '#已回复 C1 感谢关注，经费使用情况已在官网公示。')).at(-1)!
    expect(asked.text).toContain('须先审核')
    expect(mentionedKeys(config, asked)).toEqual(['deputy'])
    expect((await g.say('director', '#通过 C1')).at(-1)!.text).toContain('只有 李副主任 可以审核')
    expect((await g.say('deputy', '#驳回 C1')).at(-1)!.text).toContain('需要写明理由')
    const rejected = (await g.say('deputy', '#驳回 C1 请附官网链接')).at(-1)!
    expect(rejected.text).toContain('请附官网链接')
    expect((await g.say('deputy', '#通过 C1')).at(-1)!.text).toContain('没有待审核的回复')
    await g.say('editor1', '#已回复 C1 感谢关注，详见官网公示栏。')
    const done = (await g.say('deputy', '#通过 C1')).at(-1)!
    expect(done.text).toContain('已答复（按时）')
    const actions = (await g.store().audit('C1')).map((e) => e.action)
    expect(actions).toEqual(['message-received', 'reply-submitted', 'reply-rejected', 'reply-submitted', 'reply-approved'])
    // drafts keep their own #通过
    expect((await g.say('deputy', '#通过 D5')).at(-1)!.text).toContain('找不到稿件 D5')
  })
})

describe('intake through bot.intake (the HTTP endpoints call it)', () => {
  it('creates one message per external id, tells the handler privately, and refuses unknown accounts and handlers', async () => {
    g = await simGroup(config)
    const input = { account: 'weibo', author: '@网友', text: '你们的活动很棒', externalId: 'wb-1001', source: 'webhook' as const }
    const first = await g.bot().intake(input)
    expect(first).toEqual({ id: 'C1', duplicate: false, sensitive: false, dueAt: shanghaiInstant('2026-11-24', 10 * 60) })
    expect(await g.bot().intake(input)).toEqual({ ...first, duplicate: true })
    expect(g.sent.filter(to('editor2')).map((s) => s.text)).toEqual([expect.stringContaining('你是留言 C1')])
    const flagged = await g.bot().intake({ ...input, externalId: 'wb-1002', sensitive: true, handler: 'opinion1' })
    expect(flagged).toMatchObject({ id: 'C2', sensitive: true, dueAt: g.clock.now() + HOUR })
    expect(g.sent.filter((s) => s.text.includes('接收时已标记敏感'))).toHaveLength(2)
    await expect(g.bot().intake({ ...input, account: 'douyin' })).rejects.toThrow('unknown account "douyin"')
    await expect(g.bot().intake({ ...input, externalId: 'x', handler: 'nobody' })).rejects.toThrow('unknown handler')
    await expect(g.bot().intake({ ...input, externalId: 'y', text: '  ' })).rejects.toThrow('empty')
    await expect(g.bot().intake({ ...input, externalId: 'z', author: '\u200b\u200d\ufeff' })).rejects.toThrow('author is empty')
    await expect(g.bot().intake({ ...input, externalId: 'w', text: '\u200b \u2060' })).rejects.toThrow('text is empty')
    // a handler outside the group gets reminders privately
    const half = await g.advance(30 * MIN)
    expect(half.filter(to('opinion1'))[0]!.text).toContain('⏰ 提醒 舆情部陈部长')
  })
})
