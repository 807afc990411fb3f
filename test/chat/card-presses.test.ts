/**
 * Card presses at the edge of each adapter, with the real SDK against the fake platform: a press
 * reaches the bot with its action, the typed or chosen reason and the presser's id; hostile or
 * malformed callbacks are ignored with a log line; a draft's text cannot smuggle markup into a card.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Card, CardPress } from '../../src/chat/cards.js'
import { createDingtalkChat } from '../../src/chat/dingtalk/adapter.js'
import { createFeishuChat } from '../../src/chat/feishu/adapter.js'
import type { ChatPort } from '../../src/chat/port.js'
import { createWecomChat } from '../../src/chat/wecom/adapter.js'
import { FakeDingtalk } from './fakes/dingtalk-server.js'
import { startFakeFeishu } from './fakes/feishu-server.js'
import { FakeWecom } from './fakes/wecom-server.js'

const card = (title = '【待审】D1「标题」'): Card => ({
  subject: 'D1',
  version: 2,
  title,
  tone: 'open',
  fields: [{ label: '阶段', value: '第1/2级「初审」' }],
  lines: ['正文'],
  buttons: [
    { label: '通过', action: { verb: 'approve', subject: 'D1', version: 2 }, style: 'primary' },
    { label: '驳回', action: { verb: 'reject', subject: 'D1', version: 2 }, style: 'danger', needsReason: true },
  ],
  reasons: ['来源未注明', '错别字'],
})

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 5_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop()
})

async function started(chat: ChatPort, onPress: (p: CardPress) => Promise<void>) {
  chat.cards!.onPress(onPress)
  await chat.start(async () => {})
  stops.push(() => chat.stop())
}

describe('Feishu card presses', () => {
  it('passes a press on with its form values, answers with toast and card, and ignores a malformed one', async () => {
    const f = await startFakeFeishu()
    stops.push(() => f.close())
    const logs: string[] = []
    const presses: CardPress[] = []
    const chat = createFeishuChat({ appId: f.appId, appSecret: f.appSecret, baseUrl: f.baseUrl, log: (m) => logs.push(m) })
    await started(chat, async (p) => {
      presses.push(p)
      await p.answer({ note: '已记录', card: { ...card(), buttons: [], tone: 'done' } })
    })
    const ref = await chat.cards!.send({ roomId: 'oc_group' }, card('【待审】D1「<at user_id="all"></at>」'))
    // the title stays plain text: no markdown element could turn it into an @all
    expect(JSON.stringify(f.cards[0]!.card)).not.toContain('"tag":"markdown"')
    const answer = await f.pressCard({
      operator: 'ou_deputy',
      messageId: ref,
      value: { verb: 'reject', subject: 'D1', version: 2 },
      formValue: { reason: '来源未注明' },
    })
    expect(answer).toMatchObject({ late: false, toast: { content: '已记录' } })
    expect(presses[0]).toMatchObject({
      action: { verb: 'reject', subject: 'D1', version: 2 },
      values: { reason: '来源未注明' },
      presser: { id: 'ou_deputy' },
      cardRef: ref,
    })
    expect(f.cards[0]!.repaints).toBe(1)
    f.push('card.action.trigger', { operator: { open_id: 'ou_x' }, action: { tag: 'button' }, context: { open_message_id: ref } })
    await until(() => logs.includes('unexpected Feishu card press ignored'))
    expect(presses).toHaveLength(1)
  })

  it('answers a slow press with a toast only, and the late answer reports the window closed', async () => {
    const f = await startFakeFeishu()
    stops.push(() => f.close())
    let late: boolean | undefined
    const chat = createFeishuChat({ appId: f.appId, appSecret: f.appSecret, baseUrl: f.baseUrl, pressWindowMs: 50 })
    await started(chat, async (p) => {
      await new Promise((r) => setTimeout(r, 200))
      late = !(await p.answer({ note: '太迟' }))
    })
    const ref = await chat.cards!.send({ roomId: 'oc_group' }, card())
    const answer = await f.pressCard({ operator: 'ou_deputy', messageId: ref, value: { verb: 'approve', subject: 'D1', version: 2 } })
    expect(answer.toast?.content).toContain('正在处理')
    await until(() => late !== undefined)
    expect(late).toBe(true)
  })
})

describe('DingTalk card presses', () => {
  it('creates the card from the template with STREAM callbacks, passes a press on bound to its version, and ignores one not ours', async () => {
    const fake = new FakeDingtalk()
    const base = await fake.listen()
    stops.push(() => fake.close())
    const logs: string[] = []
    const presses: CardPress[] = []
    const chat = createDingtalkChat({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      apiBase: base,
      reconnectBaseMs: 20,
      keepAlive: false,
      people: [],
      cardTemplateId: 'tpl.schema',
      log: (m) => logs.push(m),
    })
    await started(chat, async (p) => {
      presses.push(p)
      await p.answer({ card: { ...card(), buttons: [], status: '✔️ 已通过', tone: 'done' } })
    })
    const ref = await chat.cards!.send({ roomId: 'cidGroup==' }, card())
    expect(fake.cards[0]).toMatchObject({ templateId: 'tpl.schema', openSpaceId: 'dtv1.card//IM_GROUP.cidGroup==' })
    expect(fake.cards[0]!.params).toMatchObject({ subject: 'D1', version: '2', show_approve: 'true', show_full: 'false' })
    await fake.pressCard({ userId: 'manager01', outTrackId: ref, params: { verb: 'reject', reason: '错别字' } })
    expect(presses[0]).toMatchObject({
      action: { verb: 'reject', subject: 'D1', version: 2 },
      values: { reason: '错别字' },
      presser: { id: 'manager01' },
      room: { id: 'cidGroup==' },
    })
    expect(fake.cards[0]!.params).toMatchObject({ status: '✔️ 已通过', show_approve: 'false' })
    fake.cards.push({ ...fake.cards[0]!, outTrackId: 'someone_elses_card' })
    await fake.pressCard({ userId: 'manager01', outTrackId: 'someone_elses_card', params: { verb: 'approve' } })
    expect(logs.some((l) => l.includes('not a sanshen press'))).toBe(true)
    expect(presses).toHaveLength(1)
  })
})

describe('WeCom card presses', () => {
  it('reads the button key where captured frames put it and where the SDK type does, the chosen reason, and ignores foreign or malformed events', async () => {
    const fake = new FakeWecom()
    const url = await fake.listen()
    stops.push(() => fake.close())
    const logs: string[] = []
    const presses: CardPress[] = []
    const chat = createWecomChat({ botId: fake.botId, secret: fake.secret, wsUrl: url, reconnectBaseMs: 20, people: [], log: (m) => logs.push(m) })
    await started(chat, async (p) => {
      presses.push(p)
      await p.answer({ note: '你不在审核名单中', card: card(), privateNote: true })
    })
    const ref = await chat.cards!.send({ roomId: 'wrGroup' }, card())
    const sent = fake.cards[0]!.card as { button_list: unknown[]; button_selection: { option_list: { id: string; text: string }[] } }
    expect(sent.button_list.length).toBeLessThanOrEqual(6)
    const chosen = sent.button_selection.option_list.find((o) => o.text === '错别字')!.id
    const answered = await fake.pressCard({ from: 'lisi', taskId: ref, key: 'reject', selected: chosen })
    expect(presses[0]).toMatchObject({ action: { verb: 'reject', subject: 'D1', version: 2 }, values: { reason: '错别字' }, presser: { id: 'lisi' } })
    // a refusal changes the card for the presser alone
    expect(answered.card).toBeDefined()
    expect(Object.keys(fake.cards[0]!.views)).toEqual(['lisi'])
    // the SDK's type: event_key and task_id on the event itself
    fake.raw(
      JSON.stringify({
        cmd: 'aibot_event_callback',
        headers: { req_id: 'r1' },
        body: {
          msgid: 'm-sdk',
          chattype: 'group',
          chatid: 'wrGroup',
          from: { userid: 'zhangsan' },
          msgtype: 'event',
          event: { eventtype: 'template_card_event', event_key: 'approve', task_id: ref },
        },
      }),
    )
    await until(() => presses.length === 2)
    expect(presses[1]).toMatchObject({ action: { verb: 'approve' }, values: {}, presser: { id: 'zhangsan' } })
    fake.raw(
      JSON.stringify({
        cmd: 'aibot_event_callback',
        headers: { req_id: 'r2' },
        body: {
          msgid: 'm3',
          from: { userid: 'x' },
          msgtype: 'event',
          event: { eventtype: 'template_card_event', event_key: 'approve', task_id: 'other_task' },
        },
      }),
    )
    fake.raw(
      JSON.stringify({
        cmd: 'aibot_event_callback',
        headers: { req_id: 'r3' },
        body: { msgid: 'm4', msgtype: 'event', event: { eventtype: 'template_card_event' } },
      }),
    )
    await until(() => logs.some((l) => l.includes('not a sanshen press')) && logs.some((l) => l.includes('malformed card event')))
    expect(presses).toHaveLength(2)
  })
})
