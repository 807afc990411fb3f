import { loadavg } from 'node:os'
import { Redis } from 'ioredis'
import { createOutbox, OUTBOX, OUTBOX_TAILS } from '../src/chat/outbox.js'
import type { ChatPort } from '../src/chat/port.js'
import { ManualClock } from '../src/clock.js'
import { createRedisStore } from '../src/store/redis-store.js'
import type { NewJob, Store } from '../src/store/store.js'
import { startScratchRedis } from '../test/helpers/redis-server.js'

/**
 * One conversation's outbox during a long chat outage (issue 12): its entries share one subject,
 * whose records a Redis store keeps packed. With n entries queued, the time per schedule and per
 * complete of 300 more, the Redis CPU they cost (`INFO cpu`, a redis-server of its own), and one
 * cancelSubject of them all (one script: Redis does nothing else meanwhile). Then the outbox on
 * top (src/chat/outbox.ts): with n entries of one conversation waiting, the time per message said
 * while the platform is still away (stored behind them) and per delivery once it is back (the
 * sweep's deliver and complete of the oldest), which must not grow with n.
 * `npx tsx bench/run.ts redis-outbox-outage [n,n…]` (default 5000,20000).
 */
export const name = 'Redis outbox of one conversation during an outage'

const T0 = Date.UTC(2026, 10, 23, 1, 0, 0)
const OPS = 300
/** outbox operations timed per n: few, as each cost a read of the whole backlog before (issue 12) */
const OUTBOX_OPS = 30
const TEXT = '各位老师：明天上午九点在三楼会议室开会，请准时参加。'

function entry(id: string, seq: number): NewJob {
  const payload = { to: 'room:r1', text: TEXT, mentions: [], seq, key: `k${id}`, createdAt: T0, tries: 0 }
  return { id: `outbox:${id}`, dueAt: T0 + seq, kind: 'outbox', payload, subject: 'outbox:room:r1' }
}

async function cpuSeconds(client: Redis): Promise<number> {
  const info = await client.info('cpu')
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)![1])
  return field('used_cpu_sys') + field('used_cpu_user')
}

/**
 * n entries of conversation room:r2 stored as the outbox stores them, each naming the one before
 * (storing them through the outbox, one at a time, took hours at 20k when each read the backlog).
 */
async function queue(store: Store, n: number): Promise<void> {
  let last: string | null = null
  for (let i = 0; i < n; i += 500) {
    const seqs = await Promise.all(Array.from({ length: Math.min(500, n - i) }, () => store.nextSeq(OUTBOX)))
    const ids = seqs.sort((a, b) => a - b).map((seq) => `${OUTBOX}:${String(seq).padStart(12, '0')}`)
    await Promise.all(
      seqs.map((seq, k) => {
        const payload = {
          to: 'room:r2',
          text: TEXT,
          mentions: [],
          seq,
          key: `k${seq}`,
          createdAt: T0,
          tries: 1,
          after: k ? ids[k - 1] : last,
          place: i + k + 1,
        }
        return store.schedule({ id: ids[k]!, dueAt: T0 + 60_000 + i + k, kind: OUTBOX, payload, subject: 'outbox:room:r2' })
      }),
    )
    last = ids.at(-1)!
  }
  await store.commit(OUTBOX_TAILS, { id: 'room:r2', rev: 0, last, place: n }, 0, [])
}

/** Per message said behind n waiting entries, and per delivery of the oldest once the platform is back, in ms. */
async function outboxOps(store: Store, n: number): Promise<[number, number]> {
  await queue(store, n)
  const clock = new ManualClock(T0)
  let up = false
  const say = async () => {
    if (!up) throw new Error('not logged in')
  }
  const platform: ChatPort = { platform: 'bench', start: async () => {}, stop: async () => {}, sayToRoom: say, sayToContact: say }
  const outbox = createOutbox(platform, { store: () => store, clock, log: { warn() {}, error() {} } })
  let t = performance.now()
  for (let i = 0; i < OUTBOX_OPS; i++) await outbox.chat.sayToRoom('r2', { text: TEXT })
  const said = (performance.now() - t) / OUTBOX_OPS
  up = true
  clock.advance(3_600_000)
  const claimed = await store.claimDue(clock.now(), 60_000, OUTBOX_OPS)
  t = performance.now()
  for (const job of claimed) {
    await outbox.deliver(job)
    await store.complete(job.id)
  }
  const delivered = (performance.now() - t) / claimed.length
  await store.cancelSubject('outbox:room:r2')
  return [said, delivered]
}

export async function run(scale = '5000,20000'): Promise<string[]> {
  const redis = await startScratchRedis()
  const client = new Redis(redis.url)
  const store = await createRedisStore({ client })
  const lines: string[] = []
  try {
    for (const n of scale.split(',').map(Number)) {
      for (let i = 0; i < n; i += 500)
        await Promise.all(Array.from({ length: Math.min(500, n - i) }, (_, k) => store.schedule(entry(`${n}-${i + k}`, i + k))))
      let cpu = await cpuSeconds(client)
      let t = performance.now()
      for (let i = 0; i < OPS; i++) await store.schedule(entry(`${n}-extra-${i}`, i))
      const schedule = [(performance.now() - t) / OPS, (((await cpuSeconds(client)) - cpu) * 1000) / OPS]
      const claimed = await store.claimDue(T0 + n, 60_000, OPS)
      cpu = await cpuSeconds(client)
      t = performance.now()
      for (const job of claimed) await store.complete(job.id)
      const complete = [(performance.now() - t) / claimed.length, (((await cpuSeconds(client)) - cpu) * 1000) / claimed.length]
      t = performance.now()
      const cancelled = await store.cancelSubject('outbox:room:r1')
      const cancel = performance.now() - t
      lines.push(
        `${n} queued: schedule ${schedule[0]!.toFixed(2)} ms (Redis CPU ${schedule[1]!.toFixed(2)} ms), complete ${complete[0]!.toFixed(2)} ms (Redis CPU ${complete[1]!.toFixed(2)} ms), cancelSubject of ${cancelled} ${cancel.toFixed(0)} ms`,
      )
      const [said, delivered] = await outboxOps(store, n)
      lines.push(`${n} queued in the outbox: ${said.toFixed(2)} ms per message said behind them, ${delivered.toFixed(2)} ms per delivery`)
    }
    const [one, five] = loadavg()
    lines.push(`load average ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min) at the end`)
    return lines
  } finally {
    await store.close()
    client.disconnect()
    await redis.dispose()
  }
}
