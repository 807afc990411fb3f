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

/** `groupId`: a group id the platform would give (WeChat's end in @chatroom) */
export function describeAdapter(name: string, makeHarness: MakeHarness, groupId = 'oc_editors_group'): void {
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
  })
}
