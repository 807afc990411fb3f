import { readdirSync } from 'node:fs'
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
  return Math.max(0, config.groups.findIndex((gr) => !gr.accounts || gr.accounts.includes(account)))
}

/**
 * Submits as an outsider (never an approver) and, at every request, approves as the people the
 * bot mentions, until it announces the draft may be published. Returns the stage names it saw.
 */
async function walk(config: Config, account: string, category: string, body = '共青团组织开展青年志愿服务活动。', as = 'outsider'): Promise<{ stages: string[]; final: Sent }> {
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
