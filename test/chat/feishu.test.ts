import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { createBot } from '../../src/bot/create-bot.js'
import { loadConfig } from '../../src/config/load.js'
import { createMemoryStore } from '../../src/store/memory-store.js'
import { createFeishuChat } from '../../src/chat/feishu/adapter.js'
import { createOutbox } from '../../src/chat/outbox.js'
import type { ChatPort, IncomingMessage } from '../../src/chat/port.js'
import { ManualClock } from '../../src/clock.js'
import { describeAdapter, type BotMessage } from './adapter-suite.js'
import { startFakeFeishu, type FakeFeishu, type FeishuCard } from './fakes/feishu-server.js'

let ids = 0

/** a user's text message as Feishu's im.message.receive_v1 event carries it */
function receiveEvent(f: FakeFeishu, from: string, text: string, o: { chatId?: string; mentionBot?: boolean; parentId?: string } = {}) {
  const mentions = o.mentionBot ? [{ key: '@_user_1', id: { open_id: f.botOpenId, union_id: 'on_bot' }, name: '三审助手', tenant_key: 'tk' }] : []
  return {
    sender: { sender_id: { open_id: from, union_id: `on_${from}` }, sender_type: 'user', tenant_key: 'tk' },
    message: {
      message_id: `om_user_${++ids}`,
      ...(o.parentId ? { parent_id: o.parentId, root_id: o.parentId } : {}),
      create_time: String(Date.now()),
      chat_id: o.chatId ?? `oc_p2p_${from}`,
      chat_type: o.chatId ? 'group' : 'p2p',
      message_type: 'text',
      content: JSON.stringify({ text: o.mentionBot ? `@_user_1 ${text}` : text }),
      mentions,
    },
  }
}

describeAdapter(
  'feishu',
  async (config, extras) => {
    const groupId = config.groups[0]!.id!
    const f = await startFakeFeishu({ chats: { [groupId]: config.groups[0]!.topic ?? '' } })
    const people = {
      ...Object.fromEntries(Object.entries(config.people).map(([k, p]) => [k, p.id])),
      ...Object.fromEntries(Object.entries(extras).map(([k, p]) => [k, p.id])),
    }
    const idOf = (who: string) =>
      people[who] ??
      (() => {
        throw new Error(`no user ${who}`)
      })()
    const sent: BotMessage[] = []
    const seen = () => {
      for (const s of f.sent.slice(sent.length)) {
        sent.push({
          id: s.messageId,
          ...(s.receiveIdType === 'chat_id' ? { roomId: s.receiveId } : { to: s.receiveId }),
          text: s.text,
          mentionIds: s.mentionIds,
        })
      }
      return sent
    }
    let droppedAt = 0
    return {
      chat: createFeishuChat({ appId: f.appId, appSecret: f.appSecret, baseUrl: f.baseUrl }),
      get sent() {
        return seen()
      },
      otherGroupId: 'oc_not_configured_02',
      async userSays(who, text, o = {}) {
        const chatId = o.otherGroup ? 'oc_not_configured_02' : groupId
        f.push('im.message.receive_v1', receiveEvent(f, idOf(who), text, o.private ? {} : { chatId, mentionBot: true }))
      },
      async userQuotes(who, quoted, text) {
        f.push(
          'im.message.receive_v1',
          receiveEvent(f, idOf(who), text, { chatId: groupId, mentionBot: true, ...(quoted.id ? { parentId: quoted.id } : {}) }),
        )
      },
      async dropConnection() {
        droppedAt = f.connections
        f.dropConnection()
      },
      async reconnected() {
        const deadline = Date.now() + 5_000
        while (f.connections <= droppedAt) {
          if (Date.now() > deadline) throw new Error('the Feishu client did not reconnect')
          await new Promise((r) => setTimeout(r, 20))
        }
      },
      close: () => f.close(),
      cards: {
        shown: () => f.cards.filter((c) => c.chatId === groupId).map(shownFeishuCard),
        async press(who, card, label, o = {}) {
          const value = card.values[label]
          if (!value) throw new Error(`no button ${label} on ${card.ref}`)
          const eventId = o.eventId ?? `ev_press_${++ids}`
          const answer = await f.pressCard({
            operator: idOf(who),
            messageId: card.ref,
            value,
            formValue: { reason: o.reason ?? '' },
            eventId,
          })
          return { ...(answer.toast ? { note: answer.toast.content } : {}), eventId }
        },
      },
    }
  },
  'oc_editors_group',
  { cards: true },
)

interface FeishuElement {
  tag?: string
  text?: { content?: string }
  elements?: FeishuElement[]
  behaviors?: { type: string; value: Record<string, unknown> }[]
}
const elementsOf = (card: Record<string, unknown>): FeishuElement[] => {
  const walk = (es: FeishuElement[]): FeishuElement[] => es.flatMap((e) => [e, ...walk(e.elements ?? [])])
  return walk(((card.body as { elements?: FeishuElement[] }).elements ?? []) as FeishuElement[])
}
function buttonsOf(card: Record<string, unknown>): { label: string; value: Record<string, unknown> }[] {
  return elementsOf(card)
    .filter((e) => e.tag === 'button')
    .map((e) => ({ label: e.text?.content ?? '', value: e.behaviors?.find((b) => b.type === 'callback')?.value ?? {} }))
}
function shownFeishuCard(c: FeishuCard) {
  const title = (c.card.header as { title?: { content?: string } }).title?.content ?? ''
  const texts = elementsOf(c.card)
    .filter((e) => e.tag === 'div')
    .map((e) => e.text?.content ?? '')
  const buttons = buttonsOf(c.card)
  return {
    ref: c.messageId,
    text: [title, ...texts].join('\n'),
    buttons: buttons.map((b) => b.label),
    values: Object.fromEntries(buttons.map((b) => [b.label, b.value])),
  }
}

describe('the Feishu adapter', () => {
  let f: FakeFeishu | undefined
  let stop: (() => Promise<void>) | undefined
  afterEach(async () => {
    await stop?.()
    await f?.close()
    f = stop = undefined
  })

  it('turns @_user keys into mentions, drops the bot’s own, and writes <at> tags for outgoing mentions', async () => {
    f = await startFakeFeishu()
    const chat = createFeishuChat({ appId: f.appId, appSecret: f.appSecret, baseUrl: f.baseUrl })
    const got: IncomingMessage[] = []
    await chat.start(async (m) => void got.push(m))
    stop = () => chat.stop()
    const event = receiveEvent(f, 'ou_editor', '#转交 C1 @_user_2', { chatId: 'oc_g', mentionBot: true })
    event.message.mentions.push({ key: '@_user_2', id: { open_id: 'ou_deputy', union_id: 'on_d' }, name: '李副主任', tenant_key: 'tk' })
    f.push('im.message.receive_v1', event)
    for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    expect(got[0]).toMatchObject({
      room: { id: 'oc_g' },
      talker: { id: 'ou_editor' },
      mentionsBot: true,
      mentionIds: ['ou_deputy'],
      text: '#转交 C1 @李副主任',
    })
    await chat.sayToRoom('oc_g', { text: '请审核', mentions: ['ou_deputy'], key: 'outbox:1' })
    await chat.sayToRoom('oc_g', { text: '请审核', mentions: ['ou_deputy'], key: 'outbox:1' })
    expect(f.sent).toHaveLength(1) // the same key twice: Feishu's uuid de-duplication
    expect(f.sent[0]).toMatchObject({ receiveIdType: 'chat_id', receiveId: 'oc_g', text: '请审核', mentionIds: ['ou_deputy'] })
  })

  it('handles an event pushed twice (a late answer) once', async () => {
    f = await startFakeFeishu()
    const chat = createFeishuChat({ appId: f.appId, appSecret: f.appSecret, baseUrl: f.baseUrl })
    const got: IncomingMessage[] = []
    await chat.start(async (m) => void got.push(m))
    stop = () => chat.stop()
    const event = receiveEvent(f, 'ou_editor', '#我是谁', { chatId: 'oc_g', mentionBot: true })
    f.push('im.message.receive_v1', event)
    f.push('im.message.receive_v1', event)
    await new Promise((r) => setTimeout(r, 300))
    expect(got).toHaveLength(1)
  })

  it('serves a group configured only by its name, and tells its chat_id with #我是谁', async () => {
    f = await startFakeFeishu({ chats: { oc_new: '新媒体编辑部' } })
    const config = loadConfig('config/sanshen.yaml') // groups: [{ topic: 新媒体编辑部 }]
    const bot = createBot({
      config,
      chat: createFeishuChat({ appId: f.appId, appSecret: f.appSecret, baseUrl: f.baseUrl }),
      store: createMemoryStore(),
      logger: pino({ level: 'silent' }),
      sweepIntervalMs: 0,
    })
    await bot.start()
    stop = () => bot.stop()
    f.push('im.message.receive_v1', receiveEvent(f, 'ou_someone', '#我是谁', { chatId: 'oc_new', mentionBot: true }))
    for (let i = 0; i < 200 && f.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    expect(f.sent[0]!.text).toContain('ou_someone')
    expect(f.sent[0]!.text).toContain('本群 ID：oc_new')
  })

  it('shows a message once when the sender died after Feishu accepted it and another process sends it again', async () => {
    f = await startFakeFeishu()
    const store = createMemoryStore()
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0))
    const feishu = createFeishuChat({ appId: f.appId, appSecret: f.appSecret, baseUrl: f.baseUrl })
    // the first process: Feishu takes the message, then the process dies before marking it sent
    const dying: ChatPort = { ...feishu, sayToRoom: (id, m) => feishu.sayToRoom(id, m).then(() => new Promise<void>(() => {})) }
    void createOutbox(dying, { store: () => store, clock, log: pino({ level: 'silent' }) }).chat.sayToRoom('oc_g', { text: '请审核 D1' })
    for (let i = 0; i < 200 && f.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
    const config = loadConfig('config/sanshen.yaml')
    const bot = createBot({
      config,
      chat: createFeishuChat({ appId: f.appId, appSecret: f.appSecret, baseUrl: f.baseUrl }),
      store,
      clock,
      logger: pino({ level: 'silent' }),
      sweepIntervalMs: 0,
    })
    await bot.start()
    stop = () => bot.stop()
    clock.advance(61_000)
    await bot.sweep()
    expect(await store.pendingJobs()).toEqual([])
    expect(f.sent.map((m) => m.text)).toEqual(['请审核 D1'])
  })

  it('refuses to start with a wrong secret, in one sentence', async () => {
    f = await startFakeFeishu()
    const chat = createFeishuChat({ appId: f.appId, appSecret: 'wrong', baseUrl: f.baseUrl })
    await expect(chat.start(async () => {})).rejects.toThrow(/10014.*app secret invalid/)
  })

  it('refuses to start with an App ID that is not one', async () => {
    f = await startFakeFeishu()
    const chat = createFeishuChat({ appId: 'my-app', appSecret: 'x', baseUrl: f.baseUrl })
    await expect(chat.start(async () => {})).rejects.toThrow('is not a Feishu App ID')
  })
})
