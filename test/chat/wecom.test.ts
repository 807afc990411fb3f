import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ChatPort, IncomingMessage } from '../../src/chat/port.js'
import { createWecomChat } from '../../src/chat/wecom/adapter.js'
import { describeAdapter, type BotMessage } from './adapter-suite.js'
import { FakeWecom, type WecomSent } from './fakes/wecom-server.js'

describe('WeCom adapter (official SDK against a fake long-connection server)', () => {
  let fake: FakeWecom
  let url: string
  let received: IncomingMessage[]
  let logs: string[]
  const chats: ChatPort[] = []

  const people = [
    { id: 'zhangsan', name: '张三' },
    { id: 'lisi', name: '李四' },
  ]

  async function connect(overrides: { secret?: string } = {}): Promise<ChatPort> {
    const chat = createWecomChat({
      botId: 'bot-1',
      secret: overrides.secret ?? 'secret-1',
      wsUrl: url,
      reconnectBaseMs: 20,
      people,
      log: (m) => logs.push(m),
    })
    chats.push(chat)
    await chat.start(async (m) => {
      received.push(m)
    })
    return chat
  }

  beforeEach(async () => {
    fake = new FakeWecom()
    url = await fake.listen()
    received = []
    logs = []
  })
  afterEach(async () => {
    for (const c of chats.splice(0)) await c.stop()
    await fake.close()
  })

  async function receivedCount(n: number) {
    const deadline = Date.now() + 3000
    while (received.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    expect(received).toHaveLength(n)
  }

  it('receives a group @-message without the bot mention, with the people it mentions, and a private message', async () => {
    await connect()
    fake.inject({ from: 'zhangsan', chatid: 'wrGroup1', text: '#代审 @李四 请看' })
    fake.inject({ from: 'lisi', text: '#我是谁' })
    await receivedCount(2)
    expect(received[0]).toMatchObject({
      room: { id: 'wrGroup1' },
      talker: { id: 'zhangsan', name: '张三' },
      text: '#代审 请看',
      mentionsBot: true,
      mentionIds: ['lisi'],
    })
    expect(received[1]!.room).toBeUndefined()
    expect(received[1]).toMatchObject({ talker: { id: 'lisi' }, text: '#我是谁', mentionsBot: true, mentionIds: [] })
    expect(logs).toContain('wecom: messages from group chatid wrGroup1 (the id for groups[].id)')
  })

  it('removes the bot’s mention wherever it stands when the bot’s name is known', async () => {
    const chat = createWecomChat({ botId: 'bot-1', secret: 'secret-1', wsUrl: url, botName: '三审', log: (m) => logs.push(m) })
    chats.push(chat)
    await chat.start(async (m) => {
      received.push(m)
    })
    fake.raw(
      JSON.stringify({
        cmd: 'aibot_msg_callback',
        headers: { req_id: 'r' },
        body: {
          msgid: 'm9',
          chattype: 'group',
          chatid: 'wrGroup1',
          from: { userid: 'zhangsan' },
          msgtype: 'text',
          text: { content: '#通过 D1 @三审' },
        },
      }),
    )
    await receivedCount(1)
    expect(received[0]!.text).toBe('#通过 D1')
  })

  it('passes a quoted message on as the quoted bot text', async () => {
    await connect()
    fake.inject({ from: 'zhangsan', chatid: 'wrGroup1', text: '#通过', quote: '【待审】《春耕》请 张三 初审' })
    await receivedCount(1)
    expect(received[0]).toMatchObject({ text: '#通过', quotedBotText: '【待审】《春耕》请 张三 初审' })
  })

  it('sends to a group with <@userid> mentions and proactively to a person by userid', async () => {
    const chat = await connect()
    await chat.sayToRoom('wrGroup1', { text: '《春耕》待初审', mentions: ['zhangsan', 'lisi'] })
    await chat.sayToContact('lisi', { text: '提醒：《春耕》已超时' })
    expect(fake.sent).toEqual([
      { cmd: 'aibot_send_msg', chatid: 'wrGroup1', content: '<@zhangsan> <@lisi> 《春耕》待初审' },
      { cmd: 'aibot_send_msg', chatid: 'lisi', content: '提醒：《春耕》已超时' },
    ])
  })

  it('answers on the incoming message’s reply channel once; a second answer, one that must notify people, or one after the window goes proactively', async () => {
    const chat = await connect()
    const asked = fake.inject({ from: 'zhangsan', chatid: 'wrGroup1', text: '#状态' })
    const privately = fake.inject({ from: 'lisi', text: '#我是谁' })
    const late = fake.inject({ from: 'lisi', chatid: 'wrGroup1', text: '#待办' })
    await receivedCount(3)
    await chat.sayToRoom('wrGroup1', { text: '在审稿件：无', replyTo: asked })
    await chat.sayToRoom('wrGroup1', { text: '第二条', replyTo: asked })
    await chat.sayToContact('lisi', { text: '你的账号 ID：lisi', replyTo: privately })
    await chat.sayToRoom('wrGroup1', { text: '请审核', mentions: ['lisi'], replyTo: late })
    fake.now = () => Date.now() + 6 * 60_000 // the platform's five minutes have passed for this callback
    const later = fake.inject({ from: 'lisi', chatid: 'wrGroup1', text: '#待办' })
    await receivedCount(4)
    fake.now = () => Date.now() + 12 * 60_000
    await chat.sayToRoom('wrGroup1', { text: '太晚了', replyTo: later })
    expect(fake.sent).toEqual([
      { cmd: 'aibot_respond_msg', chatid: 'wrGroup1', content: '在审稿件：无', answers: asked },
      { cmd: 'aibot_send_msg', chatid: 'wrGroup1', content: '第二条' },
      { cmd: 'aibot_respond_msg', chatid: 'lisi', content: '你的账号 ID：lisi', answers: privately },
      { cmd: 'aibot_send_msg', chatid: 'wrGroup1', content: '<@lisi> 请审核' },
      { cmd: 'aibot_send_msg', chatid: 'wrGroup1', content: '太晚了' },
    ])
    expect(logs.filter((l) => /reply on the message's channel refused \(WeCom refused the message: 846605/.test(l))).toHaveLength(1)
  })

  it('does not answer on a reply channel of the connection before a reconnect', async () => {
    const chat = await connect()
    const asked = fake.inject({ from: 'zhangsan', chatid: 'wrGroup1', text: '#状态' })
    await receivedCount(1)
    fake.drop()
    await fake.until(() => fake.subscriptions === 2)
    await chat.sayToRoom('wrGroup1', { text: '在审稿件：无', replyTo: asked })
    expect(fake.sent).toEqual([{ cmd: 'aibot_send_msg', chatid: 'wrGroup1', content: '在审稿件：无' }])
  })

  it('reconnects after a dropped connection; a send while down fails for the outbox to retry; a redelivery is not handled twice', async () => {
    const chat = await connect()
    fake.drop()
    await expect(chat.sayToRoom('wrGroup1', { text: '断线时' })).rejects.toThrow()
    await fake.until(() => fake.subscriptions === 2)
    const msgid = fake.inject({ from: 'zhangsan', chatid: 'wrGroup1', text: '#通过' })
    fake.inject({ from: 'zhangsan', chatid: 'wrGroup1', text: '#通过', msgid })
    fake.inject({ from: 'lisi', text: '#我是谁' })
    await receivedCount(2)
    await chat.sayToRoom('wrGroup1', { text: '重连后' })
    expect(fake.sent.map((s) => s.content)).toEqual(['重连后'])
    expect(logs.some((l) => /reconnecting/.test(l))).toBe(true)
  })

  it('logs a takeover by a newer connection with the same Bot ID instead of crashing', async () => {
    await connect()
    const newer = await connect()
    await fake.until(() => logs.some((l) => /took over/.test(l)))
    fake.inject({ from: 'lisi', text: '#我是谁' })
    await receivedCount(1)
    await newer.sayToContact('lisi', { text: '新连接' })
    expect(fake.sent.map((s) => s.content)).toEqual(['新连接'])
  })

  it('ignores malformed and hostile frames with a log line and keeps working', async () => {
    await connect()
    fake.raw('not json {')
    fake.raw(JSON.stringify({ cmd: 'aibot_msg_callback', headers: { req_id: 'x' }, body: { msgtype: 'text', text: { content: '#通过' } } }))
    fake.raw(
      JSON.stringify({
        cmd: 'aibot_msg_callback',
        headers: { req_id: 'y' },
        body: { msgid: 'm1', chattype: 'group', from: { userid: 'zhangsan' }, msgtype: 'text', text: { content: '@三审 #通过' } },
      }),
    )
    fake.raw(
      JSON.stringify({
        cmd: 'aibot_msg_callback',
        headers: { req_id: 'z' },
        body: { msgid: 'm2', chattype: 'single', from: { userid: 7 }, msgtype: 'text', text: { content: '#通过' } },
      }),
    )
    fake.inject({ from: 'lisi', text: '#我是谁' })
    await receivedCount(1)
    expect(received[0]!.talker.id).toBe('lisi')
    expect(logs.filter((l) => /malformed|without chatid|parse/.test(l)).length).toBeGreaterThanOrEqual(3)
  })

  it('fails the start on a wrong secret', async () => {
    await expect(connect({ secret: 'wrong' })).rejects.toThrow(/refused/)
  })
})

const OTHER_GROUP = 'wrNotConfigured02'

/** The shared review suite on WeCom: the real SDK against the fake long-connection server. */
describeAdapter(
  'wecom (fake long-connection server)',
  async (config, extras) => {
    const fake = new FakeWecom()
    const wsUrl = await fake.listen()
    const groupId = config.groups[0]!.id!
    const idOf = (who: string) =>
      config.people[who]?.id ??
      extras[who]?.id ??
      (() => {
        throw new Error(`no user ${who}`)
      })()
    const toBotMessage = (s: WecomSent): BotMessage => {
      const mentionIds = [...s.content.matchAll(/<@([^>]+)>/g)].map((m) => m[1]!)
      const text = s.content.replace(/<@[^>]+>\s*/g, '').trim()
      return s.chatid === groupId || s.chatid === OTHER_GROUP ? { roomId: s.chatid, text, mentionIds } : { to: s.chatid ?? '', text, mentionIds }
    }
    const chat = createWecomChat({
      botId: fake.botId,
      secret: fake.secret,
      wsUrl,
      reconnectBaseMs: 20,
      people: Object.values(config.people).map((p) => ({ id: p.id, name: p.name })),
    })
    return {
      chat,
      get sent() {
        return fake.sent.map(toBotMessage)
      },
      otherGroupId: OTHER_GROUP,
      async userSays(who, text, o) {
        fake.inject({ from: idOf(who), text, ...(o?.private ? {} : { chatid: o?.otherGroup ? OTHER_GROUP : groupId }) })
      },
      async userQuotes(who, quoted, text) {
        fake.inject({ from: idOf(who), text, chatid: groupId, quote: quoted.text })
      },
      async dropConnection() {
        fake.refusing = true
        fake.drop()
      },
      async reconnected() {
        const before = fake.subscriptions
        fake.refusing = false
        await fake.until(() => fake.subscriptions > before, 40_000)
      },
      close: () => fake.close(),
      cards: {
        shown: () => fake.cards.filter((c) => c.chatid === groupId).map((c) => shownWecomCard(c.taskId, c.card)),
        async press(who, card, label, o = {}) {
          const value = card.values[label]
          if (!value) throw new Error(`no button ${label} on ${card.ref}`)
          const options = (value.reasons ?? []) as { id: string; text: string }[]
          // a card with no drop-down (a public message's reminder) cannot carry a text: WeCom cards have no input
          const selected = o.reason === undefined || !options.length ? undefined : options.find((x) => x.text === o.reason)?.id
          if (o.reason !== undefined && options.length && !selected) throw new Error(`no reason ${o.reason} in the drop-down`)
          const answer = await fake.pressCard({
            from: idOf(who),
            taskId: card.ref,
            key: String(value.key),
            ...(selected ? { selected } : {}),
            ...(o.eventId ? { msgid: o.eventId } : {}),
          })
          // the note is the card's text as the presser now sees it
          return { ...(answer.card ? { note: shownWecomCard(card.ref, answer.card).text } : {}), eventId: answer.msgid }
        },
      },
    }
  },
  'wrEditorsGroup01',
  { cards: true },
)

/** A template card as a user sees it: its texts, and its buttons but the state button of a decided card. */
function shownWecomCard(taskId: string, card: Record<string, unknown>) {
  const c = card as {
    main_title?: { title?: string }
    sub_title_text?: string
    quote_area?: { quote_text?: string }
    horizontal_content_list?: { keyname: string; value?: string }[]
    button_list?: { text: string; key: string }[]
    button_selection?: { option_list: { id: string; text: string }[] }
  }
  const fields = (c.horizontal_content_list ?? []).map((f) => `${f.keyname}：${f.value ?? ''}`)
  const buttons = (c.button_list ?? []).filter((b) => b.key !== 'status')
  return {
    ref: taskId,
    text: [c.main_title?.title ?? '', ...fields, c.sub_title_text ?? '', c.quote_area?.quote_text ?? ''].join('\n'),
    buttons: buttons.map((b) => b.text),
    values: Object.fromEntries(buttons.map((b) => [b.text, { key: b.key, reasons: c.button_selection?.option_list ?? [] }])),
  }
}
