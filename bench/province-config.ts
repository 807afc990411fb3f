import { readFileSync } from 'node:fs'
import { parse, stringify } from 'yaml'
import { parseConfig } from '../src/config/load.js'
import type { Config } from '../src/config/schema.js'

/**
 * A province-sized configuration made from the shipped one (config/sanshen.yaml): `groups` editorial
 * groups, each with its own WeChat and Weibo account, two editors, a deputy and a director, and
 * chains like the shipped wechat/weibo ones on those people; the shipped people (supervisors,
 * opinion heads, leader) stay. 100 groups give 200 accounts, the province.
 */
const SHIPPED = 'config/sanshen.yaml'

/** The person keys and room of group g (1-based). */
export const member = {
  editor: (g: number) => `ed${g}a`,
  editor2: (g: number) => `ed${g}b`,
  deputy: (g: number) => `dep${g}`,
  director: (g: number) => `dir${g}`,
}
export const wechatAccount = (g: number) => `wx${g}`
export const groupRoom = (g: number) => ({ id: `bench-group-${g}@chatroom`, topic: `编辑部${g}` })

export function provinceConfig(groups: number): Config {
  const raw = parse(readFileSync(SHIPPED, 'utf8')) as Record<string, Record<string, unknown>>
  const people = { ...raw.people }
  const accounts: Record<string, unknown> = {}
  const chains: Record<string, unknown> = {}
  const groupList: unknown[] = []
  for (let g = 1; g <= groups; g++) {
    people[member.editor(g)] = { name: `编辑${g}甲`, id: `wxid_ed${g}a`, roles: ['editor'] }
    people[member.editor2(g)] = { name: `编辑${g}乙`, id: `wxid_ed${g}b`, roles: ['editor'] }
    people[member.deputy(g)] = { name: `副主任${g}`, id: `wxid_dep${g}`, roles: ['deputy-director'] }
    people[member.director(g)] = { name: `主任${g}`, id: `wxid_dir${g}`, roles: ['center-director'] }
    const wx = wechatAccount(g)
    const wb = `wb${g}`
    accounts[wx] = { platform: 'wechat', name: `公众号${g}`, replyHandler: member.editor(g) }
    accounts[wb] = { platform: 'weibo', name: `@微博${g}`, replyHandler: member.editor2(g) }
    chains[wx] = {
      account: wx,
      categories: ['routine', 'important', 'major'],
      stages: [
        { name: '初审', anyOf: [member.deputy(g)] },
        { name: '终审', anyOf: [member.director(g)], fallback: { anyOf: [member.deputy(g)] }, timeoutMinutes: 240 },
      ],
      cc: ['propaganda'],
    }
    chains[wb] = {
      account: wb,
      categories: ['routine', 'important', 'major'],
      stages: [
        { name: '初审', anyOf: ['opinion-head'] },
        { name: '终审', anyOf: [member.deputy(g)], fallback: { allOf: ['opinion1', 'opinion2'] }, timeoutMinutes: 120 },
      ],
    }
    groupList.push({ ...groupRoom(g), accounts: [wx, wb] })
  }
  return parseConfig(stringify({ ...raw, groups: groupList, people, accounts, chains }), SHIPPED)
}
