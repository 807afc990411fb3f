import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Redis } from 'ioredis'
import { pino } from 'pino'
import { termsOf } from '../src/bot/index-terms.js'
import { BOT_ID, simulatedGroup, type Sent, type SimulatedGroup } from '../src/playground/simulated-group.js'
import { createRedisStore } from '../src/store/redis-store.js'
import { createSqliteStore } from '../src/store/sqlite-store.js'
import type { AuditEntry, IndexTerms, NewJob, Store } from '../src/store/store.js'
import type { Draft } from '../src/workflow/types.js'
import { startScratchRedis } from '../test/helpers/redis-server.js'
import { groupRoom, member, provinceConfig, wechatAccount } from './province-config.js'

/**
 * The stores at scale (issue 12), through the real bot (createBot, Wechaty on the simulated puppet)
 * in a province configuration of 100 groups (bench/province-config.ts). For each store and each
 * N in 0, 10k, 100k, 1M up to the scale argument, growing one store:
 * - seeds N drafts (copies of real drafts made through the bot in each group, with their audit
 *   entries and the index terms the bot commits; 999 in 1,000 approved, 1 in 1,000 pending, spread
 *   over the groups) and N pending reminder jobs of other subjects: on Redis through the store's
 *   own scripts, pipelined; on SQLite in bulk transactions, checked row for row against the store's
 *   own commit and schedule; never more than a batch in memory;
 * - restarts the bot on a newly opened store (open + start) and times it;
 * - closed loop for G in --groups: the G groups at once, each its own sequence #投稿 #待办 #通过
 *   #通过 #状态 #留言, one command in flight per group: commands/s and latency (member's message →
 *   the bot done with it, replies sent);
 * - open loop: all groups together at --open-rate commands/s (a province's peak, see docs/benchmarks.md),
 *   latency from the time each command was due to be sent (queueing included);
 * - per command (#投稿 … #留言) p50/p99 of the closed loop with the fewest groups (1): flat with N or not;
 * - bytes per draft and per job (SQLite file + WAL, Redis used_memory), Redis RSS, the bench's heap.
 * At the largest N, sweeps of 10k and (from 100k) 100k jobs due at once.
 *
 * `npx tsx bench/run.ts store-scale <maxN> [--stores sqlite,redis] [--groups 1,10,100]
 *  [--open-rate 20] [--open-seconds 15] [--redis-url redis://…]`. Without --redis-url the bench starts
 * a redis-server of its own (no persistence) so that used_memory is this bench's alone; with it, keys
 * go under a prefix of their own, deleted at the end. Without a scale (npm run bench) it runs small.
 */
export const name = 'stores at scale (real bot, SQLite and Redis)'

const BODY = '本期简讯介绍全省共青团组织开展青年志愿服务活动的情况。来源：团省委办公室'
/** seeding: commits and schedules in flight at once */
const IN_FLIGHT = 1000
const SWEEPS = [10_000, 100_000]

interface Options {
  maxN: number
  stores: string[]
  groups: number[]
  openRate: number
  openSeconds: number
  redisUrl?: string
}

function options(scale: string | undefined, flags: string[]): Options {
  const flag = (name: string) => {
    const i = flags.indexOf(`--${name}`)
    return i >= 0 ? flags[i + 1] : undefined
  }
  const list = (s: string) => s.split(',').map((x) => x.trim())
  // without a scale (npm run bench): small enough for a couple of minutes
  const small = scale === undefined
  const redisUrl = flag('redis-url')
  return {
    maxN: small ? 10_000 : Number(scale),
    stores: list(flag('stores') ?? 'sqlite,redis'),
    groups: list(flag('groups') ?? (small ? '1,10' : '1,10,100')).map(Number),
    openRate: Number(flag('open-rate') ?? 20),
    openSeconds: Number(flag('open-seconds') ?? (small ? 5 : 15)),
    ...(redisUrl ? { redisUrl } : {}),
  }
}

interface Backend {
  label: string
  open(): Promise<Store>
  /** bytes the store's data takes now */
  bytes(): Promise<number>
  /** other memory worth reporting (Redis RSS) */
  memory(): Promise<string>
  /**
   * Writes drafts, or jobs, in one transaction: the rows Store.commit and Store.schedule write
   * (SQLite, where each commit of its own costs a WAL append). Checked against the store's own.
   */
  bulk?: { commit(drafts: Seed[]): void; schedule(jobs: NewJob[]): void; rowsOf(draft: string, job: NewJob): string }
  /** a store on the same data to seed through, when it differs from open() (Redis: auto-pipelined) */
  seeder?(): Promise<Store>
  cleanup(): Promise<void>
}

/** A draft to seed with the audit entries and index terms the bot commits it with. */
interface Seed {
  doc: Draft
  audit: AuditEntry[]
  terms: IndexTerms
}

function fileSize(p: string): number {
  try {
    return statSync(p).size
  } catch {
    return 0
  }
}

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'sanshen-bench-'))
  const path = join(dir, 'sanshen.db')
  let db: Database.Database | undefined
  // A second connection on the file (the store created the tables) writing the rows of the store's
  // commit and schedule (sqlite-store.ts), many per transaction.
  const bulk = () => {
    db ??= new Database(path, { timeout: 5000 })
    const sql = {
      doc: db.prepare('INSERT INTO docs (collection, id, rev, body) VALUES (?, ?, 1, ?)'),
      term: db.prepare('INSERT INTO terms (collection, term, score, id) VALUES (?, ?, ?, ?)'),
      audit: db.prepare('INSERT INTO audit (at, subject, body) VALUES (?, ?, ?)'),
      job: db.prepare('INSERT INTO jobs (id, claimable_at, attempts, subject, body) VALUES (?, ?, 0, ?, ?)'),
      docRows: db.prepare(`SELECT rev, body FROM docs WHERE collection = 'drafts' AND id = ?`),
      termRows: db.prepare(`SELECT term, score FROM terms WHERE collection = 'drafts' AND id = ? ORDER BY term`),
      auditRows: db.prepare('SELECT at, body FROM audit WHERE subject = ? ORDER BY n'),
      jobRows: db.prepare('SELECT claimable_at, attempts, subject, body FROM jobs WHERE id = ?'),
    }
    const commit = db.transaction((drafts: Seed[]) => {
      for (const { doc, audit, terms } of drafts) {
        sql.doc.run('drafts', doc.id, JSON.stringify({ ...doc, rev: 1 }))
        for (const [term, score] of Object.entries(terms)) sql.term.run('drafts', term, score, doc.id)
        for (const entry of audit) sql.audit.run(entry.at, entry.subject, JSON.stringify(entry))
      }
    })
    const schedule = db.transaction((jobs: NewJob[]) => {
      for (const { id, dueAt, kind, payload, subject } of jobs) sql.job.run(id, dueAt, subject, JSON.stringify({ id, dueAt, kind, payload, subject }))
    })
    return { sql, commit, schedule }
  }
  return {
    label: 'SQLite',
    open: () => createSqliteStore(path),
    bytes: async () => fileSize(path) + fileSize(`${path}-wal`),
    memory: async () => `file ${mb(fileSize(path))} + WAL ${mb(fileSize(`${path}-wal`))}`,
    bulk: {
      commit: (drafts) => bulk().commit.immediate(drafts),
      schedule: (jobs) => bulk().schedule.immediate(jobs),
      rowsOf(draft, job) {
        const { sql } = bulk()
        const rows = [sql.docRows.all(draft), sql.termRows.all(draft), sql.auditRows.all(draft), sql.jobRows.all(job.id)]
        // ids and due time written alike, so that two drafts (and jobs) of one template compare equal
        return JSON.stringify(rows).replace(new RegExp(`\\b(${draft}|${job.subject}|${job.dueAt})\\b`, 'g'), '#')
      },
    },
    async cleanup() {
      db?.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

async function redisBackend(sharedUrl: string | undefined): Promise<Backend> {
  const own = sharedUrl ? undefined : await startScratchRedis()
  const url = sharedUrl ?? own!.url
  const prefix = `sanshen-bench-${process.pid}`
  const client = new Redis(url)
  const info = async () => {
    const text = await client.info('memory')
    return (field: string) => Number(new RegExp(`^${field}:(\\d+)`, 'm').exec(text)![1])
  }
  let seedClient: Redis | undefined
  return {
    label: sharedUrl ? 'Redis (shared)' : 'Redis',
    open: () => createRedisStore({ url, prefix }),
    // the store's own scripts, with many commands per write to the socket
    seeder: async () => {
      seedClient ??= new Redis(url, { enableAutoPipelining: true })
      return createRedisStore({ client: seedClient, prefix })
    },
    bytes: async () => (await info())('used_memory'),
    memory: async () => {
      const field = await info()
      return `used ${mb(field('used_memory'))}, RSS ${mb(field('used_memory_rss'))}`
    },
    async cleanup() {
      await seedClient?.quit()
      if (own) {
        await client.quit()
        await own.dispose()
        return
      }
      // a shared server: only this bench's keys
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

/** Runs `make(i)` for from <= i < to with `width` calls in flight (pipelined on Redis); holds no more than that. */
async function inFlight(from: number, to: number, width: number, make: (i: number) => Promise<unknown>): Promise<void> {
  let next = from
  await Promise.all(
    Array.from({ length: Math.min(width, Math.max(0, to - from)) }, async () => {
      for (let i = next++; i < to; i = next++) await make(i)
    }),
  )
}

function quantile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : Number.NaN
}

const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0))
const thousands = (n: number) => n.toLocaleString('en-US')

/** A real draft of one group, as stored after #投稿 (pending) and after both approvals (closed), with its audit entries. */
interface Template {
  pending: { doc: Draft; audit: AuditEntry[] }
  closed: { doc: Draft; audit: AuditEntry[] }
}

/** The id the bot gave a submission, from its reply in the room. */
function draftId(replies: Sent[], roomId: string): string {
  const reply = replies.find((s) => s.roomId === roomId && s.text.includes('已收稿 '))
  const id = reply && /D\d+/.exec(reply.text)?.[0]
  if (!id) throw new Error(`no submission receipt in ${roomId}: ${replies.map((s) => s.text.slice(0, 40)).join(' / ')}`)
  return id
}

/** Seeded pending jobs: a reply-deadline reminder of a public message per job, due in a year. */
const seededJob = (i: number, dueAt: number): NewJob => ({
  id: `M${i}:reply:remind-1`,
  dueAt,
  kind: 'deadline-reminder',
  payload: {
    collection: 'comments',
    subject: `M${i}`,
    deadlineKind: 'reply',
    dueAt,
    reminder: { key: 'remind-1', at: dueAt, kind: 'remind', audience: 'handler' },
  },
  subject: `M${i}`,
})

type Verb = '投稿' | '待办' | '通过' | '状态' | '留言'
const VERBS: Verb[] = ['投稿', '待办', '通过', '状态', '留言']

/** One group's working sequence, step by step: [verb, who, text]. */
function step(g: number, k: number, state: { draft?: string; n: number }): [Verb, string, string] {
  const n = state.n
  switch (k % 6) {
    case 0:
      return ['投稿', member.editor(g), `#投稿 ${wechatAccount(g)} 团省委工作简讯第${n}期\n${BODY}`]
    case 1:
      return ['待办', member.deputy(g), '#待办']
    case 2:
      return ['通过', member.deputy(g), `#通过 ${state.draft}`]
    case 3:
      return ['通过', member.director(g), `#通过 ${state.draft}`]
    case 4:
      return ['状态', member.editor(g), '#状态']
    default:
      return ['留言', member.editor2(g), `#留言 ${wechatAccount(g)} 网友${n}：请问志愿服务活动怎么报名？`]
  }
}

class Latencies {
  readonly all: number[] = []
  readonly byVerb = new Map<Verb, number[]>(VERBS.map((v) => [v, []]))
  add(verb: Verb, latency: number) {
    this.all.push(latency)
    this.byVerb.get(verb)!.push(latency)
  }
  summary(list = this.all): { n: number; p50: number; p99: number; max: number } {
    const sorted = [...list].sort((a, b) => a - b)
    return { n: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN }
  }
}

interface World {
  sim: SimulatedGroup
  rooms: ReturnType<SimulatedGroup['sim']['createRoom']>[]
  /** per group: what its sequence is at */
  state: { draft?: string; n: number; k: number }[]
}

/** Runs group g's next command, timing it from `since` (the send, or when it was due in the open loop). */
async function nextCommand(w: World, g: number, lat: Latencies, since?: number): Promise<void> {
  const st = w.state[g - 1]!
  const [verb, who, text] = step(g, st.k, st)
  const room = w.rooms[g - 1]!
  const t0 = since ?? performance.now()
  const replies = await w.sim.say(who, text, { room })
  lat.add(verb, performance.now() - t0)
  if (verb === '投稿') st.draft = draftId(replies, room.id)
  // the second approval must have gone through: the measured commands did their work
  if (st.k % 6 === 3 && !replies.some((s) => s.roomId === room.id && s.text.includes('可以发布')))
    throw new Error(`${st.draft} in group ${g} was not approved: ${replies.map((s) => s.text.slice(0, 60)).join(' / ')}`)
  st.k++
  if (st.k % 6 === 0) st.n++
}

/** G groups at once, each `rounds` times through its sequence, one command in flight per group. */
async function closedLoop(w: World, groups: number, rounds: number): Promise<{ lat: Latencies; seconds: number }> {
  const lat = new Latencies()
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: groups }, async (_, i) => {
      for (let c = 0; c < rounds * 6; c++) await nextCommand(w, i + 1, lat)
    }),
  )
  return { lat, seconds: (performance.now() - t0) / 1000 }
}

/**
 * Commands arrive at `rate` per second whatever the bot does, round-robin over the groups (each
 * group's commands in order, so a group's next command waits for its previous one). Latency is
 * counted from when a command was due, so waiting in line is included.
 */
async function openLoop(w: World, groups: number, rate: number, seconds: number): Promise<{ lat: Latencies; seconds: number }> {
  const lat = new Latencies()
  const lanes: Promise<void>[] = Array.from({ length: groups }, () => Promise.resolve())
  const total = Math.round(rate * seconds)
  const t0 = performance.now()
  for (let c = 0; c < total; c++) {
    const due = t0 + (c * 1000) / rate
    const wait = due - performance.now()
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    const g = (c % groups) + 1
    lanes[g - 1] = lanes[g - 1]!.then(() => nextCommand(w, g, lat, due))
  }
  await Promise.all(lanes)
  return { lat, seconds: (performance.now() - t0) / 1000 }
}

async function makeWorld(store: Store, groups: number): Promise<World> {
  const config = provinceConfig(groups)
  const sim = await simulatedGroup(config, { store, logger: pino({ level: 'silent' }), platformPolling: false })
  const rooms = [sim.room]
  for (let g = 2; g <= groups; g++) {
    const ids = [member.editor, member.editor2, member.deputy, member.director].map((m) => config.people[m(g)]!.id)
    const supervisors = ['propaganda', 'director'].map((p) => config.people[p]!.id)
    rooms.push(sim.sim.createRoom({ ...groupRoom(g), memberIdList: [BOT_ID, ...ids, ...supervisors] }))
  }
  return { sim, rooms, state: rooms.map(() => ({ n: 1, k: 0 })) }
}

/** One real draft per group, through the bot: its pending and closed states are what the seed copies. */
async function makeTemplates(w: World, store: Store): Promise<Template[]> {
  return Promise.all(
    w.rooms.map(async (room, i) => {
      const g = i + 1
      const id = draftId(await w.sim.say(member.editor(g), `#投稿 ${wechatAccount(g)} 模板稿件\n${BODY}`, { room }), room.id)
      const pending = { doc: (await store.get<Draft>('drafts', id))!, audit: await store.audit(id) }
      await w.sim.say(member.deputy(g), `#通过 ${id}`, { room })
      await w.sim.say(member.director(g), `#通过 ${id}`, { room })
      const closed = { doc: (await store.get<Draft>('drafts', id))!, audit: await store.audit(id) }
      if (closed.doc.status !== 'approved') throw new Error(`template ${id} in group ${g} is ${closed.doc.status}`)
      return { pending, closed }
    }),
  )
}

/** Draft i: a copy of a group's template, pending one in a thousand; the groups take turns at each. */
function seedOf(templates: Template[], i: number): Seed {
  const pending = i % 1000 === 999
  const t = templates[(pending ? Math.floor(i / 1000) : i) % templates.length]!
  const { doc, audit } = pending ? t.pending : t.closed
  const id = `S${i}`
  const copy: Draft = { ...doc, id, rev: 0 }
  return { doc: copy, audit: audit.map((e) => ({ ...e, subject: id })), terms: termsOf('drafts', copy) }
}

const BULK_BATCH = 2_000

/**
 * Items from <= i < to: through the store (`one`), many in flight, or in bulk transactions where
 * the backend has them (`many`), item `from` still through the store so that the two can be compared.
 */
async function seedRange<T>(from: number, to: number, one: (i: number) => Promise<unknown>, make: (i: number) => T, many?: (items: T[]) => void) {
  if (!many || from >= to) return inFlight(from, to, IN_FLIGHT, one)
  await one(from)
  for (let start = from + 1; start < to; start += BULK_BATCH)
    many(Array.from({ length: Math.min(BULK_BATCH, to - start) }, (_, k) => make(start + k)))
}

/** The rows of draft and job `from` (written by the store) must equal those of the next ones of the same template (written in bulk). */
function checkBulk(backend: Backend, from: number, to: number, templates: number, far: number): void {
  const b = from + templates
  if (!backend.bulk || b >= to) return
  const stored = backend.bulk.rowsOf(`S${from}`, seededJob(from, far + from))
  const bulked = backend.bulk.rowsOf(`S${b}`, seededJob(b, far + b))
  if (stored !== bulked) throw new Error(`the bulk seed does not write what the store writes:\n${stored}\n${bulked}`)
}

interface Row {
  store: string
  n: number
  cells: string[]
}

export async function run(scale?: string, flags: string[] = []): Promise<string[]> {
  const o = options(scale, flags)
  const sizes = [0, 10_000, 100_000, 1_000_000].filter((n) => n <= o.maxN)
  if (!sizes.includes(o.maxN)) sizes.push(o.maxN)
  const maxGroups = Math.max(...o.groups)
  const loops: Row[] = []
  const perCommand: Row[] = []
  const sizesRows: Row[] = []
  const sweeps: Row[] = []
  const notes: string[] = []
  for (const which of o.stores) {
    if (which !== 'redis' && which !== 'sqlite') throw new Error(`--stores: sqlite, redis or both, not "${which}"`)
    const backend = which === 'redis' ? await redisBackend(o.redisUrl) : sqliteBackend()
    let store = await backend.open()
    const w = await makeWorld(store, maxGroups)
    try {
      const templates = await makeTemplates(w, store)
      // one unrecorded round in every group, so that the first N does not pay for the JIT warming up
      await closedLoop(w, maxGroups, 1)
      let seeded = 0
      const far = w.sim.clock.now() + 365 * 86_400_000
      for (const n of sizes) {
        // seed from the previous N up to this one, in the same store
        const seeder = (await backend.seeder?.()) ?? store
        const b0 = await backend.bytes()
        const t0 = performance.now()
        await seedRange(
          seeded,
          n,
          (i) => {
            const { doc, audit, terms } = seedOf(templates, i)
            return seeder.commit('drafts', doc, 0, audit, terms)
          },
          (i) => seedOf(templates, i),
          backend.bulk?.commit,
        )
        const b1 = await backend.bytes()
        const t1 = performance.now()
        await seedRange(
          seeded,
          n,
          (i) => seeder.schedule(seededJob(i, far + i)),
          (i) => seededJob(i, far + i),
          backend.bulk?.schedule,
        )
        const b2 = await backend.bytes()
        const t2 = performance.now()
        checkBulk(backend, seeded, n, templates.length, far)
        const added = n - seeded
        seeded = n

        // three restarts: the first after seeding also pays for a WAL checkpoint or a cold cache
        const restarts: number[] = []
        for (let r = 0; r < 3; r++) {
          const r0 = performance.now()
          const reopened = await backend.open()
          await w.sim.restart(reopened)
          restarts.push(performance.now() - r0)
          await store.close()
          store = reopened
        }

        for (const groups of o.groups) {
          const rounds = Math.max(1, Math.round(50 / groups))
          const { lat, seconds } = await closedLoop(w, groups, rounds)
          const s = lat.summary()
          loops.push({
            store: backend.label,
            n,
            cells: [`${groups}`, 'closed', `${s.n}`, (s.n / seconds).toFixed(0), ms(s.p50), ms(s.p99), ms(s.max)],
          })
          if (groups === Math.min(...o.groups))
            perCommand.push({
              store: backend.label,
              n,
              cells: VERBS.map((v) => {
                const c = lat.summary(lat.byVerb.get(v))
                return `${ms(c.p50)} / ${ms(c.p99)}`
              }),
            })
        }
        const open = await openLoop(w, maxGroups, o.openRate, o.openSeconds)
        const s = open.lat.summary()
        loops.push({
          store: backend.label,
          n,
          cells: [`${maxGroups}`, `open, ${o.openRate}/s`, `${s.n}`, (s.n / open.seconds).toFixed(0), ms(s.p50), ms(s.p99), ms(s.max)],
        })

        // live heap when run with --expose-gc (NODE_OPTIONS=--expose-gc): what the bench holds, not garbage
        ;(globalThis as { gc?: () => void }).gc?.()
        const heap = process.memoryUsage()
        sizesRows.push({
          store: backend.label,
          n,
          cells: [
            added ? `${((t1 - t0) / 1000).toFixed(1)} s + ${((t2 - t1) / 1000).toFixed(1)} s` : '',
            added ? `${thousands(Math.round((2 * added) / ((t2 - t0) / 1000)))}/s` : '',
            restarts.map(ms).join(' / '),
            added ? thousands(Math.round((b1 - b0) / added)) : '',
            added ? thousands(Math.round((b2 - b1) / added)) : '',
            await backend.memory(),
            `${mb(heap.heapUsed)} heap, ${mb(heap.rss)} RSS`,
          ],
        })
      }

      const now = w.sim.clock.now()
      for (const count of SWEEPS.filter((c) => c <= Math.max(10_000, o.maxN))) {
        // stage time-outs of drafts already through: claim, load the draft, nothing to say, complete
        await inFlight(0, count, IN_FLIGHT, (i) =>
          store.schedule({
            id: `sweep-${count}-${i}`,
            dueAt: now,
            kind: 'stage-timeout',
            payload: { draft: `S${i}`, stage: 0, version: 1 },
            subject: `S${i}`,
          }),
        )
        const s0 = performance.now()
        await w.sim.advance(1000)
        const seconds = (performance.now() - s0) / 1000
        const left = (await store.claimDue(w.sim.clock.now(), 1, 1)).length
        sweeps.push({
          store: backend.label,
          n: seeded,
          cells: [thousands(count), `${seconds.toFixed(1)} s`, thousands(Math.round(count / seconds)), left ? 'NOT all done' : 'all done'],
        })
      }
    } catch (err) {
      notes.push(`${backend.label}: failed (${(err as Error).stack ?? err})`)
    } finally {
      await w.sim.stop().catch(() => undefined)
      await store.close().catch(() => undefined)
      await backend.cleanup()
    }
  }

  const table = (head: string[], rows: Row[]) => [
    `| store | existing drafts + jobs | ${head.join(' | ')} |`,
    `|${' --- |'.repeat(head.length + 2)}`,
    ...rows.map((r) => `| ${r.store} | ${thousands(r.n)} | ${r.cells.join(' | ')} |`),
    '',
  ]
  return [
    `${new Date().toISOString()}, load average ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(
        ' ',
      )}; closed loop: each group one command in flight (at 100 groups this measures queueing on one event loop); open loop: ${o.openRate} commands/s whatever the bot does, latency from when each was due`,
    '',
    ...table(['groups', 'loop', 'commands', 'commands/s', 'p50 ms', 'p99 ms', 'max ms'], loops),
    ...table(
      VERBS.map((v) => `#${v} p50 / p99 ms`),
      perCommand,
    ),
    ...table(
      ['seeding drafts + jobs', 'rate (items/s)', '3 restarts ms', 'B per draft', 'B per pending job', 'store memory', 'bench process'],
      sizesRows,
    ),
    ...table(['due jobs', 'sweep', 'jobs/s', ''], sweeps),
    ...notes,
  ]
}
