import { readdirSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import type { Config } from '../../src/config/schema.js'
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
async function walk(config: Config, account: string, category: string): Promise<{ stages: string[]; final: Sent }> {
  const acc = config.accounts[account]!
  const cat = config.categories[category]!
  let last = (await g.say('outsider', `#投稿 ${acc.aliases[0] ?? account} ${cat.name} 青年工作简讯\n共青团组织开展青年志愿服务活动。来源：本单位`)).at(-1)!
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

describe.each(presets)('preset %s', (file) => {
  const config = loadConfig(`config/presets/${file}`)
  const routes = Object.entries(config.chains).map(([name, chain]) => [name, chain.account, chain.categories[0]!] as const)
  it.each(routes)('walks chain %s (%s, %s) to the end, one stage at a time', async (name, account, category) => {
    g = await simGroup(config, { group: groupFor(config, account) })
    const { stages, final } = await walk(config, account, category)
    expect(final.text).toContain('可以发布')
    expect(stages).toEqual(config.chains[name]!.stages.map((s) => s.name))
  })
})
