import { readdirSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import type { Config } from '../../src/config/schema.js'
import { resolveRefs, supervisorsOf } from '../../src/config/people.js'
import { loadDrills } from '../../src/playground/drill.js'
import { createPlayground, IMPOSTOR } from '../../src/playground/playground.js'
import { mentionedKeys, simGroup, type SimGroup } from '../helpers/sim-group.js'

/**
 * Every text a preset can produce names only that preset's regulation: each preset is driven
 * through its drills and a scenario touching every feature (drafts, stages, rejection, revision,
 * late drafts, public messages, alerts, reminders, time-outs, the digest and the weekly report),
 * and everything the bot sent is searched for preset keys, setting names and the other presets'
 * regulations. Presets are discovered from config/presets/.
 */

const presets = readdirSync('config/presets')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
const configs = Object.fromEntries(presets.map((p) => [p, loadConfig(`config/presets/${p}.yaml`)]))

/** Setting names and rule ids: what the configuration and the code call things, never the chat. */
const SETTING_NAMES = [
  'next-working-day-same-time',
  'end-of-next-working-day',
  'working-hours',
  'one-hour',
  'same-day-acknowledge',
  'red-alert-plan',
  'yellow-alert-plan',
  'upward-report',
  'reportUpward',
  'planWithinMinutes',
  'limitMinutes',
  'acknowledgeSameDay',
  'reviewReplies',
  'replyReviewers',
  'minPostsPerWeek',
  'leadTimeHours',
  'timeoutMinutes',
  'submitterIsApprover',
  'repeatedApprover',
  'designees',
  'replies.',
  'policy.',
  'checklist.',
]

const HOUR = 3_600_000
const MIN = 60_000

/** A word standing alone, not inside a contact id such as wxid_saws_drafter1_fake. */
const word = (w: string) => new RegExp(`(?<![A-Za-z0-9_-])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_-])`)

/** Who may submit to the account's default chain: an outsider, or where the chain depends on units, someone with a unit head. */
function submitterFor(config: Config, account: string): string {
  const chain = Object.values(config.chains).find((c) => c.account === account && c.categories.includes(config.defaultCategory))!
  const refs = chain.stages.flatMap((s) => [...(s.anyOf ?? s.allOf ?? []), ...(s.fallback?.anyOf ?? s.fallback?.allOf ?? [])])
  if (!refs.some((r) => r.startsWith('unit:'))) return 'outsider'
  const approvers = new Set(resolveRefs(config, refs))
  return Object.entries(config.people).find(([k, p]) => p.unit && config.units[p.unit]?.head && !approvers.has(k))![0]
}

/** Approves as whoever the bot asks, until the draft may be published (or 20 rounds). */
async function approveThrough(g: SimGroup, config: Config, id: string, first: string): Promise<void> {
  let last = first
  for (let i = 0; i < 20 && !last.includes('可以发布'); i++) {
    const asked = mentionedKeys(config, { text: last, mentionIds: g.sent.at(-1)!.mentionIds }).filter((k) => k in config.people)
    const who = asked[0] ?? resolveRefs(config, config.supervisors)[0]!
    last = (await g.say(who, `#通过 ${id}`)).map((s) => s.text).join('\n') || last
  }
}

/** Everything the bot says to anyone while the preset is played through its features. */
async function playEverything(config: Config): Promise<string[]> {
  const g = await simGroup(config)
  try {
    const supervisor = supervisorsOf(config)[0]!
    const someone = Object.keys(config.people)[0]!
    await g.say(someone, '#帮助')
    await g.say(someone, '#我是谁')
    // someone not yet in the configuration gets the lines to paste, naming the file
    await g.say('outsider', '#我是谁')
    const [account] = Object.entries(config.accounts).find(([k]) => (config.groups[0]!.accounts ?? [k]).includes(k))!
    const alias = config.accounts[account]!.aliases[0] ?? account
    const by = submitterFor(config, account)
    // a draft: rejected, revised, then approved stage by stage; the status and the record on the way
    await g.say(by, `#投稿 ${alias} 青年志愿服务简讯\n本周开展志愿服务活动，百余人参加。来源：本单位`)
    const askedFirst = g.sent.filter((s) => s.text.includes('【待审】')).at(-1)
    const reviewer = askedFirst ? mentionedKeys(config, askedFirst)[0] : undefined
    if (reviewer) await g.say(reviewer, '#驳回 D1 数据请核实')
    await g.say(by, '#修改 D1\n本周开展志愿服务活动，一百二十人参加。来源：本单位')
    await g.say(someone, '#状态 D1')
    const request = g.sent.filter((s) => s.text.includes('【待审】')).at(-1)
    if (request) await approveThrough(g, config, 'D1', request.text)
    await g.say(someone, '#记录 D1')
    await g.say(someone, '#审签单 D1') // the inspection record (审签单), where the build has it
    // a late draft, a draft left waiting (reminders, time-outs), a supervisor's designation
    await g.say(by, `#投稿 ${alias} 临时通知\n计划发布：今天20:00\n今晚活动改期。来源：本单位`)
    await g.say(supervisor, '#指定 D2', { mention: [supervisor] })
    await g.say(someone, '#待办')
    // public messages: ordinary, sensitive, promised, acknowledged, answered
    await g.say(supervisor, `#留言 ${alias} 网友甲：活动怎么报名？`)
    await g.say(supervisor, `#留言 ${alias} 网友乙：听说你们单位出了事故？`)
    await g.say(supervisor, '#敏感 C2')
    await g.say(supervisor, '#承诺 C2 明天下午5点')
    await g.say(supervisor, '#承诺 C1 明天下午5点')
    await g.say(supervisor, '#受理 C1')
    await g.say(supervisor, '#留言状态')
    await g.say(supervisor, '#已回复 C1 请关注本号菜单“志愿报名”。')
    // alerts of every colour
    await g.say(supervisor, '#舆情 蓝 个别网友吐槽排版')
    await g.say(supervisor, '#舆情 黄 少数网友质疑报名规则')
    await g.say(supervisor, '#舆情 红 事故视频大量转发')
    await g.say(supervisor, '#已上报 A3')
    await g.say(supervisor, '#已上报 A2')
    await g.advance(30 * MIN)
    await g.advance(3 * HOUR)
    await g.say(supervisor, '#启动预案 A3')
    await g.say(supervisor, '#启动预案 A1')
    await g.advance(26 * HOUR)
    await g.bot().runSchedule('digest')
    await g.bot().runSchedule('weekly')
    await g.bot().runSchedule('dormant')
    return g.sent.map((s) => s.text)
  } finally {
    await g.stop()
  }
}

/** Every message of every drill the preset ships, played in its playground. */
async function playDrills(config: Config): Promise<string[]> {
  const drills = loadDrills(config.playground.drills as string, config, ['outsider', IMPOSTOR.key])
  const pg = await createPlayground(config, { drills })
  try {
    const texts = drills.flatMap((d) => [d.title, d.description])
    for (const d of drills) for (let i = 0; i < d.steps.length; i++) texts.push(...(await pg.stepDrill(d.name))!.messages.map((m) => m.text))
    return texts
  } finally {
    await pg.stop()
  }
}

describe.each(presets)('every text of %s', (preset) => {
  const config = configs[preset]!
  const others = presets.filter((p) => p !== preset).map((p) => configs[p]!.regulation!)
  let texts: string[] = []
  afterEach(() => {
    texts = []
  })

  it('names no preset key, no setting name and no other organisation’s regulation, in chat, reports and drills', async () => {
    texts = [...(await playEverything(config)), ...(await playDrills(config))]
    const all = texts.join('\n')
    // the scenario reached every feature (so the search below searched something)
    for (const seen of ['【待审】', '可以发布', '已登记留言', '舆情 A3', '每周总结阅评']) expect(all, seen).toContain(seen)
    // #我是谁 names the file the administrator edits, which is the preset's own file: that is no identifier leaking
    const file = `config/presets/${preset}.yaml`
    expect(all).toMatch(new RegExp(`管理员把下面几行合并进 \\S*${file} 里同名的段落`))
    const lines = all.replaceAll(file, '（配置文件）').split('\n')
    const offending = (found: (line: string) => boolean) => lines.filter(found)
    for (const key of presets)
      expect(
        offending((l) => word(key).test(l)),
        `preset key ${key}`,
      ).toEqual([])
    for (const name of SETTING_NAMES)
      expect(
        offending((l) => l.includes(name)),
        `setting name ${name}`,
      ).toEqual([])
    for (const r of others) {
      expect(
        offending((l) => l.includes(r.title)),
        r.title,
      ).toEqual([])
      if (r.name && r.name !== config.regulation?.name)
        expect(
          offending((l) => l.includes(`《${r.name}》`)),
          r.name,
        ).toEqual([])
    }
    // whatever it cites, it cites by its own name
    const own = [config.regulation?.name, config.regulation?.title]
    expect(
      offending((l) => [...l.matchAll(/《([^》]+)》/g)].some((m) => !own.includes(m[1]))),
      'cites only its own regulation',
    ).toEqual([])
  }, 60_000)

  it('states its own limits: the sensitive-reply and red-alert times the preset configures', async () => {
    const help = await (async () => {
      const g = await simGroup(config)
      try {
        return (await g.say(Object.keys(config.people)[0]!, '#帮助')).at(-1)!.text
      } finally {
        await g.stop()
      }
    })()
    const hours = (m: number) => (m % 60 === 0 ? `${m / 60} 小时` : `${m} 分钟`)
    expect(help).toContain(`${hours(config.replies.sensitive.limitMinutes)}内答复并上报`)
    expect(help).toContain(`红色须 ${hours(config.replies.alerts.red.planWithinMinutes)}内`)
  })
})
