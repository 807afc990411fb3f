import { pino } from 'pino'
import { createBot } from '../src/bot/create-bot.js'
import { createFeishuChat } from '../src/chat/feishu/adapter.js'
import { ManualClock } from '../src/clock.js'
import { loadConfig } from '../src/config/load.js'
import { createMemoryStore } from '../src/store/memory-store.js'
import { startFakeFeishu } from '../test/chat/fakes/feishu-server.js'

/**
 * Review by card on Feishu, end to end: the real bot and the real SDK against the fake Feishu
 * (loopback). Each draft is submitted by text, then approved by a press at 初审 and at 终审.
 * Reports the time from a press to the repainted card (the callback's answer, which Feishu must get
 * within 3 s) and to the next reviewer's @ line, and the actions each approval takes.
 */
export const name = 'review by card press (Feishu, real SDK, fake server)'

const DRAFTS = 40
const GROUP = 'oc_bench_group'

export async function run(scale?: string): Promise<string[]> {
  const drafts = Number(scale ?? DRAFTS)
  const base = loadConfig('config/sanshen.yaml')
  const config = { ...base, groups: [{ ...base.groups[0]!, id: GROUP }] }
  const f = await startFakeFeishu({ chats: { [GROUP]: base.groups[0]!.topic ?? '' } })
  const chat = createFeishuChat({ appId: f.appId, appSecret: f.appSecret, baseUrl: f.baseUrl })
  const bot = createBot({
    config,
    chat,
    store: createMemoryStore(),
    clock: new ManualClock(Date.UTC(2026, 10, 23, 2, 0)),
    logger: pino({ level: 'silent' }),
    sweepIntervalMs: 0,
  })
  await bot.start()
  const id = (key: string) => config.people[key]!.id
  const repaint: number[] = []
  const nextLine: number[] = []
  const waitFor = async <T>(find: () => T | undefined): Promise<T> => {
    for (;;) {
      const found = find()
      if (found !== undefined) return found
      await new Promise((r) => setTimeout(r, 2))
    }
  }
  let late = 0
  for (let i = 1; i <= drafts; i++) {
    const cardsBefore = f.cards.length
    f.push('im.message.receive_v1', {
      sender: { sender_id: { open_id: id('editor1') }, sender_type: 'user' },
      message: {
        message_id: `om_in_${i}`,
        chat_id: GROUP,
        chat_type: 'group',
        message_type: 'text',
        content: JSON.stringify({
          text: `@_user_1 #投稿 微信 团省委工作简讯第${i}期\n本期简讯介绍全省共青团组织开展青年志愿服务活动的情况。来源：团省委办公室`,
        }),
        mentions: [{ key: '@_user_1', id: { open_id: f.botOpenId }, name: '三审助手' }],
      },
    })
    for (const who of ['deputy', 'director']) {
      const card = await waitFor(() => [...f.cards.slice(cardsBefore)].reverse().find((c) => JSON.stringify(c.card).includes('"approve"')))
      const value = { verb: 'approve', subject: `D${i}`, version: 1 }
      const sentBefore = f.sent.length
      const t0 = performance.now()
      const answer = await f.pressCard({ operator: id(who), messageId: card.messageId, value, formValue: { reason: '' } })
      repaint.push(performance.now() - t0)
      if (answer.late) late++
      const done = who === 'deputy' ? (t: string) => t.includes('第2/2级') : (t: string) => t.includes('可以发布')
      await waitFor(() => f.sent.slice(sentBefore).find((m) => done(m.text)))
      nextLine.push(performance.now() - t0)
    }
  }
  await bot.stop()
  await f.close()
  const at = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!.toFixed(1)
  return [
    `${drafts} drafts, ${repaint.length} presses, ${late} answered after Feishu's 3 s`,
    `press → repainted card (callback answer): p50 ${at(repaint, 50)} ms, p95 ${at(repaint, 95)} ms, max ${at(repaint, 100)} ms`,
    `press → next reviewer's @ line (or the publish line) sent: p50 ${at(nextLine, 50)} ms, p95 ${at(nextLine, 95)} ms`,
    'actions per approval: one tap (驳回: a reason typed or chosen, then one tap), against `@三审助手 #通过 D12` typed (about 15 keystrokes on a phone, plus the @ picker)',
  ]
}
