import { readdirSync } from 'node:fs'
import { ManualClock } from '../../src/clock.js'
import { shanghaiInstant } from '../../src/deadlines/shanghai-time.js'
import { loadDrills } from '../../src/playground/drill.js'
import { createPlayground, IMPOSTOR } from '../../src/playground/playground.js'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import type { Config } from '../../src/config/schema.js'
import { resolveRefs } from '../../src/config/people.js'
import { mentionedKeys, simGroup, type Sent, type SimGroup } from '../helpers/sim-group.js'

let g: SimGroup
afterEach(async () => g?.stop())

const presets = readdirSync('config/presets').filter((f) => f.endsWith('.yaml'))

/** The group of the config that serves an account. */
function groupFor(config: Config, account: string): number {
  return Math.max(
    0,
    config.groups.findIndex((gr) => !gr.accounts || gr.accounts.includes(account)),
  )
}

/**
 * Submits as an outsider (never an approver) and, at every request, approves as the people the
 * bot mentions, until it announces the draft may be published. Returns the stage names it saw.
 */
async function walk(
  config: Config,
  account: string,
  category: string,
  body = '共青团组织开展青年志愿服务活动。',
  as = 'outsider',
): Promise<{ stages: string[]; final: Sent }> {
  const acc = config.accounts[account]!
  const cat = config.categories[category]!
  let last = (await g.say(as, `#投稿 ${acc.aliases[0] ?? account} ${cat.name} 青年工作简讯\n${body}来源：本单位`)).at(-1)!
  const stages: string[] = []
  for (let step = 0; step < 20 && !last.text.includes('可以发布'); step++) {
    const stage = /【待审】[\s\S]*?第\d+\/\d+级「([^」]+)」/.exec(last.text)?.[1]
    if (stage && stages.at(-1) !== stage) stages.push(stage)
    const asked = mentionedKeys(config, last)
    expect(asked.length, last.text).toBeGreaterThan(0)
    let reply = last
    for (const person of asked) {
      reply = (await g.say(person, '#通过 D1')).at(-1)!
      if (reply.text.includes('【待审】') || reply.text.includes('可以发布')) break
    }
    last = reply
  }
  return { stages, final: last }
}

/** Who submits to a chain: an outsider, or, where approvers depend on the submitter's unit, a member of a unit with a head who approves nothing in the chain. */
function submitterFor(config: Config, chain: string): string {
  const stages = config.chains[chain]!.stages
  const refs = stages.flatMap((s) => [...(s.anyOf ?? s.allOf ?? []), ...(s.fallback?.anyOf ?? s.fallback?.allOf ?? [])])
  if (!refs.some((r) => r.startsWith('unit:'))) return 'outsider'
  const approvers = new Set(resolveRefs(config, refs))
  return Object.entries(config.people).find(([k, p]) => p.unit && config.units[p.unit]?.head && !approvers.has(k))![0]
}

describe.each(presets)('preset %s', (file) => {
  const config = loadConfig(`config/presets/${file}`)
  const routes = Object.entries(config.chains).map(([name, chain]) => [name, chain.account, chain.categories[0]!] as const)
  it.each(routes)('walks chain %s (%s, %s) to the end, one stage at a time', async (name, account, category) => {
    g = await simGroup(config, { group: groupFor(config, account) })
    const { stages, final } = await walk(config, account, category, undefined, submitterFor(config, name))
    expect(final.text).toContain('可以发布')
    expect(stages).toEqual(config.chains[name]!.stages.map((s) => s.name))
  })
})

/**
 * Each preset raises a draft that touches its regulation's stricter subjects (lexicon hits) to the
 * stricter chain its text names, and never lowers what the editor chose.
 */
const RAISES: [preset: string, account: string, trigger: string, raisedTo: string, higher: string][] = [
  ['gd-youth-league', 'wechat', '会议传达了重大政策。', 'major', 'party-group'], // 第十五条(三)
  ['km-youth-league', 'wechat', '会议研究了重大决策。', 'important', 'network-wide'], // 5 重要内容
  ['soe-new-media', 'wechat', '本文不涉及国家秘密。', 'sensitive', 'sensitive'], // 第九条
  ['soe-new-media', 'wechat', '我个人认为应当如此。', 'sensitive', 'sensitive'], // 第十六条 规范外
  ['gd-polytechnic-normal', 'unit-wechat', '会议研究了重大决策。', 'sensitive', 'sensitive'], // 第九条
  ['saws', 'weibo', '本文不涉及国家秘密。', 'major-action', 'accident-rescue'], // 五(一) 保密审查
  ['saws', 'wechat', '落实重大决策部署。', 'major-action', 'accident-rescue'], // 一、1 重大决策部署
]

describe.each(RAISES)('%s: a %s draft that touches "%s"', (preset, account, trigger, raisedTo, higher) => {
  const config = loadConfig(`config/presets/${preset}.yaml`)
  const chainOf = (category: string) => Object.entries(config.chains).find(([, c]) => c.account === account && c.categories.includes(category))![1]

  it(`submitted as ${config.defaultCategory} goes through the ${raisedTo} chain`, async () => {
    g = await simGroup(config, { group: groupFor(config, account) })
    const { stages, final } = await walk(config, account, config.defaultCategory, trigger)
    expect(final.text).toContain('可以发布')
    expect(stages).toEqual(chainOf(raisedTo).stages.map((s) => s.name))
  })

  it(`submitted as ${higher} is never lowered`, async () => {
    g = await simGroup(config, { group: groupFor(config, account) })
    const { stages } = await walk(config, account, higher, trigger)
    expect(stages).toEqual(chainOf(higher).stages.map((s) => s.name))
  })
})

/** '2026-12-31 10:00' in Shanghai → a manual clock set there. */
function clockAt(text: string): ManualClock {
  const [date, time = '00:00'] = text.split(' ')
  const [h, m] = time.split(':').map(Number)
  return new ManualClock(shanghaiInstant(date!, h! * 60 + m!))
}
const MIN = 60_000
const privately = (config: Config, sent: Sent[], key: string) => sent.filter((s) => s.to === config.people[key]!.id)

/** Alerts of each colour reach the people each regulation names, and the text names them. */
const ALERTS: [preset: string, raiser: string, yellow: string[], yellowTitle: string, red: string[], redTitle: string][] = [
  ['gd-youth-league', 'propaganda', ['leader'], '团省委分管领导', ['secretary'], '团省委主要领导'], // 第十九条
  ['km-youth-league', 'publicity', ['vice'], '分管领导', ['principal'], '团组织主要负责同志'],
  ['soe-new-media', 'dept-head', ['hq-leader'], '分管领导', ['hq-principal', 'hq-leader'], '公司主要领导和分管领导'], // 第十五条
  ['gd-polytechnic-normal', 'propaganda1', ['supervisor'], '本单位主管领导', ['propaganda1', 'propaganda2', 'principal'], '党委宣传部和团委书记'],
  ['saws', 'xjb-staff', ['xjb-head', 'xjb-staff'], '人事司（宣教办）', ['xjb-head', 'xjb-staff', 'vice-min'], '人事司（宣教办）和总局分管领导'], // 五(二)5
]

describe.each(ALERTS)('%s alerts', (preset, raiser, yellow, yellowTitle, red, redTitle) => {
  const config = loadConfig(`config/presets/${preset}.yaml`)
  const names = (keys: string[]) => keys.map((k) => config.people[k]!.name).join('、')

  it('blue is recorded, yellow and red go to the named people, called what they are', async () => {
    g = await simGroup(config)
    expect((await g.say(raiser, '#舆情 蓝 个别网友吐槽排版')).at(-1)!.text).toContain('已记录')
    const y = (await g.say(raiser, '#舆情 黄 少数网友质疑报名规则')).at(-1)!
    expect(y.text).toContain(`已报告${yellowTitle} ${names(yellow)}`)
    const before = g.sent.length
    const r = (await g.say(raiser, '#舆情 红 事故视频大量转发')).at(-1)!
    expect(r.text).toContain(`已即时以快报形式报告${redTitle} ${names(red)}`)
    // one message per person per alert: the 快报 privately, and the group's copy @-mentions none of them again
    const reached = (k: string) =>
      g.sent.slice(before).filter((s) => s.to === config.people[k]!.id || s.mentionIds.includes(config.people[k]!.id)).length
    for (const k of [...yellow, ...red]) expect(privately(config, g.sent, k).length, k).toBeGreaterThan(0)
    for (const k of red) expect(reached(k), k).toBe(1)
    expect(mentionedKeys(config, y).filter((k) => yellow.includes(k))).toEqual([])
    // red's reminders go on until the plan starts
    expect((await g.advance(30 * MIN)).some((s) => s.text.includes('A3 尚未启动预案'))).toBe(true)
    expect((await g.say(red[0]!, '#启动预案 A3')).at(-1)!.text).toContain('启动预案（在时限内）')
  })
})

/** Each preset's replies rules. */
describe('replies rules per preset', () => {
  it('saws 五(二)1: a message that needs work gets a same-day 受理 reply', async () => {
    const config = loadConfig('config/presets/saws.yaml')
    g = await simGroup(config)
    const reply = (await g.say('drafter2', '#留言 微博 网友：举报某矿违规生产')).at(-1)!
    expect(reply.text).toContain('"正在研究办理"的受理回复')
    expect((await g.say('drafter2', '#受理 C1')).at(-1)!.text).toContain('仍须答复办理结果')
  })

  it('km 6: reply texts are reviewed before the message counts as answered', async () => {
    const config = loadConfig('config/presets/km-youth-league.yaml')
    g = await simGroup(config)
    await g.say('editor1', '#留言 微信 网友：志愿活动怎么报名？')
    const asked = (await g.say('editor1', '#已回复 C1 请关注本号菜单“志愿报名”。')).at(-1)!
    expect(asked.text).toContain('须先审核')
    expect(mentionedKeys(config, asked).sort()).toEqual(['platform', 'publicity'])
    expect((await g.say('publicity', '#通过 C1')).at(-1)!.text).toContain('已答复（按时）')
  })

  it('gd-youth-league 第十四条: one working day, across the 2026 National Day holiday', async () => {
    const config = loadConfig('config/presets/gd-youth-league.yaml')
    g = await simGroup(config, { clock: clockAt('2026-09-30 10:00') })
    expect((await g.say('editor1', '#留言 微信 网友：假期开放吗？')).at(-1)!.text).toContain('10月8日（周四）10:00')
  })

  it.each([
    ['2026-12-31 10:00', '1月4日（周一）10:00'], // 元旦 2027, fixed by law
    ['2027-02-04 10:00', '2月9日（周二）10:00'], // 春节 2027: 除夕 Feb 5 – 初三 Feb 8
    ['2027-04-02 10:00', '4月6日（周二）10:00'], // 清明 2027 (Apr 5)
    ['2027-04-30 10:00', '5月3日（周一）10:00'], // 劳动节 2027 (May 1–2)
    ['2027-09-30 10:00', '10月4日（周一）10:00'], // 国庆 2027 (Oct 1–3)
  ])(
    "gd-youth-league 第十四条 in 2027, without the year's notice: received %s, due %s; the supervisors hear the 调休 is unpublished",
    async (at, due) => {
      const config = loadConfig('config/presets/gd-youth-league.yaml')
      g = await simGroup(config, { clock: clockAt(at) })
      expect((await g.say('editor1', '#留言 微信 网友：请问何时上班？')).at(-1)!.text).toContain(due)
      const told = g.sent.filter((s) => s.to && s.text.includes('是推算的'))
      expect(told.length).toBeGreaterThan(0)
      expect(told[0]!.text).toContain('2027 年的调休安排（调休上班日）尚未公布')
    },
  )
})

describe.each(presets)('the playground drills of %s', (file) => {
  it("load with the preset's own people and meet every expectation", async () => {
    const config = loadConfig(`config/presets/${file}`)
    expect(config.playground.drills).not.toBe(false)
    const drills = loadDrills(config.playground.drills as string, config, ['outsider', IMPOSTOR.key])
    expect(drills.length).toBeGreaterThan(0)
    const pg = await createPlayground(config, { drills })
    try {
      const notes: string[] = []
      for (const d of drills) {
        for (let i = 0; i < d.steps.length; i++)
          notes.push(...(await pg.stepDrill(d.name))!.messages.filter((m) => m.text.includes('预期')).map((m) => m.text))
      }
      expect(notes.length).toBeGreaterThan(0)
      expect(notes.filter((n) => n.startsWith('✘'))).toEqual([])
    } finally {
      await pg.stop()
    }
  })
})
