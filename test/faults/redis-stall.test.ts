import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { createRedisStore } from '../../src/store/redis-store.js'
import type { Store } from '../../src/store/store.js'
import type { Draft } from '../../src/workflow/types.js'
import { closeStoreAndRedis, startOwnRedis, type OwnRedis } from '../helpers/redis-server.js'
import { simGroup, type Sent, type SimGroup } from '../helpers/sim-group.js'

/**
 * Issue 24, replies that said the opposite: Redis stalls (SIGSTOP of its own redis-server) at the
 * very moment an approval is committed, longer than the store's command time-out. The script is
 * already on its way and runs when Redis resumes, so "没有做任何改动" would be false. The bot says
 * the outcome is being confirmed, then — looking up the command's marker, committed with the
 * change — the truth: done (and the next reviewer is asked), or what the store holds when Redis
 * died and came back instead.
 */
const config = loadConfig('config/sanshen.yaml')
let redis: OwnRedis | undefined
let g: SimGroup | undefined
let store: Store | undefined
afterEach(async () => {
  redis?.resume()
  await g?.stop()
  await closeStoreAndRedis(redis, store)
  redis = g = store = undefined
})

/** The store, with Redis paused just as a draft's commit is sent: the stall hits the commit itself. */
function stallingAtCommit(inner: Store, stall: () => void): Store {
  let armed = false
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key === 'arm') return () => (armed = true)
      if (key !== 'commit') return Reflect.get(target, key, receiver) as unknown
      return (collection: string, ...rest: unknown[]) => {
        if (armed && collection === 'drafts') {
          armed = false
          const committing = (target.commit as (...a: unknown[]) => Promise<unknown>)(collection, ...rest)
          stall()
          return committing
        }
        return (target.commit as (...a: unknown[]) => Promise<unknown>)(collection, ...rest)
      }
    },
  })
}

/** The first message from `from` on matching `match`, once the bot has said it. */
async function until(sent: Sent[], from: number, match: RegExp, ms = 30_000): Promise<Sent> {
  const end = Date.now() + ms
  for (;;) {
    const found = sent.slice(from).find((s) => match.test(s.text))
    if (found) return found
    if (Date.now() > end) throw new Error(`nothing matching ${match} was said: ${sent.map((s) => s.text).join(' | ')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/**
 * D1 submitted, then its approval committed into a Redis paused at that instant (resumed after
 * `resumeAfterMs`, if given): the answer says the outcome is being confirmed, never "nothing changed".
 */
async function approveStalled(resumeAfterMs?: number): Promise<OwnRedis> {
  const own = (redis = await startOwnRedis())
  store = await createRedisStore({ url: own.url, prefix: 'stall' })
  const stalling = stallingAtCommit(store, () => {
    own.pause()
    if (resumeAfterMs) setTimeout(() => own.resume(), resumeAfterMs)
  })
  g = await simGroup(config, { store: stalling })
  await g.say('editor1', '#投稿 微信 团省委召开青年工作会议\n11月23日，团省委召开全省青年工作会议。')
  ;(stalling as unknown as { arm(): void }).arm()
  const answer = (await g.say('deputy', '#通过 D1')).map((s) => s.text).join('\n')
  expect(answer).toContain('正在确认')
  expect(answer).not.toContain('没有做任何改动')
  return own
}

describe('a Redis stall or death during a commit', () => {
  it('is answered "being confirmed", then "done" once Redis resumes, and the next reviewer is asked', async () => {
    await approveStalled(8_000) // well after the store's 2.5 s command time-out, also on a loaded machine
    const from = g!.sent.length - 1

    const truth = await until(g!.sent, from, /已确认/)
    expect(truth.text).toContain('已经生效')
    expect((await store!.get<Draft>('drafts', 'D1'))!.approvals).toHaveLength(1)
    // the next stage's request, committed with the approval, went out too
    const request = await until(g!.sent, from, /终审/)
    expect(request.text).toContain('D1')
    expect(await store!.jobsOf('D1').then((jobs) => jobs.map((j) => j.kind))).toContain('stage-timeout')
  }, 60_000)

  it('when Redis dies during the stall and comes back, the confirmation says what the store holds', async () => {
    const own = await approveStalled()
    const from = g!.sent.length - 1
    // killed while stalled, then back (appendfsync always keeps what ran before). ioredis may send the
    // unanswered script again after reconnecting, or not: either way the answer must be the store's
    await own.kill()
    await own.restart()
    const truth = await until(g!.sent, from, /已确认/)
    const approvals = (await store!.get<Draft>('drafts', 'D1'))!.approvals.length
    expect(truth.text).toContain(approvals === 1 ? '已经生效' : '没有生效')
    if (approvals === 0) expect((await g!.say('deputy', '#通过 D1')).map((s) => s.text).join('\n')).toMatch(/终审/)
    else await until(g!.sent, from, /终审/)
    expect((await store!.audit('D1')).filter((e) => e.action === 'approved')).toHaveLength(1)
  }, 60_000)
})
