import { pino } from 'pino'
import { simulatedGroup } from '../src/playground/simulated-group.js'
import { loadConfig } from '../src/config/load.js'
import { createMemoryStore } from '../src/store/memory-store.js'
import { createRedisStore } from '../src/store/redis-store.js'
import type { Store } from '../src/store/store.js'
import { timedSay } from './timed-say.js'

/**
 * The review workflow end to end through the real Wechaty bot on wechaty-puppet-mock: each draft
 * is submitted, approved at 初审 and at 终审 (three commands, the checklist on every submission).
 * Reports commands per second, the latency of one command from the member's message to the
 * bot's last reply, and the heap after the run, with the in-memory store and with Redis.
 */
export const name = 'review workflow (real bot, simulated group)'

const DRAFTS = 300

async function measure(label: string, store: Store): Promise<string> {
  const config = loadConfig('config/sanshen.yaml')
  const g = await simulatedGroup(config, { store, logger: pino({ level: 'silent' }) })
  const latencies: number[] = []
  const timed = timedSay(g, latencies)
  const t0 = performance.now()
  for (let i = 1; i <= DRAFTS; i++) {
    await timed('editor1', `#投稿 微信 团省委工作简讯第${i}期\n本期简讯介绍全省共青团组织开展青年志愿服务活动的情况。来源：团省委办公室`)
    await timed('deputy', `#通过 D${i}`)
    await timed('director', `#通过 D${i}`)
  }
  const seconds = (performance.now() - t0) / 1000
  const final = g.sent.filter((s) => s.text.includes('可以发布')).length
  await g.stop()
  latencies.sort((a, b) => a - b)
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1)
  const heap = (process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)
  return `${label}: ${DRAFTS} drafts (${latencies.length} commands, ${final} published) in ${seconds.toFixed(1)} s = ${(latencies.length / seconds).toFixed(0)} commands/s; latency p50 ${at(50)} ms, p95 ${at(95)} ms; heap after ${heap} MB`
}

export async function run(): Promise<string[]> {
  const lines = [await measure('memory store', createMemoryStore())]
  const prefix = `sanshen-bench-${process.pid}`
  const redis = await createRedisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix }).catch(() => undefined)
  if (!redis) return [...lines, 'Redis store: skipped (no Redis on REDIS_URL or 127.0.0.1:6379)']
  try {
    lines.push(await measure('Redis store', redis))
  } finally {
    await redis.close()
    // leave nothing behind
    const { Redis } = await import('ioredis')
    const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379')
    const keys = await client.keys(`${prefix}:*`)
    if (keys.length) await client.del(...keys)
    await client.quit()
  }
  return lines
}
