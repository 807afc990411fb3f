import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig, parseConfig } from '../../src/config/load.js'
import type { Incident } from '../../src/alerts/incident.js'
import { mentionedKeys, simGroup, type Sent, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
const MIN = 60_000
const HOUR = 60 * MIN
let g: SimGroup
afterEach(async () => g?.stop())

const privately = (sent: Sent[], key: string, c = config) => sent.filter((s) => s.to === c.people[key]!.id)

describe('public-opinion alerts (gd-youth-league 第十九条)', () => {
  it('red: tells the principal leaders at once, reminds every 30 minutes, escalates at two hours, stops at #启动预案', async () => {
    g = await simGroup(config)
    const opened = (await g.say('opinion1', '#舆情 红 网传我团活动收费，C3栋同学转发')).at(-1)!
    expect(opened.text).toContain('🔴 红色舆情 A1：网传我团活动收费，C3栋同学转发')
    expect(opened.text).toContain('已即时以快报形式报告主管 宣传部赵部长、王主任') // no red.notify: the supervisors, called what they are
    expect(opened.text).toContain('期限 11月23日（周一）12:00')
    // one message per person: the 快报 privately; the group's copy does not @ them a second time
    expect(mentionedKeys(config, opened)).toEqual([])
    expect(privately(g.sent, 'director')).toHaveLength(1)

    const first = await g.advance(30 * MIN)
    expect(first.filter((s) => s.roomId)).toHaveLength(1)
    expect(first[0]!.text).toContain('尚未启动预案')
    expect(first[0]!.text).toContain('剩余 1 小时 30 分钟')
    expect(mentionedKeys(config, first[0]!).sort()).toEqual(['director', 'opinion1', 'propaganda'])
    // 12:00 and 12:30 both fall in this hour: one reminder with the time left now, not two alike
    const caughtUp = (await g.advance(60 * MIN)).filter((s) => s.roomId)
    expect(caughtUp).toHaveLength(1)
    expect(caughtUp[0]!.text).toContain('剩余 30 分钟')
    const overdue = await g.advance(30 * MIN)
    expect(privately(overdue, 'propaganda')[0]!.text).toContain('督办')
    expect(privately(await g.advance(30 * MIN), 'director')).toHaveLength(1)

    const started = (await g.say('director', '#启动预案')).at(-1)!
    expect(started.text).toContain('舆情 A1 已由 王主任 启动预案（超过时限')
    expect(await g.advance(3 * HOUR)).toEqual([])
    expect((await g.say('director', '#启动预案 A1')).at(-1)!.text).toContain('已在 11月23日（周一）12:30 启动预案')
    expect((await g.store().audit('A1')).map((e) => e.action)).toEqual(['alert-opened', 'plan-started'])
  })

  it('red: a clock jump over several reminders sends each reminder text once (the drill advancing an hour)', async () => {
    g = await simGroup(config)
    await g.say('propaganda', '#舆情 红 网传我团活动收费，多个账号转发')
    const hour = await g.advance(HOUR)
    const reminders = hour.filter((s) => s.text.includes('尚未启动预案'))
    expect(reminders).toHaveLength(1)
    expect(reminders[0]!.text).toContain('剩余 1 小时')
    const texts = hour.map((s) => `${s.roomId ?? s.to}|${s.text}`)
    expect(new Set(texts).size).toBe(texts.length)
    // the next one comes at its own time, 30 minutes on
    const next = (await g.advance(30 * MIN)).filter((s) => s.text.includes('尚未启动预案'))
    expect(next).toHaveLength(1)
    expect(next[0]!.text).toContain('剩余 30 分钟')
  })

  it('yellow: reports to the configured leader in charge with a plan due, reminded 2 hours before', async () => {
    const c = parseConfig(`${readFileSync('config/sanshen.yaml', 'utf8')}\nreplies:\n  alerts:\n    yellow: { notify: [leader-in-charge] }\n`)
    g = await simGroup(c)
    const opened = (await g.say('opinion2', '#舆情 黄色预警：多名网友质疑活动名额分配')).at(-1)!
    expect(opened.text).toContain('已报告分管领导 分管领导周书记，请提出处置预案')
    expect(opened.text).toContain('期限 11月24日（周二）10:00')
    expect(privately(g.sent, 'leader', c)).toHaveLength(1)
    expect(await g.advance(22 * HOUR - MIN)).toEqual([])
    expect((await g.advance(MIN))[0]!.text).toContain('剩余 2 小时')
    const done = (await g.say('leader', '#启动预案 A1 已部署回应口径')).at(-1)!
    expect(done.text).toContain('（在时限内）')
    expect(done.text).toContain('已部署回应口径')
  })

  it('blue: records brief advice with no timer; bad input is answered with the format', async () => {
    g = await simGroup(config)
    const blue = (await g.say('opinion1', '#舆情 蓝 个别网友吐槽排版')).at(-1)!
    expect(blue.text).toContain('🔵 蓝色舆情 A1')
    expect(blue.text).toContain('建议')
    expect(await g.store().pendingJobs()).toEqual([])
    expect((await g.say('opinion1', '#启动预案 A1')).at(-1)!.text).toContain('无需启动预案')
    expect((await g.say('opinion1', '#舆情 紫 什么情况')).at(-1)!.text).toContain('格式：#舆情 红|黄|蓝')
    expect((await g.say('opinion1', '#舆情 红')).at(-1)!.text).toContain('格式')
    expect((await g.say('opinion1', '#启动预案 A9')).at(-1)!.text).toContain('找不到舆情 A9')
    expect((await g.say('opinion1', '#启动预案 C1')).at(-1)!.text).toContain('以 A 开头')
    expect((await g.say('outsider', '#舆情 红 有人闹事')).at(-1)!.text).toContain('不在审核名单')
  })

  it('refuses a config whose alert audience names nobody known', () => {
    expect(() => parseConfig(`${readFileSync('config/sanshen.yaml', 'utf8')}\nreplies:\n  alerts:\n    red: { notify: [mayor] }\n`)).toThrow(
      /replies\.alerts\.red\.notify\[0\]: "mayor" is neither a person/,
    )
  })

  it('gd-youth-league preset: yellow → 团省委分管领导; red → 团省委主要领导 at once, plan in 2 hours, and the report to 团中央 tracked until #已上报', async () => {
    const c = loadConfig('config/presets/gd-youth-league.yaml')
    g = await simGroup(c)
    const yellow = (await g.say('propaganda', '#舆情 黄 少数网友质疑报名规则')).at(-1)!
    expect(yellow.text).toContain('已报告团省委分管领导 分管领导周书记')
    expect(mentionedKeys(c, yellow)).toEqual([])
    expect(privately(g.sent, 'leader', c)).toHaveLength(1)
    expect(privately(g.sent, 'secretary', c)).toHaveLength(0)

    const red = (await g.say('propaganda', '#舆情 红 活动现场事故视频大量转发')).at(-1)!
    expect(red.text).toContain('已即时以快报形式报告团省委主要领导 党组书记吴书记')
    expect(red.text).toContain('同时须向上级主管部门（团中央）报告')
    expect(red.text).toContain('#已上报 A2')
    expect(mentionedKeys(c, red)).toEqual([])
    expect(privately(g.sent, 'secretary', c)).toHaveLength(1)

    // the plan starts in time; the report upward is its own item and keeps being reminded
    expect((await g.say('director', '#启动预案 A2')).at(-1)!.text).toContain('启动预案（在时限内）')
    const half = await g.advance(30 * MIN)
    const upward = half.filter((s) => s.text.includes('尚未记录向团中央'))
    expect(upward.length).toBeGreaterThan(0)
    expect(half.some((s) => s.text.includes('尚未启动预案'))).toBe(false)
    const overdue = await g.advance(30 * MIN)
    expect(privately(overdue, 'propaganda', c).some((s) => s.text.includes('督办：红色舆情 A2 超过时限仍未记录向团中央'))).toBe(true)

    const done = (await g.say('propaganda', '#已上报 A2 已电话报告团中央宣传部值班室')).at(-1)!
    expect(done.text).toMatch(/舆情 A2 已由 宣传部赵部长 于 .* 向团中央报告（在时限内）/) // recorded at the due minute
    expect((await g.say('propaganda', '#已上报 A2')).at(-1)!.text).toContain('已由 宣传部赵部长 于')
    expect((await g.say('propaganda', '#已上报 A1')).at(-1)!.text).toContain('无需记录向上级主管部门报告')
    expect(await g.advance(3 * HOUR)).toEqual([])
    const report = (await g.store().get<Incident>('incidents', 'A2'))!.report
    expect(report).toMatchObject({ by: 'propaganda', note: '已电话报告团中央宣传部值班室' })
    expect((await g.store().audit('A2')).map((e) => e.action)).toEqual(['alert-opened', 'plan-started', 'reported-upward'])
  })
})
