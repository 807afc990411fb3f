import { Redis } from 'ioredis'
import { createRedisStore } from '../src/store/redis-store.js'
import type { NewJob, Store } from '../src/store/store.js'
import { startScratchRedis } from '../test/helpers/redis-server.js'

/**
 * Redis memory per pending job (issue 12 target: ≤ 300 B), as `INFO memory` used_memory growth
 * divided by the jobs scheduled, on a redis-server of its own (nothing else writes to it):
 *  (a) the worst case, one job per subject: a reply reminder of its own public message;
 *  (b) the bot's mix: per ten public messages their reply reminders (7 ordinary with a reminder
 *      and the overdue notice, 3 sensitive with two reminders and the notice), one draft's stage
 *      time-out and one outbox entry waiting in one of 50 groups.
 * The jobs have the shapes src/bot/public-messages/reply-jobs.ts, src/bot/drafts/announce.ts and
 * src/chat/outbox.ts give them. `npx tsx bench/run.ts redis-job-memory [jobs]` (default 20000).
 */
export const name = 'Redis memory per pending job'

const T0 = Date.UTC(2026, 10, 23, 1, 0, 0)
const MIN = 60_000

function reminder(n: number, deadlineKind: string, key: string, kind: string, at: number, dueAt: number): NewJob {
  const subject = `C${n}`
  const audience = kind === 'remind' ? 'handler' : 'supervisors'
  const payload = { collection: 'comments', subject, deadlineKind, dueAt, reminder: { key, kind, at, audience } }
  return { id: `${subject}:${deadlineKind}:${key}`, dueAt: at, kind: 'deadline-reminder', payload, subject }
}

/** A public message's reply reminders: ordinary ones remind once before the deadline, sensitive ones twice. */
function messageJobs(n: number): NewJob[] {
  const sensitive = n % 10 >= 7
  const deadlineKind = sensitive ? 'sensitive' : 'ordinary'
  const dueAt = T0 + n * 1000 + (sensitive ? 60 * MIN : 24 * 60 * MIN)
  const reminders = sensitive
    ? [
        reminder(n, deadlineKind, 'remind:1', 'remind', dueAt - 30 * MIN, dueAt),
        reminder(n, deadlineKind, 'remind:2', 'remind', dueAt - 10 * MIN, dueAt),
      ]
    : [reminder(n, deadlineKind, 'remind:1', 'remind', dueAt - 120 * MIN, dueAt)]
  return [...reminders, reminder(n, deadlineKind, 'overdue', 'overdue', dueAt, dueAt)]
}

function stageTimeout(n: number): NewJob {
  const draft = `D${n}`
  return {
    id: `${draft}:stage-timeout:v1:s0`,
    dueAt: T0 + n * 1000 + 120 * MIN,
    kind: 'stage-timeout',
    payload: { draft, stage: 0, version: 1 },
    subject: draft,
  }
}

function outboxEntry(n: number): NewJob {
  const to = `room:${20000000000 + (n % 50)}@chatroom`
  const createdAt = T0 + n * 1000
  const payload = {
    to,
    text: `D${n} 已通过终审，可以发布。终审：王主任`,
    mentions: ['wxid_editor1'],
    seq: n,
    key: '0b9f3c52-8d1e-4f6a-9b7c-2e4d5a6f7081',
    createdAt,
    tries: 2,
    lastError: 'not logged in',
    after: `outbox:${String(n - 50).padStart(12, '0')}`,
    place: Math.ceil(n / 50),
  }
  return { id: `outbox:${String(n).padStart(12, '0')}`, dueAt: createdAt + 20_000, kind: 'outbox', payload, subject: `outbox:${to}` }
}

const worstCase = (count: number): NewJob[] => Array.from({ length: count }, (_, i) => messageJobs(i + 1)[0]!)

function botMix(count: number): NewJob[] {
  const jobs: NewJob[] = []
  for (let unit = 0; jobs.length < count; unit++) {
    for (let m = 0; m < 10; m++) jobs.push(...messageJobs(unit * 10 + m + 1))
    jobs.push(stageTimeout(unit + 1), outboxEntry(unit + 1))
  }
  return jobs.slice(0, count)
}

async function usedMemory(client: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1])
}

/** Bytes of Redis memory per job once `jobs` are scheduled into an empty store. */
async function bytesPerJob(url: string, prefix: string, jobs: NewJob[]): Promise<number> {
  const client = new Redis(url)
  const store: Store = await createRedisStore({ url, prefix })
  try {
    await store.schedule(jobs[0]!) // the keys themselves, and the scripts' cache, are not per job
    const before = await usedMemory(client)
    for (let i = 1; i < jobs.length; i += 200) await Promise.all(jobs.slice(i, i + 200).map((job) => store.schedule(job)))
    return (await usedMemory(client)) - before
  } finally {
    await store.close()
    await client.quit()
  }
}

async function serverVersion(url: string): Promise<string> {
  const client = new Redis(url)
  try {
    return /redis_version:(\S+)/.exec(await client.info('server'))![1]!
  } finally {
    await client.quit()
  }
}

export async function run(scale?: string): Promise<string[]> {
  const count = Number(scale ?? 20_000)
  const redis = await startScratchRedis()
  const { url } = redis
  try {
    const lines = [`redis-server ${await serverVersion(url)} of its own, default settings`]
    for (const [prefix, label, jobs] of [
      ['worst', '(a) one job per subject (reply reminder)', worstCase(count)],
      ['drafts', "(a') one job per subject (a draft's stage time-out)", Array.from({ length: count }, (_, i) => stageTimeout(i + 1))],
      ['mix', '(b) bot mix (reply reminders, stage time-outs, outbox)', botMix(count)],
    ] as const) {
      const bytes = await bytesPerJob(url, prefix, jobs)
      lines.push(`${label}: ${(bytes / (jobs.length - 1)).toFixed(0)} B per job (${jobs.length} jobs, used_memory +${bytes} B)`)
    }
    return lines
  } finally {
    await redis.dispose()
  }
}
