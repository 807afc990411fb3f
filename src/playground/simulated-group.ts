import type { EventEmitter } from 'node:events'
import { pino } from 'pino'
import { FileBox } from 'file-box'
import type { Logger } from 'pino'
import type { mock } from 'wechaty-puppet-mock'
import { createBot, type Bot } from '../bot/create-bot.js'
import { createWechatyChat } from '../chat/wechaty/adapter.js'
import type { ChatPort } from '../chat/port.js'
import { type ShownCard, type SimulatedCards, withSimulatedCards } from './simulated-cards.js'
import { SimulatedPuppet } from '../chat/wechaty/simulated-puppet.js'
import type { Checker } from '../checklist/types.js'
import { ManualClock } from '../clock.js'
import type { Config } from '../config/schema.js'
import { createMemoryStore } from '../store/memory-store.js'
import type { Store } from '../store/store.js'

/** A message the bot sent: to the group (with its @-mentions) or privately. */
export interface Sent {
  text: string
  mentionIds: string[]
  roomId?: string
  to?: string
}

export const BOT_ID = 'wxid_sanshen_bot'
export const BOT_NAME = '三审助手'

export interface SimulatedGroupOptions {
  store?: Store
  clock?: ManualClock
  checker?: Checker
  puppet?: SimulatedPuppet
  logger?: Logger
  /** called with every message the bot sends (the playground streams them to the page) */
  onSent?: (s: Sent) => void
  /** which of config.groups the simulated room is (default the first) */
  group?: number
  /** the environment for the bot (platform credentials and API bases); default: none */
  env?: Record<string, string | undefined>
  /** poll the platform APIs on a timer (default on; tests call bot().pollPlatforms()) */
  platformPolling?: boolean
  /** review cards in the group (the playground): called with each card sent or repainted */
  onCard?: (c: ShownCard) => void
}

/**
 * The real bot, through the real Wechaty, on wechaty-puppet-mock: a simulated editorial group
 * holding every configured person plus an outsider. `say` waits until the bot has finished with
 * the message (no sleeps), and returns what the bot sent in reply. The tests and the playground
 * both drive the bot through this.
 */
export interface SimulatedGroup {
  bot(): Bot
  sim: mock.Mocker
  room: mock.RoomMock
  clock: ManualClock
  store(): Store
  sent: Sent[]
  contact(who: string): mock.ContactMock
  addMember(key: string, payload: { id: string; name: string; alias?: string }): mock.ContactMock
  say(who: string, text: string, o?: { mention?: string[]; quote?: string; private?: boolean; room?: mock.RoomMock }): Promise<Sent[]>
  /** `who` presses button `verb` of card `ref` (onCard on): what the bot said, and the note it answered `who` with */
  press(who: string, ref: string, verb: string, values?: Record<string, string>): Promise<{ sent: Sent[]; note?: string }>
  /** `who` sends an image, video or file of `bytes` bytes to the group */
  sendFile(who: string, name: string, bytes: number): Promise<Sent[]>
  advance(ms: number): Promise<Sent[]>
  restart(newStore?: Store): Promise<void>
  stop(): Promise<void>
}

export async function simulatedGroup(config: Config, opts: SimulatedGroupOptions = {}): Promise<SimulatedGroup> {
  let puppet = opts.puppet ?? new SimulatedPuppet()
  const sim = puppet.simulator
  const clock = opts.clock ?? new ManualClock(Date.UTC(2026, 10, 23, 2, 0)) // Mon 10:00 in Shanghai
  const store = opts.store ?? createMemoryStore()
  const botUser = sim.createContact({ id: BOT_ID, name: BOT_NAME })
  sim.login(botUser)
  const contacts = new Map<string, ReturnType<typeof sim.createContact>>()
  for (const [key, p] of Object.entries(config.people)) contacts.set(key, sim.createContact({ id: p.id, name: p.name }))
  const outsider = sim.createContact({ id: 'wxid_outsider', name: '实习生小周' })
  contacts.set('outsider', outsider)
  const served = config.groups[opts.group ?? 0]!
  const room = sim.createRoom({
    id: served.id ?? 'editors@chatroom',
    topic: served.topic ?? 'group',
    memberIdList: [BOT_ID, ...[...contacts.values()].map((c) => c.id)],
  })

  const sent: Sent[] = []
  const record = (s: Sent) => {
    sent.push(s)
    opts.onSent?.(s)
  }
  const watchedRooms = new Set<string>()
  const watchRoom = (r: mock.RoomMock) => {
    if (watchedRooms.has(r.id)) return
    watchedRooms.add(r.id)
    ;(r as unknown as EventEmitter).on('message', (m: { payload: { talkerId: string; text?: string; mentionIdList?: string[] } }) => {
      if (m.payload.talkerId === BOT_ID) record({ text: m.payload.text ?? '', mentionIds: m.payload.mentionIdList ?? [], roomId: r.id })
    })
  }
  watchRoom(room)
  const watchPrivate = (c: ReturnType<typeof sim.createContact>) =>
    (c as unknown as EventEmitter).on('message', (m: { payload: { talkerId: string; listenerId?: string; text?: string } }) => {
      if (m.payload.talkerId === BOT_ID && m.payload.listenerId === c.id) record({ text: m.payload.text ?? '', mentionIds: [], to: c.id })
    })
  for (const c of contacts.values()) watchPrivate(c)

  // Each message is waited for by its own id, so that several groups may speak at once (bench/store-scale).
  const waiters = new Map<string, () => void>()
  /** runs `send` (one simulated message) and resolves once the bot has finished with that message */
  const settledOf = (send: () => void): Promise<void> => {
    let id: string | undefined
    const grab = (e: { messageId: string }) => {
      id ??= e.messageId
    }
    // the mock emits the new message's id synchronously, inside send()
    sim.puppet.on('message', grab)
    try {
      send()
    } finally {
      sim.puppet.off('message', grab)
    }
    if (id === undefined) throw new Error('the simulated message was not emitted')
    const key = id
    return new Promise<void>((resolve) => waiters.set(key, resolve))
  }
  let current = store
  let cards: SimulatedCards | undefined
  const withCards = (chat: ChatPort): ChatPort => {
    if (!opts.onCard) return chat
    cards = withSimulatedCards(chat, (id) => (id === room.id ? room.payload.topic : id), opts.onCard)
    return cards.chat
  }
  const build = (s: Store): Bot =>
    createBot({
      config,
      // the same port as every platform: the Wechaty adapter, on the simulated puppet (with cards in the playground)
      chat: withCards(createWechatyChat({ puppet })),
      store: s,
      clock,
      ...(opts.checker ? { checker: opts.checker } : {}),
      logger: opts.logger ?? pino({ level: 'silent' }),
      sweepIntervalMs: 0,
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.platformPolling !== undefined ? { platformPolling: opts.platformPolling } : {}),
      onMessageSettled: (id) => {
        waiters.get(id)?.()
        waiters.delete(id)
      },
    })
  let bot = build(store)
  await bot.start()

  function contact(who: string) {
    const c = contacts.get(who)
    if (!c) throw new Error(`no simulated member "${who}"`)
    return c
  }

  return {
    bot: () => bot,
    sim,
    room,
    clock,
    store: () => current,
    sent,
    contact,
    /** adds a member, e.g. an impostor with a copied name, or a person whose id changed */
    addMember(key: string, payload: { id: string; name: string; alias?: string }) {
      const c = sim.createContact(payload)
      contacts.set(key, c)
      watchPrivate(c)
      room.payload.memberIdList.push(c.id)
      return c
    },
    /** `who` writes `text` in the group (optionally @-mentioning people or quoting a bot message) */
    async say(who, text, o = {}) {
      const before = sent.length
      const mentions = (o.mention ?? []).map((k) => (k === 'bot' ? botUser : contact(k)))
      const prefix = mentions.map((c) => `@${c.payload.name}\u2005`).join('')
      const body = o.quote ? `「${BOT_NAME}：${o.quote}」\n- - - - - - - - - - - - - - -\n${text}` : text
      if (!o.private) watchRoom(o.room ?? room)
      await settledOf(() =>
        o.private
          ? contact(who)
              .say(prefix + body)
              .to(botUser)
          : contact(who)
              .say(prefix + body, mentions)
              .to(o.room ?? room),
      )
      return sent.slice(before)
    },
    async press(who, ref, verb, values) {
      if (!cards) throw new Error('the simulated group has no cards (onCard not given)')
      const before = sent.length
      const c = contact(who)
      const { note } = await cards.press(c.id, c.payload.name, ref, verb, values)
      // what the press said went through the outbox: let its sends reach the simulated room
      await new Promise((r) => setImmediate(r))
      return { sent: sent.slice(before), ...(note !== undefined ? { note } : {}) }
    },
    async sendFile(who, name, bytes) {
      const before = sent.length
      // the mock keeps files as JSON, which only base64 boxes support
      await settledOf(() =>
        contact(who)
          .say(FileBox.fromBase64(Buffer.alloc(bytes).toString('base64'), name))
          .to(room),
      )
      return sent.slice(before)
    },
    /** moves the clock and runs everything due */
    async advance(ms: number): Promise<Sent[]> {
      const before = sent.length
      clock.advance(ms)
      await bot.sweep()
      return sent.slice(before)
    },
    /** stops the bot and starts a new one on the same store, puppet and clock: a restart */
    async restart(newStore?: Store): Promise<void> {
      await bot.stop()
      current = newStore ?? current
      // a new process would get a new puppet logging in to the same WeChat world
      puppet = new SimulatedPuppet(sim)
      sim.login(botUser)
      bot = build(current)
      await bot.start()
    },
    async stop() {
      await bot.stop()
    },
  }
}

/** The ids of the people a bot message @-mentions, as person keys. */
export function mentionedKeys(config: Config, s: Sent): string[] {
  return s.mentionIds.map((id) => Object.entries(config.people).find(([, p]) => p.id === id)?.[0] ?? id)
}
