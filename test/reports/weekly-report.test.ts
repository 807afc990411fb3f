import { collections } from '../../src/bot/collections.js'
import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config/load.js'
import { shanghaiInstant } from '../../src/deadlines/shanghai-time.js'
import { cronPlan } from '../../src/bot/cron.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
let g: SimGroup
afterEach(async () => g?.stop())

/** '2026-11-16 10:00' in Shanghai */
function at(text: string): number {
  const [date, time = '00:00'] = text.split(' ')
  const [h, m] = time.split(':').map(Number)
  return shanghaiInstant(date!, h! * 60 + m!)
}
async function sayAt(when: string, who: string, text: string) {
  g.clock.set(at(when))
  await g.bot().sweep()
  return g.say(who, text)
}
const draft = (account: string, title: string, body: string) => `#投稿 ${account} ${title}\n${body}（来源：团省委办公室）`

/** One known week, 16–22 November 2026, driven through the real bot. */
async function knownWeek(): Promise<void> {
  g = await simGroup(config, { clock: new ManualClock(at('2026-11-16 10:00')) })
  // D1: 初审 30 min, 终审 60 min, published
  await sayAt('2026-11-16 10:00', 'editor1', draft('微信', '青年工作会议', '团省委召开全省青年工作会议。'))
  await sayAt('2026-11-16 10:30', 'deputy', '#通过 D1')
  await sayAt('2026-11-16 11:30', 'director', '#通过 D1')
  // D2: rejected at 初审
  await sayAt('2026-11-16 11:30', 'editor2', draft('微博', '志愿者招募', '志愿者招募开始。'))
  await sayAt('2026-11-16 11:40', 'opinion1', '#驳回 D2 标题不规范')
  // D3: 初审 60 min, rejected at 终审
  await sayAt('2026-11-16 11:40', 'editor1', draft('微信', '数据通报', '本月新增团员一万人。'))
  await sayAt('2026-11-16 12:40', 'deputy', '#通过 D3')
  await sayAt('2026-11-16 14:40', 'director', '#驳回 D3 数据来源未注明')
  // D4: a rumour finding; 初审 10 min, 终审 20 min, published
  await sayAt('2026-11-16 14:40', 'editor1', draft('微信', '招募通知', '紧急扩散！团省委发布志愿者招募通知。'))
  await sayAt('2026-11-16 14:50', 'deputy', '#通过 D4')
  await sayAt('2026-11-16 15:10', 'director', '#通过 D4')
  // a reviewer marks D4's rumour finding as a false alarm
  await sayAt('2026-11-16 15:20', 'deputy', '#误报 D4 1')
  // D5 (重要): 初审 20 min; 联合审定 is 会签 (propaganda and director): first approval after 15 min,
  // the stage completes at the second, after 75 min — the stage's time is 75
  await sayAt('2026-11-16 15:10', 'editor1', '#投稿 微信 重要 青年志愿服务表彰\n团省委表彰优秀青年志愿者。（来源：团省委办公室）')
  await sayAt('2026-11-16 15:30', 'deputy', '#通过 D5')
  await sayAt('2026-11-16 15:45', 'propaganda', '#通过 D5')
  await sayAt('2026-11-16 16:45', 'director', '#通过 D5')
  // C1 answered in time; C2 sensitive, answered late; C3 never answered; C4 due next week
  await sayAt('2026-11-17 10:00', 'editor1', '#留言 微信 甲：报名入口在哪？')
  await sayAt('2026-11-17 10:00', 'editor2', '#留言 微博 乙：你们是骗子')
  await sayAt('2026-11-17 11:30', 'editor2', '#已回复 C2 感谢监督，已核实。')
  await sayAt('2026-11-17 15:00', 'editor1', '#已回复 C1 入口在菜单栏。')
  await sayAt('2026-11-18 10:00', 'editor1', '#留言 微信 丁：活动几点开始？')
  await sayAt('2026-11-20 16:00', 'editor1', '#留言 微信 丙：周末有活动吗？')
  await sayAt('2026-11-18 15:00', 'opinion1', '#舆情 红 网传活动收费')
}

describe('the weekly report (每周总结阅评) on a known week', () => {
  it('counts publications, approval time per stage (median, p90), rejections, findings, reply deadlines and alerts', async () => {
    await knownWeek()
    g.clock.set(at('2026-11-23 09:30'))
    const before = g.sent.length
    const run = await g.bot().runSchedule('weekly')
    const f = run.figures!
    expect([f.from, f.to]).toEqual([at('2026-11-16 00:00'), at('2026-11-23 00:00')])
    expect(f.published).toEqual({ total: 3, byAccount: { wechat: 3 } })
    expect(f.submitted).toBe(5)
    // stage-started → stage-complete; p90 interpolates between ranks: rank 0.9·(n−1) of the sorted times
    expect(Object.fromEntries(f.approvalMinutes)).toEqual({
      初审: { count: 4, median: 25, p90: expect.closeTo(51, 9) }, // 10, 20, 30, 60 (D3's 60 counts: its 初审 completed): median (20+30)/2, p90 at rank 2.7: 30 + 0.7·30
      终审: { count: 2, median: 40, p90: 56 }, // 20, 60 (D3 was rejected here: never completed): p90 at rank 0.9: 20 + 0.9·40
      联合审定: { count: 1, median: 75, p90: 75 }, // D5: 15:30 → 16:45, not 15 (its first approval)
    })
    expect(f.rejectionsByReason).toEqual([
      ['数据来源未注明', 1],
      ['标题不规范', 1],
    ])
    expect(f.findingsByCategory).toEqual([['谣言', 1]])
    expect(f.falseAlarms).toEqual([['谣言', 1]])
    // C4 falls due next week and is not counted yet
    expect(f.replies).toEqual({ met: 1, missed: 2, missedIds: ['C2', 'C3'] })
    expect(f.alerts).toEqual([['red', 1]])
    expect(f.dormant).toEqual([{ account: 'weibo', posts: 0, minimum: 2 }])

    const sent = g.sent.slice(before)
    expect(sent.map((s) => s.to).sort()).toEqual([config.people.director!.id, config.people.propaganda!.id].sort())
    const text = sent[0]!.text
    expect(text).toContain('每周总结阅评（11月16日（周一）至11月22日（周日））')
    expect(text).toContain('发布（终审通过）：3 篇（广东共青团 3）')
    expect(text).toContain('初审：4 次，中位 25 分钟，90% 在 51 分钟 内')
    expect(text).toContain('联合审定：1 次，中位 1 小时 15 分钟')
    expect(text).toContain('留言答复：按时 1 条，逾期 2 条（C2、C3）')
    expect(text).toContain('@广东共青团：本周 0 篇，最低 2 篇')
    expect(await g.bot().runSchedule('weekly')).toEqual({ name: 'weekly', skipped: 'already-ran' })
  })

  it('reports the accounts below their weekly minimum to the supervisors (soe-new-media 第十条)', async () => {
    await knownWeek()
    g.clock.set(at('2026-11-23 10:00'))
    const run = await g.bot().runSchedule('dormant')
    expect(run.text).toContain('发布不足')
    expect(run.text).toContain('@广东共青团：本周 0 篇，最低 2 篇')
    expect(run.text).not.toContain('  广东共青团：本周')
  })

  it('does not send the supervisors the dormant list twice in a week: the weekly report carries it, cron starts no separate run', async () => {
    expect(cronPlan(config.schedules).map(([name]) => name)).toEqual(['digest', 'weekly'])
    await knownWeek()
    g.clock.set(at('2026-11-23 09:30'))
    expect((await g.bot().runSchedule('weekly')).text).toContain('@广东共青团：本周 0 篇，最低 2 篇')
    const sent = g.sent.length
    g.clock.set(at('2026-11-23 10:00'))
    expect(await g.bot().runSchedule('dormant')).toMatchObject({ name: 'dormant', skipped: 'in-weekly-report' })
    g.clock.set(at('2026-11-29 20:00'))
    expect((await g.bot().runSchedule('dormant')).skipped).toBe('in-weekly-report')
    expect(g.sent.length).toBe(sent)
    // the next week, before its weekly report: a drill sends the list
    g.clock.set(at('2026-11-30 08:00'))
    await g.bot().sweep()
    const drill = await g.bot().runSchedule('dormant')
    expect(drill.text).toContain('发布不足')
  })
})

describe('the morning digest', () => {
  it('lists pending drafts and open and overdue messages on a working day', async () => {
    g = await simGroup(config, { clock: new ManualClock(at('2026-11-20 16:00')) })
    await g.say('editor1', draft('微信', '周末活动', '周末举办青年集市。'))
    await g.say('editor1', '#留言 微信 丙：周末有活动吗？')
    await g.say('editor1', '#留言 微信 丁：你们是骗子')
    g.clock.set(at('2026-11-21 09:00'))
    expect(await g.bot().runSchedule('digest')).toEqual({ name: 'digest', skipped: 'day-off' })
    g.clock.set(at('2026-11-23 09:00'))
    const before = g.sent.length
    const run = await g.bot().runSchedule('digest')
    expect(run.text).toContain('在审稿件 1 篇')
    expect(run.text).toContain('D1「周末活动」初审')
    expect(run.text).toContain('未答复留言 2 条，其中逾期 1 条')
    expect(run.text).toMatch(/⏰逾期 C2/)
    expect(
      g.sent
        .slice(before)
        .map((s) => s.to)
        .sort(),
    ).toEqual([config.people.director!.id, config.people.propaganda!.id].sort())
  })

  it('never ends a heading with a colon over an empty list: an empty section is one plain line', async () => {
    g = await simGroup(config, { clock: new ManualClock(at('2026-11-23 08:00')) })
    await g.say('propaganda', '#舆情 黄 少数网友质疑报名规则')
    const text = (await g.bot().runSchedule('digest')).text!
    expect(text).toContain('在审稿件：无。')
    expect(text).toContain('未答复留言：无。')
    expect(text).not.toMatch(/ 0 (篇|条)/)
    const lines = text.split('\n')
    for (const [i, line] of lines.entries()) if (line.endsWith('：')) expect(lines[i + 1], line).toMatch(/^ {2}\S/)
    expect(text).toContain('未启动预案的舆情 1 起：')
  })

  it('skips the National Day holiday, runs on its make-up Saturday, and stays quiet with nothing to report', async () => {
    g = await simGroup(config, { clock: new ManualClock(at('2026-09-30 10:00')) })
    await g.say('editor1', '#留言 微信 戊：假期有活动吗？')
    g.clock.set(at('2026-10-05 09:00'))
    expect((await g.bot().runSchedule('digest')).skipped).toBe('day-off')
    g.clock.set(at('2026-10-10 09:00'))
    expect((await g.bot().runSchedule('digest')).text).toContain('未答复留言 1 条')
    await g.say('editor1', '#已回复 C1')
    g.clock.set(at('2026-10-12 09:00'))
    expect(await g.bot().runSchedule('digest')).toEqual({ name: 'digest', skipped: 'nothing-to-report' })
  })
})

describe("the late-draft warning (the preset's lead time, its own article cited)", () => {
  it('warns when a draft arrives less than a day before its planned publication, and keeps the plan out of the text', async () => {
    g = await simGroup(config)
    const late = await g.say('editor1', '#投稿 微信 晚到的稿件\n计划发布：今天20:00\n正文内容。（来源：团省委）')
    expect(late.map((s) => s.text).join('\n')).toContain(
      '⚠️ D1 计划于 11月23日（周一）20:00 发布，距收稿仅 10 小时，不足 24 小时（《运行管理办法》第十五条(一)',
    )
    const stored = await collections.drafts.get(g.store(), 'D1')
    expect(stored!.plannedPublishAt).toBe(at('2026-11-23 20:00'))
    expect(stored!.versions[0]!.body).toBe('正文内容。（来源：团省委）')
    const early = await g.say('editor1', '#投稿 微信 按时的稿件\n计划发布：11月25日 10:00\n正文内容。（来源：团省委）')
    expect(early.map((s) => s.text).join('\n')).not.toContain('不足 24 小时（《运行管理办法》第十五条(一)')
  })
})
