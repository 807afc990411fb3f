import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDingtalkChat, type DingtalkChatOptions } from '../../src/chat/dingtalk/adapter.js'
import type { ChatPort, IncomingMessage } from '../../src/chat/port.js'
import { describeAdapter, type BotMessage } from './adapter-suite.js'
import { FakeDingtalk, type DingtalkCard, type DingtalkSent } from './fakes/dingtalk-server.js'

describe('DingTalk adapter (dingtalk-stream against a fake Stream gateway and robot OpenAPI)', () => {
  let fake: FakeDingtalk
  let base: string
  let received: IncomingMessage[]
  let logs: string[]
  let hold: Promise<void> | undefined
  const chats: ChatPort[] = []
  const people = [
    { id: 'manager01', name: '张三' },
    { id: 'manager02', name: '李四' },
  ]

  async function connect(overrides: Partial<DingtalkChatOptions> = {}): Promise<ChatPort> {
    const chat = createDingtalkChat({
      clientId: 'ding-app',
      clientSecret: 'ding-secret',
      apiBase: base,
      sessionWebhookBase: base,
      reconnectBaseMs: 20,
      keepAlive: false,
      people,
      log: (m) => logs.push(m),
      ...overrides,
    })
    chats.push(chat)
    await chat.start(async (m) => {
      received.push(m)
      await hold
    })
    return chat
  }

  async function receivedCount(n: number) {
    const deadline = Date.now() + 3000
    while (received.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    expect(received).toHaveLength(n)
  }

  beforeEach(async () => {
    fake = new FakeDingtalk()
    base = await fake.listen()
    received = []
    logs = []
    hold = undefined
  })
  afterEach(async () => {
    for (const c of chats.splice(0)) await c.stop()
    await fake.close()
  })

  it('receives a group @-message with the staffIds it mentions and a one-to-one message, and acknowledges both', async () => {
    await connect()
    fake.inject({ from: 'manager01', nick: '张三', conversationId: 'cidGroup1', text: '#代审 @李四', at: ['manager02'] })
    fake.inject({ from: 'manager02', nick: '李四', text: '#我是谁' })
    await receivedCount(2)
    expect(received[0]).toMatchObject({
      room: { id: 'cidGroup1', topic: '编辑部' },
      talker: { id: 'manager01', name: '张三' },
      text: '#代审',
      mentionsBot: true,
      mentionIds: ['manager02'],
    })
    expect(received[1]!.room).toBeUndefined()
    expect(received[1]).toMatchObject({ talker: { id: 'manager02' }, text: '#我是谁', mentionIds: [] })
    expect(logs.some((l) => l.includes('openConversationId cidGroup1'))).toBe(true)
    await fake.until(() => fake.pendingAcks === 0)
  })

  it('passes a quote of the robot on as the quoted bot text, and not a quote of someone else', async () => {
    await connect()
    fake.inject({ from: 'manager01', conversationId: 'cidGroup1', text: '#通过', quote: { text: '【待审】《春耕》', byBot: true } })
    fake.inject({ from: 'manager01', conversationId: 'cidGroup1', text: '#通过', quote: { text: '随便说说', byBot: false } })
    await receivedCount(2)
    expect(received[0]).toMatchObject({ text: '#通过', quotedBotText: '【待审】《春耕》' })
    expect(received[1]!.quotedBotText).toBeUndefined()
  })

  it('sends mentions through the sessionWebhook with atUserIds and @userId in the text; without mentions or webhook through the OpenAPI', async () => {
    const chat = await connect()
    await chat.sayToRoom('cidUnknown', { text: '无 webhook', mentions: ['manager01'] })
    fake.inject({ from: 'manager01', conversationId: 'cidGroup1', text: '#提交 春耕' })
    await receivedCount(1)
    await chat.sayToRoom('cidGroup1', { text: '《春耕》待初审', mentions: ['manager01', 'manager02'] })
    await chat.sayToRoom('cidGroup1', { text: '公告' })
    await chat.sayToContact('manager02', { text: '提醒：《春耕》已超时' })
    expect(fake.sent).toEqual([
      { via: 'group', to: 'cidUnknown', content: '@张三 无 webhook' },
      { via: 'session', to: 'cidGroup1', content: '@manager01 @manager02 《春耕》待初审', atUserIds: ['manager01', 'manager02'] },
      { via: 'group', to: 'cidGroup1', content: '公告' },
      { via: 'private', to: 'manager02', content: '提醒：《春耕》已超时' },
    ])
  })

  it('falls back to the OpenAPI, names written out, when the sessionWebhook is refused', async () => {
    const chat = await connect()
    fake.inject({ from: 'manager01', conversationId: 'cidGroup1', text: '#提交 春耕' })
    await receivedCount(1)
    fake.sessionsExpired = true
    await chat.sayToRoom('cidGroup1', { text: '请审', mentions: ['manager02'] })
    await chat.sayToRoom('cidGroup1', { text: '再请审', mentions: ['manager02'] })
    expect(fake.sent).toEqual([
      { via: 'group', to: 'cidGroup1', content: '@李四 请审' },
      { via: 'group', to: 'cidGroup1', content: '@李四 再请审' },
    ])
    expect(logs.filter((l) => /sessionWebhook refused/.test(l))).toHaveLength(1)
  })

  it('answers SYSTEM pings', async () => {
    await connect()
    fake.ping()
    await fake.until(() => fake.pings === 1)
  })

  it('reconnects after a drop mid-handling; the redelivered message is acknowledged and not handled twice', async () => {
    await connect()
    let release!: () => void
    hold = new Promise((r) => (release = r))
    fake.inject({ from: 'manager01', conversationId: 'cidGroup1', text: '#通过' })
    await receivedCount(1)
    fake.drop()
    await fake.until(() => fake.connections === 2)
    release()
    hold = undefined
    await fake.until(() => fake.pendingAcks === 0)
    fake.inject({ from: 'manager02', text: '#我是谁' })
    await receivedCount(2)
    expect(received.map((m) => m.text)).toEqual(['#通过', '#我是谁'])
    expect(logs.some((l) => /reconnecting/.test(l))).toBe(true)
  })

  it('logs a SYSTEM disconnect from the server and connects again', async () => {
    await connect()
    fake.announceDisconnect()
    await fake.until(() => fake.connections === 2)
    expect(logs.some((l) => /closing this connection/.test(l))).toBe(true)
    fake.inject({ from: 'manager02', text: '#我是谁' })
    await receivedCount(1)
  })

  it('ignores malformed and hostile frames with a log line and keeps working', async () => {
    const chat = await connect()
    fake.raw('not json {')
    fake.raw(JSON.stringify({ type: 'CALLBACK' }))
    fake.raw(JSON.stringify({ type: 'CALLBACK', headers: { topic: '/v1.0/im/bot/messages/get', messageId: 'h1' }, data: '{oops' }))
    fake.raw(
      JSON.stringify({
        type: 'CALLBACK',
        headers: { topic: '/v1.0/im/bot/messages/get', messageId: 'h2' },
        data: JSON.stringify({ msgId: 'x', conversationType: '9' }),
      }),
    )
    // A forged sessionWebhook pointing elsewhere is never called.
    fake.raw(
      JSON.stringify({
        type: 'CALLBACK',
        headers: { topic: '/v1.0/im/bot/messages/get', messageId: 'h3' },
        data: JSON.stringify({
          msgId: 'evil',
          msgtype: 'text',
          conversationId: 'cidGroup1',
          conversationType: '2',
          senderId: 's',
          senderStaffId: 'manager01',
          sessionWebhook: 'http://169.254.169.254/steal',
          sessionWebhookExpiredTime: Date.now() + 3_600_000,
          text: { content: '#通过' },
        }),
      }),
    )
    fake.inject({ from: 'manager02', text: '#我是谁' })
    await receivedCount(2)
    await chat.sayToRoom('cidGroup1', { text: '请审', mentions: ['manager01'] })
    expect(fake.sent).toEqual([{ via: 'group', to: 'cidGroup1', content: '@张三 请审' }])
    expect(logs.filter((l) => /malformed|not JSON/.test(l)).length).toBeGreaterThanOrEqual(4)
  })

  it('keeps one SDK heartbeat timer at most across reconnects, and none after stop()', async () => {
    // the SDK's heartbeat is a setInterval of 8 s per connection: watch those it starts and clears
    const live = new Set<unknown>()
    const most = { n: 0 }
    const realSet = globalThis.setInterval
    const realClear = globalThis.clearInterval
    const setSpy = vi.spyOn(globalThis, 'setInterval').mockImplementation(((fn: () => void, ms?: number) => {
      const t = realSet(fn, ms)
      if (ms === 8_000) live.add(t)
      most.n = Math.max(most.n, live.size)
      return t
    }) as typeof setInterval)
    const clearSpy = vi.spyOn(globalThis, 'clearInterval').mockImplementation(((t?: NodeJS.Timeout) => {
      live.delete(t)
      realClear(t)
    }) as typeof clearInterval)
    try {
      const chat = await connect({ keepAlive: true })
      for (let n = 2; n <= 4; n++) {
        fake.drop()
        await fake.until(() => fake.connections === n)
      }
      // the client's side of the last connection opens (and its heartbeat starts) just after the server's
      for (let i = 0; i < 100 && live.size === 0; i++) await new Promise((r) => setTimeout(r, 10))
      expect(live.size).toBe(1)
      expect(most.n).toBe(1)
      await chat.stop()
      expect(live.size).toBe(0)
    } finally {
      setSpy.mockRestore()
      clearSpy.mockRestore()
    }
  })

  it('checks a sessionWebhook’s expiry on the bot’s clock: past it, a mention goes through the OpenAPI with the name written out', async () => {
    let botNow = Date.now()
    const chat = createDingtalkChat({
      clientId: 'ding-app',
      clientSecret: 'ding-secret',
      apiBase: base,
      sessionWebhookBase: base,
      keepAlive: false,
      people,
    })
    chats.push(chat)
    await chat.start(async (m) => void received.push(m), undefined, { now: () => botNow })
    fake.inject({ from: 'manager01', conversationId: 'cidGroup1', text: '#提交 春耕' })
    await receivedCount(1)
    await chat.sayToRoom('cidGroup1', { text: '请审', mentions: ['manager02'] })
    botNow += 2 * 3_600_000 // the bot's clock is past the webhook's 1.5 hours; real time is not
    await chat.sayToRoom('cidGroup1', { text: '超时了', mentions: ['manager02'] })
    expect(fake.sent.map((s) => s.via)).toEqual(['session', 'group'])
    expect(fake.sent[1]!.content).toBe('@李四 超时了')
  })

  it('says once that a sessionWebhook outside the configured base is not used (a private deployment needs DINGTALK_WEBHOOK_BASE)', async () => {
    const chat = await connect({ sessionWebhookBase: 'https://oapi.dingtalk.com' })
    fake.inject({ from: 'manager01', conversationId: 'cidGroup1', text: '#提交 春耕' })
    fake.inject({ from: 'manager01', conversationId: 'cidGroup1', text: '#提交 秋收' })
    await receivedCount(2)
    await chat.sayToRoom('cidGroup1', { text: '请审', mentions: ['manager02'] })
    expect(fake.sent).toEqual([{ via: 'group', to: 'cidGroup1', content: '@李四 请审' }])
    expect(logs.filter((l) => l.includes('DINGTALK_WEBHOOK_BASE'))).toHaveLength(1)
  })

  it('fails the start on wrong credentials', async () => {
    await expect(connect({ clientSecret: 'wrong' })).rejects.toThrow(/refused/)
  })
})

const OTHER_GROUP = 'cidNotConfigured02=='

/** The shared review suite on DingTalk: dingtalk-stream and the OpenAPI client against the fake platform. */
describeAdapter(
  'dingtalk (fake Stream gateway and robot OpenAPI)',
  async (config, extras) => {
    const fake = new FakeDingtalk()
    const base = await fake.listen()
    const groupId = config.groups[0]!.id!
    const person = (who: string) =>
      config.people[who] ??
      extras[who] ??
      (() => {
        throw new Error(`no user ${who}`)
      })()
    const toBotMessage = (s: DingtalkSent): BotMessage => {
      if (s.via === 'private') return { to: s.to, text: s.content, mentionIds: [] }
      const mentionIds = s.atUserIds ?? []
      let text = s.content
      for (const id of mentionIds) text = text.replace(`@${id}`, '')
      return { roomId: s.to, text: text.trim(), mentionIds }
    }
    const chat = createDingtalkChat({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      apiBase: base,
      sessionWebhookBase: base,
      reconnectBaseMs: 20,
      keepAlive: false,
      people: Object.values(config.people).map((p) => ({ id: p.id, name: p.name })),
      cardTemplateId: 'tpl-sanshen-review.schema',
    })
    const says = (who: string, text: string, o: { private?: boolean; quote?: string; otherGroup?: boolean } = {}) => {
      const p = person(who)
      fake.inject({
        from: p.id,
        nick: p.name,
        text,
        ...(o.private ? {} : { conversationId: o.otherGroup ? OTHER_GROUP : groupId }),
        ...(o.quote ? { quote: { text: o.quote, byBot: true } } : {}),
      })
    }
    return {
      chat,
      get sent() {
        return fake.sent.map(toBotMessage)
      },
      otherGroupId: OTHER_GROUP,
      async userSays(who, text, o) {
        says(who, text, o)
      },
      async userQuotes(who, quoted, text) {
        says(who, text, { quote: quoted.text })
      },
      async dropConnection() {
        fake.refusing = true
        fake.drop()
      },
      async reconnected() {
        const before = fake.connections
        fake.refusing = false
        await fake.until(() => fake.connections > before, 40_000)
      },
      close: () => fake.close(),
      cards: {
        shown: () => fake.cards.filter((c) => c.openSpaceId === `dtv1.card//IM_GROUP.${groupId}`).map(shownDingtalkCard),
        async press(who, card, label, o = {}) {
          const value = card.values[label]
          if (!value) throw new Error(`no button ${label} on ${card.ref}`)
          const params = { verb: String(value.verb), ...(o.reason !== undefined ? { reason: o.reason } : {}) }
          const { messageId } = await fake.pressCard({
            userId: person(who).id,
            outTrackId: card.ref,
            params,
            ...(o.eventId ? { messageId: o.eventId } : {}),
          })
          return { eventId: messageId }
        },
      },
    }
  },
  'cidEditorsGroup01==',
  { cards: true },
)

/** The template's buttons (config/cards/dingtalk-review.json), each shown while its show_ flag is 'true'. */
const TEMPLATE_BUTTONS: Record<string, string> = {
  approve: '通过',
  reject: '驳回',
  full: '查看全文',
  diff: '与上一版的差异',
  transfer: '转交',
  check: '检查提示',
  replied: '已答复',
  promise: '承诺时限',
}

function shownDingtalkCard(c: DingtalkCard) {
  const p = c.params
  const verbs = Object.keys(TEMPLATE_BUTTONS).filter((v) => p[`show_${v}`] === 'true')
  return {
    ref: c.outTrackId,
    text: [p.title, p.fields, p.lines, p.status].filter(Boolean).join('\n'),
    buttons: verbs.map((v) => TEMPLATE_BUTTONS[v]!),
    values: Object.fromEntries(verbs.map((v) => [TEMPLATE_BUTTONS[v]!, { verb: v }])),
  }
}
