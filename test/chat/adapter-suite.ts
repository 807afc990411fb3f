/**
 * The same end-to-end suite on every chat adapter. An adapter registers itself with
 *
 *   describeAdapter('feishu', async (config, extras) => harness)
 *
 * where the harness starts its fake platform server, makes every configured person and every
 * extra (an impostor) a member of the group `config.groups[0].id`, and hands back the adapter (the
 * real SDK connected to the fake server) plus the means to play the users. The suite builds the
 * real bot on it (`createBot({ config, chat })`) with a manual clock, and checks what the group sees.
 */
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { createBot, type Bot } from '../../src/bot/create-bot.js'
import type { ChatPort } from '../../src/chat/port.js'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config/load.js'
import type { Config } from '../../src/config/schema.js'
import { createMemoryStore } from '../../src/store/memory-store.js'

/** A message the bot sent, as the platform (the fake server) received it. */
export interface BotMessage {
  /** the platform's id of the message, when it gives one (quotes refer to it) */
  id?: string
  /** the group it went to, or the user it was sent to privately */
  roomId?: string
  to?: string
  text: string
  /** user ids it @-mentions */
  mentionIds: string[]
}

export interface AdapterHarness {
  /** the adapter under test, connected to the fake platform */
  chat: ChatPort
  /** everything the bot has sent so far, in the order the platform accepted it */
  sent: BotMessage[]
  /**
   * `who` (a key of config.people or of the extras) writes `text`: in the group @-mentioning the
   * bot (WeCom and DingTalk deliver only those), or privately, or in the other group. Resolves when the platform has taken
   * the message, not when the bot has handled it.
   */
  userSays(who: string, text: string, o?: { private?: boolean; otherGroup?: boolean }): Promise<void>
  /** a group the bot is in that the configuration does not name (`otherGroup: true` speaks there) */
  otherGroupId: string
  /** `who` quotes (引用) the bot message `quoted` in the group and writes `text`, @-mentioning the bot */
  userQuotes(who: string, quoted: BotMessage, text: string): Promise<void>
  /**
   * The platform cuts the bot's connection. Messages users send meanwhile wait on the platform
   * (as the real ones keep undelivered events) and arrive once the adapter has reconnected.
   */
  dropConnection(): Promise<void>
  /** resolves once the adapter is connected again after dropConnection() */
  reconnected(): Promise<void>
  /** stops the fake platform (the suite stops the bot first) */
  close(): Promise<void>
  /** where the platform has interactive cards: the cards the bot sent and a user's press on them */
  cards?: CardHarness
}

/** A card as the platform shows it now (after repaints and press answers). */
export interface ShownCard {
  /** the platform's handle: Feishu message id, DingTalk outTrackId, WeCom task_id */
  ref: string
  /** every text on the card, joined */
  text: string
  /** the buttons still on it, by label */
  buttons: string[]
  /** each button's platform value as shown at that moment: a press on an outdated screen carries the old one */
  values: Record<string, Record<string, unknown>>
}

export interface CardHarness {
  /** the cards in the group, oldest first, as they look now */
  shown(): ShownCard[]
  /**
   * `who` presses the button labelled `label` on `card` (with a typed or chosen reason). Resolves with
   * the note the platform showed the presser, if it shows one (Feishu's toast, WeCom's card); DingTalk
   * shows none (the bot then answers in the group). `eventId` repeats a delivery of an earlier press.
   */
  press(who: string, card: ShownCard, label: string, o?: { reason?: string; eventId?: string }): Promise<{ note?: string; eventId: string }>
}

/** Users beyond config.people the harness must create in the group: key → id and display name. */
export type Extras = Record<string, { id: string; name: string }>

export type MakeHarness = (config: Config, extras: Extras) => Promise<AdapterHarness>

/** The default configuration with the group given a platform id (every platform needs one). */
export function suiteConfig(groupId: string): Config {
  const config = loadConfig('config/sanshen.yaml')
  return { ...config, groups: [{ ...config.groups[0]!, id: groupId }] }
}

const EXTRAS: Extras = { impostor: { id: 'u_impostor_9', name: '王主任' } }
const DRAFT = '#投稿 微信 团省委召开青年工作会议\n11月23日，团省委召开全省青年工作会议，部署下一阶段工作。'

/** Waits (real time: the messages travel over loopback) until `sent` holds a message `pred` accepts. */
export async function waitForBotMessage(h: AdapterHarness, pred: (m: BotMessage) => boolean, from = 0, timeoutMs = 8_000): Promise<BotMessage> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const found = h.sent.slice(from).find(pred)
    if (found) return found
    if (Date.now() > until)
      throw new Error(
        `no bot message as expected; the bot sent:\n${h.sent
          .slice(from)
          .map((m) => m.text)
          .join('\n---\n')}`,
      )
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Waits until nothing new has arrived for `quietMs`: to check that a message is not doubled. */
async function quiet(h: AdapterHarness, quietMs = 300): Promise<void> {
  let n = -1
  while (n !== h.sent.length) {
    n = h.sent.length
    await new Promise((r) => setTimeout(r, quietMs))
  }
}

/** Waits (real time) until the platform shows a card `pred` accepts. */
export async function waitForCard(h: AdapterHarness, pred: (c: ShownCard) => boolean, timeoutMs = 8_000): Promise<ShownCard> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const found = h.cards!.shown().find(pred)
    if (found) return found
    if (Date.now() > until)
      throw new Error(
        `no card as expected; the cards:\n${h
          .cards!.shown()
          .map((c) => `${c.ref}: ${c.text} [${c.buttons.join(' ')}]`)
          .join('\n')}`,
      )
    await new Promise((r) => setTimeout(r, 20))
  }
}

/**
 * `groupId`: a group id the platform would give (WeChat's end in @chatroom). `cards`: the platform
 * has interactive cards, and the review-by-press scenarios run on it too.
 */
export function describeAdapter(name: string, makeHarness: MakeHarness, groupId = 'oc_editors_group', o: { cards?: boolean } = {}): void {
  describe(`the review in a group, on ${name}`, () => {
    let h: AdapterHarness | undefined
    let bot: Bot | undefined
    afterEach(async () => {
      await bot?.stop()
      await h?.close()
      bot = h = undefined
    })

    async function setUp() {
      const config = suiteConfig(groupId)
      const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0)) // Mon 10:00 in Shanghai
      h = await makeHarness(config, EXTRAS)
      bot = createBot({ config, chat: h.chat, store: createMemoryStore(), clock, logger: pino({ level: 'silent' }), sweepIntervalMs: 0 })
      await bot.start()
      const id = (key: string) => config.people[key]!.id
      /** `who` says `text`; resolves with the first bot message after it that `pred` accepts */
      const says = async (who: string, text: string, pred: (m: BotMessage) => boolean) => {
        const from = h!.sent.length
        await h!.userSays(who, text)
        return waitForBotMessage(h!, pred, from)
      }
      return { h: h!, bot: bot!, clock, config, id, says }
    }

    it('walks a draft from submission through each stage to the publish announcement', async () => {
      const { h, id, says } = await setUp()
      const request = await says('editor1', DRAFT, (m) => m.text.includes('初审'))
      expect(request.roomId).toBe(groupId)
      expect(request.mentionIds).toEqual([id('deputy')])
      const next = await says('deputy', '#通过 D1 数据已核实', (m) => m.text.includes('终审'))
      expect(next.mentionIds).toEqual([id('director')])
      const final = await says('director', '#通过 D1', (m) => m.text.includes('可以发布'))
      expect(final.mentionIds).toEqual(expect.arrayContaining([id('editor1'), id('propaganda')]))
      await quiet(h)
      expect(h.sent.filter((m) => m.text.includes('可以发布'))).toHaveLength(1)
    })

    it('refuses an impostor who copied the director’s name, by the platform user id', async () => {
      const { says } = await setUp()
      await says('editor1', DRAFT, (m) => m.text.includes('初审'))
      await says('deputy', '#通过 D1', (m) => m.text.includes('终审'))
      const refusal = await says('impostor', '#通过 D1', (m) => m.text.includes('不在审核名单中'))
      expect(refusal.text).not.toContain('可以发布')
    })

    it('answers #我是谁 with the platform’s user id', async () => {
      const { says } = await setUp()
      const answer = await says('impostor', '#我是谁', (m) => m.text.includes('ID'))
      expect(answer.text).toContain('u_impostor_9')
    })

    it('answers #我是谁 in a group the configuration does not name, with its id and the YAML to paste, and nothing else there', async () => {
      const { h } = await setUp()
      const from = h.sent.length
      await h.userSays('impostor', '#我是谁', { otherGroup: true })
      const answer = await waitForBotMessage(h, (m) => m.text.includes('本群 ID'), from)
      expect(answer.roomId).toBe(h.otherGroupId)
      expect(answer.text).toContain(`本群 ID：${h.otherGroupId}`)
      expect(answer.text).toMatch(/groups:\n {2}- \{ id: /)
      expect(answer.text).toContain('u_impostor_9')
      await h.userSays('editor1', DRAFT, { otherGroup: true })
      await quiet(h)
      expect(h.sent.slice(from)).toHaveLength(1)
    })

    it('takes a quote of the bot’s request with only 通过 written', async () => {
      const { h, says } = await setUp()
      const request = await says('editor1', DRAFT, (m) => m.text.includes('初审'))
      const from = h.sent.length
      await h.userQuotes('deputy', request, '通过')
      const next = await waitForBotMessage(h, (m) => m.text.includes('终审'), from)
      expect(next.text).toContain('第2/2级')
    })

    it('delivers a stage time-out proactively, with nobody writing', async () => {
      const { h, bot, clock, id, says } = await setUp()
      await says('editor1', DRAFT, (m) => m.text.includes('初审'))
      await says('deputy', '#通过 D1', (m) => m.text.includes('终审'))
      const from = h.sent.length
      clock.advance(241 * 60_000)
      await bot.sweep()
      // the final stage has a fallback: the deputy is called in, in the group
      const called = await waitForBotMessage(h, (m) => m.roomId === groupId && m.mentionIds.includes(id('deputy')), from)
      expect(called.text).toContain('终审')
    })

    it('delivers what the bot had to say while cut off within 5 s of the connection’s return, with no sweep tick', async () => {
      const { h, bot, clock, id, says } = await setUp()
      await says('editor1', DRAFT, (m) => m.text.includes('初审'))
      await says('deputy', '#通过 D1', (m) => m.text.includes('终审'))
      await h.dropConnection()
      const from = h.sent.length
      // the final stage times out while the bot is cut off: its call to the deputy waits in the outbox
      // where sending needs the connection (WeCom); platforms that send over HTTP have sent it already
      clock.advance(241 * 60_000)
      await bot.sweep()
      await h.reconnected()
      const back = Date.now()
      // neither the clock moves nor a sweep is called: the reconnect alone sends it
      await waitForBotMessage(h, (m) => m.roomId === groupId && m.mentionIds.includes(id('deputy')), from, 5_000)
      expect(Date.now() - back).toBeLessThan(5_000)
      await quiet(h)
      expect(h.sent.slice(from).filter((m) => m.mentionIds.includes(id('deputy')))).toHaveLength(1)
    })

    it('loses and doubles nothing when the connection drops mid-review', async () => {
      const { h, bot, clock, says } = await setUp()
      await says('editor1', DRAFT, (m) => m.text.includes('初审'))
      await says('deputy', '#通过 D1', (m) => m.text.includes('终审'))
      await h.dropConnection()
      const from = h.sent.length
      // the director approves while the bot is cut off: the platform keeps the message
      await h.userSays('director', '#通过 D1')
      await h.reconnected()
      const deadline = Date.now() + 8_000
      while (!h.sent.slice(from).some((m) => m.text.includes('可以发布')) && Date.now() < deadline) {
        // a reply refused while cut off waits in the outbox; the sweep retries it after its backoff
        clock.advance(60_000)
        await bot.sweep()
        await new Promise((r) => setTimeout(r, 50))
      }
      await quiet(h)
      expect(h.sent.slice(from).filter((m) => m.text.includes('可以发布'))).toHaveLength(1)
      expect(await bot.outbox.stuck(0)).toEqual([])
    })

    if (!o.cards) return
    describe('review by card', () => {
      /** submits the draft and returns its first card (the 初审 request), with the @ line sent with it */
      async function submitted() {
        const s = await setUp()
        const line = await s.says('editor1', DRAFT, (m) => m.text.includes('初审'))
        const card = await waitForCard(s.h, (c) => c.text.includes('D1') && c.buttons.includes('通过'))
        return { ...s, line, card, cards: s.h.cards! }
      }
      /** the press's answer: the note the platform showed, or else what the bot said in the group after it */
      async function answerOf(h: AdapterHarness, note: string | undefined, from: number, pred: (t: string) => boolean): Promise<string> {
        if (note !== undefined && pred(note)) return note
        return (await waitForBotMessage(h, (m) => pred(m.text), from)).text
      }
      const approvals = (h: AdapterHarness) => h.sent.filter((m) => /✔️ .* 已通过 D1/.test(m.text)).length

      it('sends the request as a card with a line that @-mentions the reviewer, each pointing to the other', async () => {
        const { line, card, id } = await submitted()
        expect(line.mentionIds).toEqual([id('deputy')])
        expect(line.text).toContain('卡片')
        expect(card.text).toContain('@')
        expect(card.text).toMatch(/第1版/)
        expect(card.buttons).toEqual(expect.arrayContaining(['通过', '驳回', '查看全文', '转交']))
        expect(card.buttons.length).toBeLessThanOrEqual(6)
      })

      it('approves by press: the next reviewer is @-mentioned and the card shows who approved', async () => {
        const { h, card, cards, id } = await submitted()
        const from = h.sent.length
        await cards.press('deputy', card, '通过')
        const next = await waitForBotMessage(h, (m) => m.text.includes('终审') && m.mentionIds.includes(id('director')), from)
        expect(next.text).toContain('D1')
        const shown = await waitForCard(h, (c) => c.ref === card.ref && c.text.includes('✔️'))
        expect(shown.text).toContain('第1/2级')
        const final = await waitForCard(h, (c) => c.ref !== card.ref && c.text.includes('第2/2级') && c.buttons.includes('通过'))
        await cards.press('director', final, '通过')
        await waitForBotMessage(h, (m) => m.text.includes('可以发布'), from)
        await waitForCard(h, (c) => c.ref === final.ref && c.text.includes('可以发布') && c.buttons.length === 0)
      })

      it('rejects with the reason typed or chosen on the card, and refuses a rejection without one', async () => {
        const { h, card, cards } = await submitted()
        let from = h.sent.length
        const bare = await cards.press('deputy', card, '驳回')
        expect(await answerOf(h, bare.note, from, (t) => t.includes('理由'))).toContain('理由')
        from = h.sent.length
        await cards.press('deputy', card, '驳回', { reason: '来源未注明' })
        const rejected = await waitForBotMessage(h, (m) => m.text.includes('驳回：来源未注明'), from)
        expect(rejected.text).toContain('D1')
        await waitForCard(h, (c) => c.ref === card.ref && c.text.includes('来源未注明') && c.buttons.length === 0)
      })

      it('refuses an impostor’s press by the platform user id, and nothing is approved', async () => {
        const { h, card, cards } = await submitted()
        const from = h.sent.length
        const pressed = await cards.press('impostor', card, '通过')
        expect(await answerOf(h, pressed.note, from, (t) => t.includes('不在审核名单中'))).toContain('不在审核名单中')
        await quiet(h)
        expect(approvals(h)).toBe(0)
        expect(h.sent.slice(from).some((m) => m.text.includes('终审'))).toBe(false)
      })

      it('answers a press on the card of an older version after #修改, and changes nothing', async () => {
        const { h, card, cards, says } = await submitted()
        await says('editor1', '#修改 D1\n11月23日下午，团省委召开全省青年工作会议。', (m) => m.text.includes('第2版'))
        const newer = await waitForCard(h, (c) => c.ref !== card.ref && c.text.includes('第2版') && c.buttons.includes('通过'))
        const from = h.sent.length
        const pressed = await cards.press('deputy', card, '通过')
        expect(await answerOf(h, pressed.note, from, (t) => t.includes('已更新到第2版'))).toContain('D1 已更新到第2版，请在新卡片上审核')
        await quiet(h)
        expect(approvals(h)).toBe(0)
        expect(newer.buttons).toContain('通过')
      })

      it('takes a double press and a redelivered press once', async () => {
        const { h, card, cards } = await submitted()
        const first = await cards.press('deputy', card, '通过')
        await cards.press('deputy', card, '通过', { eventId: first.eventId })
        await cards.press('deputy', card, '通过')
        await waitForBotMessage(h, (m) => m.text.includes('终审'))
        await quiet(h)
        expect(approvals(h)).toBe(1)
      })

      it('answers a press after a typed approval with the current state, approving nothing twice', async () => {
        const { h, card, cards, says, id } = await submitted()
        await says('deputy', '#通过 D1', (m) => m.text.includes('终审'))
        // the typed approval shows on a card too (repainted, or on WeCom the next request's card)
        await waitForCard(h, (c) => c.text.includes('✔️') && c.text.includes('第2/2级'))
        const from = h.sent.length
        const pressed = await cards.press('deputy', card, '通过')
        // the answer says where the draft is now: at the second stage
        expect(await answerOf(h, pressed.note, from, (t) => t.includes('第2/2级'))).toContain('D1')
        await quiet(h)
        expect(approvals(h)).toBe(1)
        expect(h.sent.slice(from).some((m) => m.mentionIds.includes(id('director')))).toBe(false)
      })

      it('puts 已答复 and 承诺时限 on a public message’s reminder; a press with the reply text answers it', async () => {
        const { h, bot, clock, config, says } = await setUp()
        await says('editor1', '#留言 微信 网友小林 请问志愿者服务月怎么报名？', (m) => m.text.includes('C1'))
        let reminder: ShownCard | undefined
        for (let hour = 0; hour < 72 && !reminder; hour++) {
          clock.advance(60 * 60_000)
          await bot.sweep()
          await new Promise((r) => setTimeout(r, 30))
          reminder = h.cards!.shown().find((c) => c.text.includes('C1') && c.buttons.includes('已答复'))
        }
        if (!reminder) throw new Error(`no reminder card: ${JSON.stringify(await bot.outbox.stuck(0)).slice(0, 600)}`)
        expect(reminder?.buttons).toEqual(['已答复', '承诺时限'])
        const handlerName = /经办：(\S+)/.exec(reminder!.text)![1]
        const handler = Object.entries(config.people).find(([, p]) => p.name === handlerName)![0]
        const from = h.sent.length
        await h.cards!.press('impostor', reminder!, '已答复', { reason: '已答复' })
        await waitForBotMessage(h, (m) => m.text.includes('不在审核名单中'), from)
        await h.cards!.press(handler, reminder!, '已答复', { reason: '您好，报名入口在公众号菜单「志愿服务」。' })
        await waitForBotMessage(h, (m) => m.text.includes('C1') && m.text.includes('已答复') && !m.text.includes('⏰'), from)
      })

      it('shows a withdrawal by text on a card, its buttons gone', async () => {
        const { h, says } = await submitted()
        await says('editor1', '#撤回 D1', (m) => m.text.includes('撤回'))
        const shown = await waitForCard(h, (c) => c.text.includes('已撤回') && c.buttons.length === 0)
        expect(shown.text).toContain('D1')
      })

      it('puts a reminder on a card with its buttons, without a card storm', async () => {
        const { h, bot, clock, says, id } = await submitted()
        await says('deputy', '#通过 D1', (m) => m.text.includes('终审'))
        clock.advance(241 * 60_000)
        await bot.sweep() // the stage's time runs out: the fallback is called in
        await waitForCard(h, (c) => c.text.includes('第2/2级') && c.buttons.includes('通过'))
        const before = h.cards!.shown().length
        const from = h.sent.length
        clock.advance(241 * 60_000)
        await bot.sweep() // still waiting: a reminder
        const line = await waitForBotMessage(h, (m) => m.text.includes('⏰') && m.mentionIds.includes(id('director')), from)
        expect(line.text).toContain('卡片')
        const reminded = await waitForCard(h, (c) => c.text.includes('⏰') && c.buttons.includes('通过'))
        expect(reminded.text).toContain('D1')
        expect(h.cards!.shown().length).toBeLessThanOrEqual(before + 1)
      })

      it('takes a press made while the connection was dropped once it is back', async () => {
        const { h, card, cards, id } = await submitted()
        await h.dropConnection()
        const from = h.sent.length
        const pressing = cards.press('deputy', card, '通过')
        await h.reconnected()
        await pressing
        await waitForBotMessage(h, (m) => m.text.includes('终审') && m.mentionIds.includes(id('director')), from)
        await quiet(h)
        expect(approvals(h)).toBe(1)
      })
    })
  })
}
