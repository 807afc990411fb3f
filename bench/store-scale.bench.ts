import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { pino } from 'pino'
import { termsOf } from '../src/bot/index-terms.js'
import { simulatedGroup, type SimulatedGroup } from '../src/playground/simulated-group.js'
import { loadConfig } from '../src/config/load.js'
import { createRedisStore } from '../src/store/redis-store.js'
import { createSqliteStore } from '../src/store/sqlite-store.js'
import type { NewJob, Store, StoredDoc } from '../src/store/store.js'
import { timedSay } from './timed-say.js'

/**
 * The stores at scale, through the real bot on the simulated group: with 0 … N existing drafts
 * (closed, as most are; one in a thousand pending in another group) and as many pending reminder
 * jobs seeded directly into the store, it measures commands/s and p99 of a working mix (#投稿,
 * two #通过, #待办, #状态, #留言), the bot's restart on the filled store, a sweep of 10k due jobs,
 * and the store's size per seeded draft and job. The scale argument is the largest N:
 * `npm run bench -- store-scale 100000` (default 10000, which fits in a minute).
 */
export const name = 'stores at scale (real bot, SQLite and Redis)'

const config = loadConfig('config/sanshen.yaml')
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const ROUNDS = 25
const SWEEP_JOBS = 10_000

interface Backend {
  label: string
  open(): Promise<Store>
  /** bytes the backend holds now */
  bytes(): Promise<number>
  cleanup(): Promise<void>
}

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'sanshen-bench-'))
  const path = join(dir, 'sanshen.db')
  return {
    label: 'SQLite',
    open: () => createSqliteStore(path),
    async bytes() {
      const size = (p: string) => {
        try {
          return statSync(p).size
        } catch {
          return 0
        }
      }
      return size(path) + size(`${path}-wal`)
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function redisBackend(): Backend {
  const prefix = `sanshen-bench-${process.pid}-${Date.now()}`
  const client = new Redis(REDIS_URL)
  return {
    label: 'Redis',
    open: () => createRedisStore({ url: REDIS_URL, prefix }),
    async bytes() {
      return Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1])
    },
    async cleanup() {
      let cursor = '0'
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000)
        if (keys.length) await client.unlink(...keys)
        cursor = next
      } while (cursor !== '0')
      await client.quit()
    },
  }
}

/** Runs `make(i)` for i < n, `width` at a time (pipelined on Redis). */
async function inBatches(n: number, width: number, make: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < n; start += width) {
    await Promise.all(Array.from({ length: Math.min(width, n - start) }, (_, k) => make(start + k)))
  }
}

function quantile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

const seededJob = (i: number, dueAt: number): NewJob => ({
  id: `S${i}:reply:remind-1`,
  dueAt,
  kind: 'deadline-reminder',
  payload: {
    collection: 'comments',
    subject: `S${i}`,
    deadlineKind: 'reply',
    dueAt,
    reminder: { key: 'remind-1', at: dueAt, kind: 'remind', audience: 'handler' },
  },
  subject: `S${i}`,
})

async function mix(g: SimulatedGroup, from: number): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = []
  const timed = timedSay(g, latencies)
  const t0 = performance.now()
  for (let i = from; i < from + ROUNDS; i++) {
    await timed('editor1', `#投稿 微信 团省委工作简讯第${i}期\n本期简讯介绍全省共青团组织开展青年志愿服务活动的情况。来源：团省委办公室`)
    await timed('deputy', '#待办')
    await timed('deputy', `#通过 D${i}`)
    await timed('director', `#通过 D${i}`)
    await timed('editor1', '#状态')
    await timed('editor2', `#留言 微信 网友${i}：请问志愿服务活动怎么报名？`)
  }
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - t0) / 1000 }
}

async function measure(backend: Backend, size: number): Promise<string[]> {
  let store = await backend.open()
  const g = await simulatedGroup(config, { store, logger: pino({ level: 'silent' }) })
  const lines: string[] = []
  try {
    // One real draft, through the bot, is the template of the seeded ones.
    await g.say('editor1', '#投稿 微信 模板稿件\n本期简讯介绍全省共青团组织开展青年志愿服务活动的情况。来源：团省委办公室')
    await g.say('deputy', '#通过 D1')
    await g.say('director', '#通过 D1')
    const template = (await store.get<StoredDoc & Record<string, unknown>>('drafts', 'D1'))!
    const far = g.clock.now() + 365 * 86_400_000

    const before = await backend.bytes()
    const t0 = performance.now()
    await inBatches(size, 500, (i) => {
      const pending = i % 1000 === 999
      const doc = { ...template, id: `S${i}`, rev: 0, status: pending ? 'pending' : 'approved', group: pending ? 'other-room' : template.group }
      return store.commit('drafts', doc, 0, [], termsOf('drafts', doc))
    })
    const afterDrafts = await backend.bytes()
    await inBatches(size, 500, (i) => store.schedule(seededJob(i, far + i)))
    const afterJobs = await backend.bytes()
    const seedSeconds = (performance.now() - t0) / 1000
    if (size > 0)
      lines.push(
        `${backend.label}, ${size} drafts + ${size} pending jobs seeded in ${seedSeconds.toFixed(1)} s: ${((afterDrafts - before) / size).toFixed(0)} B per draft, ${((afterJobs - afterDrafts) / size).toFixed(0)} B per pending job`,
      )

    const { latencies, seconds } = await mix(g, 2)
    lines.push(
      `${backend.label}, ${size} existing: ${latencies.length} commands in ${seconds.toFixed(1)} s = ${(latencies.length / seconds).toFixed(0)} commands/s; p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
    )

    const r0 = performance.now()
    const reopened = await backend.open()
    await g.restart(reopened)
    const restartMs = performance.now() - r0
    await store.close()
    store = reopened
    lines.push(`${backend.label}, ${size} existing: restart (open the store, start the bot) ${restartMs.toFixed(0)} ms`)

    if (size === maxSize) {
      const now = g.clock.now()
      await inBatches(SWEEP_JOBS, 500, (i) =>
        store.schedule({ id: `sweep-${i}`, dueAt: now, kind: 'stage-timeout', payload: { draft: `S${i}`, stage: 0, version: 1 }, subject: `S${i}` }),
      )
      const s0 = performance.now()
      await g.advance(1000)
      const sweepSeconds = (performance.now() - s0) / 1000
      const left = (await store.jobsOf('S0')).filter((j) => j.id.startsWith('sweep-')).length
      lines.push(
        `${backend.label}, ${size} existing: sweep of ${SWEEP_JOBS} due jobs (drafts already through: claim, load, complete) ${sweepSeconds.toFixed(1)} s${left ? ' — NOT all done' : ''}`,
      )
    }
  } finally {
    await g.stop()
    await store.close()
  }
  return lines
}

let maxSize = 10_000

export async function run(scale?: string): Promise<string[]> {
  maxSize = scale ? Number(scale) : 10_000
  const sizes = [0, 10_000, 100_000, 1_000_000].filter((n) => n <= maxSize)
  if (!sizes.includes(maxSize)) sizes.push(maxSize)
  const lines: string[] = []
  for (const make of [sqliteBackend, redisBackend]) {
    for (const size of sizes) {
      const backend = make()
      try {
        lines.push(...(await measure(backend, size)))
      } catch (err) {
        lines.push(`${backend.label}, ${size}: failed (${(err as Error).message})`)
      } finally {
        await backend.cleanup()
      }
    }
  }
  return lines
}
