import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig, parseConfig } from '../../src/config/load.js'
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
    expect(opened.text).toContain('已即时报告主要领导 宣传部赵部长、王主任')
    expect(opened.text).toContain('期限 11月23日（周一）12:00')
    expect(mentionedKeys(config, opened).sort()).toEqual(['director', 'propaganda'])
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
    expect(privately((await g.advance(30 * MIN)), 'director')).toHaveLength(1)

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
})
