import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { createRedisStore } from '../src/store/redis-store.js'
import type { NewJob } from '../src/store/store.js'
import { freePort, launchRedis } from '../test/helpers/redis-server.js'

/**
 * One conversation's outbox during a long chat outage (issue 12): its entries share one subject,
 * whose records a Redis store keeps packed. With n entries queued, the time per schedule and per
 * complete of 300 more, the Redis CPU they cost (`INFO cpu`, a redis-server of its own), and one
 * cancelSubject of them all (one script: Redis does nothing else meanwhile).
 * `npx tsx bench/run.ts redis-outbox-outage [n,n…]` (default 5000,20000).
 */
export const name = 'Redis outbox of one conversation during an outage'

const T0 = Date.UTC(2026, 10, 23, 1, 0, 0)
const OPS = 300
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

export async function run(scale = '5000,20000'): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sanshen-outbox-bench-'))
  const port = await freePort()
  const server = await launchRedis(dir, port, ['--save', '', '--appendonly', 'no'])
  const client = new Redis(`redis://127.0.0.1:${port}`)
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
    }
    return lines
  } finally {
    await store.close()
    client.disconnect()
    server.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
}
