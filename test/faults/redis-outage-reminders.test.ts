import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { createRedisStore } from '../../src/store/redis-store.js'
import type { Store } from '../../src/store/store.js'
import { closeStoreAndRedis, startOwnRedis, type OwnRedis } from '../helpers/redis-server.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'

/**
 * Issue 24, 督办 repeated or lost after an outage: Redis is killed at a chosen instant of the sweep
 * that says a message's overdue 督办 — before its outbox marker is claimed (nothing said yet), right
 * after the send (its marker not yet set), or at complete() — and comes back after 10, 80 or 150 s
 * of the bot's clock, past the job's 60 s lease. Each supervisor gets the 督办 exactly once, and
 * nothing is said twice.
 */
const config = loadConfig('config/sanshen.yaml')
const MIN = 60_000
const supervisors = [config.people.director!.id, config.people.propaganda!.id].sort()

type KillPoint = 'before-claim' | 'after-send' | 'at-complete'

/** The store, calling `kill` (once armed) just before the call that matches the kill point. */
function killingAt(inner: Store, point: KillPoint, kill: () => Promise<void>): Store & { arm(): void } {
  let armed = false
  const hit = (method: string, args: unknown[]): boolean => {
    if (!armed) return false
    const [collection, doc] = args as [string, { sent?: boolean }]
    if (point === 'before-claim') return method === 'commit' && collection === 'outbox-marks' && doc.sent === false
    if (point === 'after-send') return method === 'commit' && collection === 'outbox-marks' && doc.sent === true
    return method === 'complete' && String(args[0]).startsWith('C1:')
  }
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'arm') return () => (armed = true)
      const value = Reflect.get(target, key, receiver) as unknown
      if (typeof value !== 'function') return value
      return async (...args: unknown[]) => {
        if (hit(String(key), args)) {
          armed = false
          await kill()
        }
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
      }
    },
  }) as Store & { arm(): void }
}

let redis: OwnRedis | undefined
let g: SimGroup | undefined
let store: Store | undefined
afterEach(async () => {
  await g?.stop()
  await closeStoreAndRedis(redis, store)
  redis = g = store = undefined
})

describe('督办 across a Redis outage', () => {
  const trials: [KillPoint, number][] = (['before-claim', 'after-send', 'at-complete'] as const).flatMap((p) =>
    [10_000, 80_000, 150_000].map((ms): [KillPoint, number] => [p, ms]),
  )
  it.each(trials)(
    'killed %s, back after %i ms: each supervisor told once, nothing said twice',
    async (point, outage) => {
      redis = await startOwnRedis()
      const own = redis
      store = await createRedisStore({ url: own.url, prefix: `dub-${point}-${outage}` })
      const killing = killingAt(store, point, () => own.kill())
      g = await simGroup(config, { store: killing })
      await g.say('editor2', '#留言 微博 网友甲：你们单位领导就是狗官')
      await g.advance(59 * MIN)
      const from = g.sent.length
      killing.arm()
      await g.advance(1 * MIN).catch(() => [])
      // the outage: the sweep in it fails, the clock goes on past the job's lease
      await g.advance(outage).catch(() => [])
      await own.restart()
      // the first sweeps may still meet a reconnecting client; the last one must go through
      await g.advance(61_000).catch(() => [])
      await g.advance(5 * MIN).catch(() => [])
      await g.advance(MIN)

      const said = g.sent.slice(from)
      const dubs = said.filter((s) => s.text.includes('督办'))
      expect(dubs.map((s) => s.to).sort()).toEqual(supervisors)
      const all = said.map((s) => `${s.to ?? s.roomId}\n${s.text}`)
      expect(all.filter((s, i) => all.indexOf(s) !== i)).toEqual([])
      expect((await store.pendingJobs()).filter((j) => j.kind === 'outbox')).toEqual([])
    },
    60_000,
  )
})
