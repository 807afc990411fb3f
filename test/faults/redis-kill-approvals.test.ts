import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { createRedisStore } from '../../src/store/redis-store.js'
import type { Store } from '../../src/store/store.js'
import type { Draft } from '../../src/workflow/types.js'
import { closeStoreAndRedis, startOwnRedis, type OwnRedis } from '../helpers/redis-server.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'
import { seeded } from './helpers/bot-process.js'
import { expectConsequences } from './helpers/consequences.js'

/**
 * Issue 24, Redis killed during six approvals in a row (the bot stays up): killed at a seeded
 * moment inside one approval, back a second later, the approvals go on. Every answer matches the
 * store — "没有做任何改动" only for an approval not stored, a confirmation that says what the
 * store holds — and every pending draft has its request and time-out job.
 */
const config = loadConfig('config/sanshen.yaml')
const ROUNDS = 3
let redis: OwnRedis | undefined
let g: SimGroup | undefined
let store: Store | undefined
afterEach(async () => {
  await g?.stop()
  await closeStoreAndRedis(redis, store)
  redis = g = store = undefined
})

describe('Redis killed during approvals', () => {
  it(`answers each approval as the store holds it, over ${ROUNDS} rounds of six`, async () => {
    const random = seeded(6)
    redis = await startOwnRedis()
    const own = redis
    store = await createRedisStore({ url: own.url, prefix: 'approvals' })
    g = await simGroup(config, { store })
    let cut = 0
    for (let round = 0; round < ROUNDS; round++) {
      const first = round * 6 + 1
      for (let i = first; i < first + 6; i++) await g.say('editor1', `#投稿 微信 第${i}期简报\n第${i}期正文。`)
      const victim = first + Math.floor(random() * 6)
      const answers = new Map<number, { from: number; text: string }>()
      for (let i = first; i < first + 6; i++) {
        const from = g.sent.length
        const saying = g.say('deputy', `#通过 D${i}`)
        if (i === victim) {
          await new Promise((r) => setTimeout(r, random() * 30))
          await own.kill()
        }
        // what this command was answered: a confirmation of an earlier command may arrive meanwhile
        const text = (await saying)
          .map((s) => s.text)
          .filter((t) => !/^已确认：刚才的「#通过 D\d+」/.test(t) || t.includes(`「#通过 D${i}」`))
          .join('\n')
        answers.set(i, { from, text })
        if (i === victim) await own.restart()
        if (i === victim && /正在确认|没有做任何改动/.test(text)) cut++
      }
      for (const [i, { from, text }] of answers) {
        const approvals = (await store.get<Draft>('drafts', `D${i}`))!.approvals.length
        if (text.includes('正在确认')) {
          const end = Date.now() + 60_000
          let truth: string | undefined
          while (!truth && Date.now() < end) {
            truth = g.sent.slice(from).find((s) => s.text.includes('已确认'))?.text
            // the bot's sweep runs meanwhile, as it does every few seconds in production: what the lost
            // connection held up goes out with it
            if (!truth) await Promise.all([g.advance(5_000), new Promise((r) => setTimeout(r, 100))])
          }
          expect(truth, `D${i}: no confirmation after ${JSON.stringify(g.sent.slice(from).map((s) => s.text.slice(0, 60)))}`).toBeDefined()
          const stored = (await store.get<Draft>('drafts', `D${i}`))!.approvals.length
          expect(truth, `D${i}`).toContain(stored === 1 ? '已经生效' : '没有生效')
        } else if (text.includes('没有做任何改动')) expect(approvals, `D${i}: "nothing changed" for a stored approval: ${text}`).toBe(0)
        else expect(approvals, `D${i}: answered ${text}`).toBe(1)
      }
    }
    // the seeded moments cut into the approvals, not only between them
    expect(cut).toBeGreaterThan(0)
    const shown = g.sent.map((s) => ({ key: '', to: s.to ?? s.roomId ?? '', text: s.text }))
    expect((await expectConsequences(store, config, shown)).drafts).toBe(ROUNDS * 6)
  }, 180_000)
})
