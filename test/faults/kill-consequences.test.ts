import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { createRedisStore } from '../../src/store/redis-store.js'
import { createSqliteStore } from '../../src/store/sqlite-store.js'
import type { Store } from '../../src/store/store.js'
import { startOwnRedis, type OwnRedis } from '../helpers/redis-server.js'
import { deliveries, seeded, startBot, type BotProcess } from './helpers/bot-process.js'
import { expectConsequences } from './helpers/consequences.js'

const config = loadConfig('config/sanshen.yaml')
const TRIALS = 6

/**
 * Issue 24, follow-ups lost after a commit: kill -9 of the bot at seeded moments of submissions,
 * approvals (which move a draft to its final stage, with a time limit) and intakes, on SQLite and
 * on Redis. After the kills — before any process starts again and repairs — every pending draft
 * has its reviewers asked (said, or waiting in the outbox) and its time-out job, every open message
 * its reminders; a last process then delivers every waiting request.
 */
describe.each(['SQLite', 'Redis'] as const)('kill -9 of the bot mid-change (%s): the consequences are there', (kind) => {
  let dir: string | undefined
  let bot: BotProcess | undefined
  let redis: OwnRedis | undefined
  afterEach(async () => {
    await bot?.kill()
    await redis?.kill()
    if (dir) rmSync(dir, { recursive: true, force: true })
    bot = redis = dir = undefined
  })

  it(`has every pending draft's request and time-out and every message's reminders after ${TRIALS} kills`, async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanshen-consequences-'))
    const log = join(dir, 'delivered.log')
    if (kind === 'Redis') redis = await startOwnRedis()
    const target = redis ? redis.url : join(dir, 'sanshen.db')
    const open = (): Promise<Store> => (redis ? createRedisStore({ url: redis.url, prefix: 'kills' }) : createSqliteStore(target))
    const base = Date.UTC(2026, 10, 23, 2, 0)
    const random = seeded(24)
    let acknowledged = 0
    for (let t = 0; t < TRIALS; t++) {
      bot = await startBot(target, log, base + t * 1_000, 'kills')
      const sends = [
        { op: 'say', who: 'editor1', text: `#投稿 微信 第${t}期青年工作简报\n第${t}期正文。` },
        { op: 'say', who: 'deputy', text: `#通过 D${t + 1}` },
        { op: 'intake', account: 'wechat', author: `读者${t}`, text: `第${t}条留言：活动在哪里报名？`, externalId: `kc-${t}` },
        { op: 'say', who: 'deputy', text: `#通过 D${Math.max(1, t)}` },
      ]
      const acks = sends.map((s) => bot!.send(s))
      await acks[Math.floor(random() * 3)]
      const pause = random() * 25
      if (t % 2 === 1) await new Promise((r) => setTimeout(r, pause))
      await bot.kill()
      acknowledged += bot.acked.size
      bot = undefined
    }

    const store = await open()
    try {
      const checked = await expectConsequences(store, config, deliveries(log))
      expect(checked.drafts).toBeGreaterThan(0)
      expect(checked.messages).toBeGreaterThan(0)
    } finally {
      await store.close()
    }
    expect(acknowledged).toBeLessThan(TRIALS * 4)

    // a last process: what the killed ones left in the outbox goes out after its grace
    bot = await startBot(target, log, base + TRIALS * 1_000, 'kills')
    await bot.send({ op: 'advance', ms: 61_000 })
    await bot.kill()
    bot = undefined
    const after = await open()
    try {
      expect(await after.jobsOfKind('outbox', 10)).toEqual([])
      await expectConsequences(after, config, deliveries(log))
    } finally {
      await after.close()
    }
  }, 240_000)
})
