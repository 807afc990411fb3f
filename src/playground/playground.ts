import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import { runsBetween } from '../bot/cron.js'
import type { Store } from '../store/store.js'
import { createIdBinding, type IdBinding } from './drill-ids.js'
import { BOT_NAME, simulatedGroup, type Sent, type SimulatedGroup } from './simulated-group.js'
import type { ShownCard } from './simulated-cards.js'
import type { Card } from '../chat/cards.js'
import { ManualClock } from '../clock.js'
import type { Env } from '../config/env.js'
import type { Config } from '../config/schema.js'
import { resolveRefs, supervisorsOf } from '../config/people.js'
import { durationMs, type Drill } from './drill.js'

/**
 * The playground: the real bot on a simulated group, plus what a visitor needs to drive it from a
 * browser — the list of members they can be, the conversation so far (members' messages and the
 * bot's replies, with the mentioned names), clock advances and drills. Work is queued, so two
 * browser tabs typing at once still see each reply under the message it answers.
 */
export interface Member {
  key: string
  name: string
  roles: string[]
  /** what this member is in the playground: 编辑, 审核人, 主管, 冒名者 … */
  labels: string[]
}

export interface PlaygroundMessage {
  seq: number
  /** the simulated clock when it was said */
  at: number
  kind: 'member' | 'bot' | 'note'
  /** member key (member messages) */
  who?: string
  name: string
  text: string
  /** names the message @-mentions */
  mentions: string[]
  /** the bot message this one quotes */
  quote?: string
  /** a private message from the bot to this name */
  privateTo?: string
  /** a review card (its text is the title): as it looks now, repainted in place */
  card?: Card & { ref: string }
}

export interface DrillProgress {
  name: string
  title: string
  description: string
  total: number
  /** index of the next step to play */
  next: number
}

export interface Playground {
  group: SimulatedGroup
  members: Member[]
  /** new at every start: an open page that sees another one knows the server restarted and reloads */
  instance: string
  /** where the state is kept, in the page's words (内存 / SQLite 文件 / Redis) */
  storage: { kind: 'memory' | 'persistent'; label: string }
  now(): number
  messages(after?: number): PlaygroundMessage[]
  /** every card message as it looks now (cards are repainted in place) */
  cards(): PlaygroundMessage[]
  /** `who` presses `button` (a verb) on the card message `seq`, with a typed reason for 驳回 */
  press(who: string, seq: number, button: string, reason?: string): Promise<PlaygroundMessage[]>
  say(who: string, text: string, o?: { quote?: number }): Promise<PlaygroundMessage[]>
  advance(ms: number): Promise<PlaygroundMessage[]>
  drills(): DrillProgress[]
  /** plays the next step of a drill; undefined when there is no such drill */
  stepDrill(name: string): Promise<{ progress: DrillProgress; messages: PlaygroundMessage[] } | undefined>
  stop(): Promise<void>
}

export class PlaygroundInputError extends Error {}

export const IMPOSTOR = { key: 'impostor', id: 'wxid_impostor' }

/** The approver whose name the impostor copies: the final approver of the first chain. */
function impostorTarget(config: Config): string | undefined {
  const stages = Object.values(config.chains)[0]?.stages ?? []
  const last = stages[stages.length - 1]
  return resolveRefs(config, last?.anyOf ?? last?.allOf ?? [])[0]
}

function membersOf(config: Config): Member[] {
  const approvers = new Set(
    Object.values(config.chains).flatMap((c) =>
      c.stages.flatMap((s) => resolveRefs(config, [...(s.anyOf ?? s.allOf ?? []), ...(s.fallback?.anyOf ?? s.fallback?.allOf ?? [])])),
    ),
  )
  const supervisors = new Set(supervisorsOf(config))
  const people = Object.entries(config.people).map(([key, p]) => ({
    key,
    name: p.name,
    roles: p.roles,
    labels: [
      ...(approvers.has(key) ? ['审核人'] : []),
      ...(supervisors.has(key) ? ['主管'] : []),
      ...(!approvers.has(key) && !supervisors.has(key) ? ['编辑'] : []),
    ],
  }))
  const target = impostorTarget(config)
  return [
    ...people,
    { key: 'outsider', name: '实习生小周', roles: [], labels: ['非配置成员'] },
    ...(target
      ? [{ key: IMPOSTOR.key, name: config.people[target]!.name, roles: [], labels: [`冒名者（假冒${config.people[target]!.name}）`] }]
      : []),
  ]
}

export interface PlaygroundOptions {
  logger?: Logger
  drills?: Drill[]
  /** keep the state here (REDIS_URL or SANSHEN_DATA set) so it survives a restart; default: in memory */
  store?: { store: Store; label: string }
  /** default: the real time now, to the minute; the visitor moves it forward with advance() */
  clock?: ManualClock
  /** the environment for the bot (platform API credentials); default: none */
  env?: Env
}

export async function createPlayground(config: Config, o: PlaygroundOptions = {}): Promise<Playground> {
  const clock = o.clock ?? new ManualClock(Math.floor(Date.now() / 60_000) * 60_000)
  const log: PlaygroundMessage[] = []
  const members = membersOf(config)
  const nameById = new Map<string, string>(Object.values(config.people).map((p) => [p.id, p.name]))
  nameById.set('wxid_outsider', '实习生小周')
  const record = (m: Omit<PlaygroundMessage, 'seq' | 'at'>): PlaygroundMessage => {
    const full = { ...m, seq: log.length + 1, at: clock.now() }
    log.push(full)
    return full
  }
  const onSent = (s: Sent) =>
    record({
      kind: 'bot',
      name: BOT_NAME,
      text: s.text,
      mentions: s.mentionIds.map((id) => nameById.get(id) ?? id),
      ...(s.to ? { privateTo: nameById.get(s.to) ?? s.to } : {}),
    })
  const onCard = (c: ShownCard) => {
    const shown = log.find((m) => m.card?.ref === c.ref)
    if (shown) shown.card = { ...c.card, ref: c.ref }
    // its text only names it: the card itself is drawn from `card`, and quoting applies to the bot's text messages
    else record({ kind: 'bot', name: BOT_NAME, text: `〔审核卡片 ${c.card.subject}〕`, mentions: [], card: { ...c.card, ref: c.ref } })
  }
  const group = await simulatedGroup(config, {
    clock,
    onSent,
    onCard,
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.store ? { store: o.store.store } : {}),
    ...(o.env ? { env: o.env } : {}),
  })
  const impostor = members.find((m) => m.key === IMPOSTOR.key)
  if (impostor) {
    group.addMember(IMPOSTOR.key, { id: IMPOSTOR.id, name: impostor.name })
    nameById.set(IMPOSTOR.id, impostor.name)
  }

  // One piece of work at a time: the simulated group answers messages in order.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work)
    queue = run.catch(() => undefined)
    return run
  }
  const since = (before: number) => log.slice(before)

  /** "@王主任 请看" → mention keys and the text without them (the group adds the mentions back). */
  const splitMentions = (text: string): { text: string; mention: string[] } => {
    const mention: string[] = []
    let rest = text
    const named = [...members.filter((m) => m.key !== IMPOSTOR.key), { key: 'bot', name: BOT_NAME }].sort((a, b) => b.name.length - a.name.length)
    for (const m of named) {
      if (rest.includes(`@${m.name}`)) {
        mention.push(m.key)
        rest = rest.split(`@${m.name}`).join('')
      }
    }
    return { text: rest.replace(/[ \u2005]{2,}/g, ' ').trim(), mention }
  }

  const say = (who: string, text: string, quote?: string) => {
    const member = members.find((m) => m.key === who)
    if (!member) throw new PlaygroundInputError(`没有成员「${who}」 no member "${who}"`)
    const before = log.length
    const { text: body, mention } = splitMentions(text)
    record({
      kind: 'member',
      who,
      name: member.name,
      text,
      mentions: mention.map((k) => members.find((m) => m.key === k)?.name ?? BOT_NAME),
      ...(quote ? { quote } : {}),
    })
    return group.say(who, body, { mention, ...(quote ? { quote } : {}) }).then(() => since(before))
  }

  const press = async (who: string, seq: number, button: string, reason?: string) => {
    const member = members.find((m) => m.key === who)
    const card = log[seq - 1]?.card
    if (!member) throw new PlaygroundInputError(`没有成员「${who}」 no member "${who}"`)
    if (!card) throw new PlaygroundInputError(`第 ${seq} 条不是审核卡片 message ${seq} is not a card`)
    const before = log.length
    const label = card.buttons.find((b) => b.action.verb === button)?.label ?? button
    record({
      kind: 'member',
      who,
      name: member.name,
      text: `〔按下卡片 ${card.subject} 的「${label}」${reason ? `，理由：${reason}` : ''}〕`,
      mentions: [],
    })
    const { note } = await group.press(who, card.ref, button, reason ? { reason } : {})
    if (note) record({ kind: 'bot', name: BOT_NAME, text: note, mentions: [], privateTo: member.name })
    return since(before)
  }

  const progress = new Map((o.drills ?? []).map((d) => [d.name, 0]))
  const progressOf = (d: Drill): DrillProgress => ({
    name: d.name,
    title: d.title,
    description: d.description,
    total: d.steps.length,
    next: progress.get(d.name) ?? 0,
  })
  const latestBot = (fragment: string) => [...log].reverse().find((m) => m.kind === 'bot' && !m.privateTo && m.text.includes(fragment))
  const drillIds = new Map<string, IdBinding>()
  const check = (ids: IdBinding, expect: string | undefined, got: PlaygroundMessage[]) => {
    if (!expect) return
    const seen = ids.expect(
      expect,
      got.filter((m) => m.kind === 'bot').map((m) => m.text),
    )
    record({ kind: 'note', name: '演练', text: seen ? `✔ 符合预期：「${seen}」` : `✘ 未见预期回复：「${ids.apply(expect)}」`, mentions: [] })
  }

  /** Moves the clock, stopping at each moment the digest or the weekly report is due to send it, as cron would. */
  const advanceWithSchedules = async (ms: number) => {
    const end = clock.now() + ms
    for (const run of runsBetween(config.schedules, clock.now(), end)) {
      await group.advance(run.at - clock.now())
      await group.bot().runSchedule(run.name)
    }
    await group.advance(end - clock.now())
  }

  return {
    group,
    members,
    instance: randomBytes(6).toString('hex'),
    storage: o.store ? { kind: 'persistent', label: o.store.label } : { kind: 'memory', label: '内存（重启后清空）' },
    now: () => clock.now(),
    messages: (after = 0) => log.slice(after),
    cards: () => log.filter((m) => m.card),
    press: (who, seq, button, reason) => serial(() => press(who, seq, button, reason)),
    say: (who, text, so = {}) =>
      serial(() => {
        const quoted = so.quote === undefined ? undefined : log[so.quote - 1]
        if (so.quote !== undefined && quoted?.kind !== 'bot')
          throw new PlaygroundInputError(`只能引用三审助手的消息 only the bot's messages can be quoted`)
        return say(who, text, quoted?.text)
      }),
    advance: (ms) =>
      serial(async () => {
        const before = log.length
        record({ kind: 'note', name: '时钟', text: `模拟时钟前进 ${Math.round(ms / 60_000)} 分钟`, mentions: [] })
        await advanceWithSchedules(ms)
        return since(before)
      }),
    drills: () => (o.drills ?? []).map(progressOf),
    stepDrill: (name) =>
      serial(async () => {
        const drill = o.drills?.find((d) => d.name === name)
        if (!drill) return undefined
        const index = progress.get(name) ?? 0
        const step = drill.steps[index]
        if (index === 0) drillIds.set(name, createIdBinding())
        const ids = drillIds.get(name) ?? createIdBinding()
        const before = log.length
        if (!step) return { progress: progressOf(drill), messages: [] }
        progress.set(name, index + 1)
        if ('note' in step) record({ kind: 'note', name: `演练 ${index + 1}/${drill.steps.length}`, text: step.note, mentions: [] })
        else if ('advance' in step) {
          record({
            kind: 'note',
            name: `演练 ${index + 1}/${drill.steps.length}`,
            text: `模拟时钟前进 ${Math.round(durationMs(step.advance) / 60_000)} 分钟`,
            mentions: [],
          })
          await advanceWithSchedules(durationMs(step.advance))
          check(ids, step.expect, since(before))
        } else if ('press' in step) {
          const latest = [...log].reverse().find((m) => m.card)
          if (!latest) record({ kind: 'note', name: `演练 ${index + 1}/${drill.steps.length}`, text: '✘ 没有可按的审核卡片', mentions: [] })
          else {
            const got = await press(step.press.as, latest.seq, step.press.button, step.press.reason)
            check(ids, step.press.expect, got)
          }
        } else {
          const quoted = step.say.quote ? latestBot(ids.apply(step.say.quote)) : undefined
          const mentionText = (step.say.mention ?? []).map((k) => `@${k === 'bot' ? BOT_NAME : (config.people[k]?.name ?? k)} `).join('')
          const got = await say(step.say.as, mentionText + ids.apply(step.say.text), quoted?.text)
          check(ids, step.say.expect, got)
        }
        return { progress: progressOf(drill), messages: since(before) }
      }),
    stop: () => group.stop(),
  }
}
