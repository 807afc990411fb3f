import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { createBot, type Bot } from '../../src/bot/create-bot.js'
import type { BotDeps } from '../../src/bot/deps.js'
import { sweep } from '../../src/bot/sweep.js'
import { backoffMs, createOutbox, OUTBOX, type OutboxPayload, runAsJob, UNDELIVERABLE_READ, undeliverable } from '../../src/chat/outbox.js'
import type { ChatPort, Outgoing } from '../../src/chat/port.js'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config/load.js'
import { createMemoryStore, createRedisStore, type Store } from '../../src/store/index.js'
import { type Job, StoreUnavailableError } from '../../src/store/store.js'
import { overviewPage } from '../../src/web/dashboard/overview-page.js'
import { createMetrics } from '../../src/web/metrics.js'
import { withRedisPrefix, type RedisTestPrefix } from '../helpers/redis.js'

const config = loadConfig('config/sanshen.yaml')
const silent = pino({ level: 'silent' })

/** A platform that accepts what it is sent (into `accepted`) unless told to refuse for now. */
function platform(accepted: { to: string; text: string }[], o: { refuse?: () => boolean; hang?: boolean } = {}): ChatPort {
  const take = (to: string) => async (id: string, m: Outgoing) => {
    if (o.hang) return new Promise<void>(() => {})
    if (o.refuse?.()) throw new Error('not logged in')
    accepted.push({ to: `${to}:${id}`, text: m.text })
  }
  return { platform: 'test', start: async () => {}, stop: async () => {}, sayToRoom: take('room'), sayToContact: take('contact') }
}

describe('the outbox (Redis)', () => {
  let redis: RedisTestPrefix
  const bots: Bot[] = []
  const stores: Store[] = []
  afterEach(async () => {
    for (const b of bots.splice(0)) await b.stop()
    for (const s of stores.splice(0)) await s.close()
    await redis?.cleanup()
  })

  async function setUp() {
    redis = withRedisPrefix()
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0))
    const open = async () => {
      const s = await createRedisStore({ url: redis.url, prefix: redis.prefix })
      stores.push(s)
      return s
    }
    const bot = async (chat: ChatPort) => {
      const b = createBot({ config, chat, store: await open(), clock, logger: silent, sweepIntervalMs: 0, cron: false })
      await b.start()
      bots.push(b)
      return b
    }
    return { clock, open, bot }
  }

  it('delivers exactly once a message stored by a process that died before sending it', async () => {
    const { clock, open, bot } = await setUp()
    // the first process stores the entry, then hangs in the send and is killed: its memory is gone
    const dying = createOutbox(platform([], { hang: true }), { store: await open().then((s) => () => s), clock, log: silent })
    void dying.chat.sayToRoom('editors@chatroom', { text: '请审核 D1' })
    const store = await open()
    for (let i = 0; i < 100 && (await store.pendingJobs()).length === 0; i++) await new Promise((r) => setTimeout(r, 10))
    expect((await store.pendingJobs()).map((j) => j.kind)).toEqual(['outbox'])

    const accepted: { to: string; text: string }[] = []
    const restarted = await bot(platform(accepted))
    // not before the first process's grace is over: it might still be sending
    await restarted.sweep()
    expect(accepted).toEqual([])
    clock.advance(61_000)
    await restarted.sweep()
    clock.advance(3_600_000)
    await restarted.sweep()
    expect(accepted).toEqual([{ to: 'room:editors@chatroom', text: '请审核 D1' }])
    expect(await store.pendingJobs()).toEqual([])
  })

  it('retries with backoff while the platform refuses, then delivers once and in order', async () => {
    const { clock, bot } = await setUp()
    const accepted: { to: string; text: string }[] = []
    let refusals = 3
    const b = await bot(platform(accepted, { refuse: () => refusals-- > 0 }))
    await b.outbox.chat.sayToRoom('g1@chatroom', { text: 'one' })
    await b.outbox.chat.sayToRoom('g1@chatroom', { text: 'two' })
    await b.outbox.chat.sayToContact('wxid_director', { text: 'private' })
    expect(accepted).toEqual([]) // one refused, two waits behind it, the private one refused too
    expect((await b.deps.store.pendingJobs()).filter((j) => j.kind === 'outbox')).toHaveLength(3)
    for (let tries = 1; tries <= 4 && accepted.length < 3; tries++) {
      clock.advance(Math.max(backoffMs(tries), 61_000))
      await b.sweep()
    }
    expect(accepted.filter((a) => a.to === 'room:g1@chatroom').map((a) => a.text)).toEqual(['one', 'two'])
    expect(accepted).toHaveLength(3)
    expect(await b.deps.store.pendingJobs()).toEqual([])
  })

  it('keeps an entry the platform never accepts, and shows it as undelivered after the configured time', async () => {
    const { clock, bot } = await setUp()
    const b = await bot(platform([], { refuse: () => true }))
    await b.outbox.chat.sayToRoom('g1@chatroom', { text: '提醒' })
    clock.advance(config.chat.outbox.alertAfterMinutes * 60_000 + 1)
    await b.sweep()
    expect(await b.outbox.stuck(config.chat.outbox.alertAfterMinutes * 60_000)).toMatchObject([{ to: 'room:g1@chatroom', text: '提醒', tries: 2 }])
    const metrics = createMetrics(b.deps.store, clock, silent, config.chat.outbox.alertAfterMinutes * 60_000)
    expect(await metrics.registry.metrics()).toMatch(/^sanshen_outbox_undelivered 1$/m)
    expect(await overviewPage(config, b.deps.store, clock)).toContain('Undelivered bot messages (1)')
  })

  it('delivers once an entry stored before entries had a subject: the start gives it its conversation', async () => {
    const { clock, open, bot } = await setUp()
    const old = await open()
    const payload: OutboxPayload = { to: 'room:g1@chatroom', text: '旧消息', mentions: [], seq: 1, key: 'k1', createdAt: clock.now(), tries: 1 }
    await old.schedule({ id: 'outbox:000000000001', dueAt: clock.now() + 60_000, kind: OUTBOX, payload })
    // as an installation indexed before outbox entries were (index version 2)
    await old.commit('meta', { id: 'index-terms', rev: 0, version: 2 }, 0, [])
    const accepted: { to: string; text: string }[] = []
    const b = await bot(platform(accepted))
    expect((await b.deps.store.jobsOf('outbox:room:g1@chatroom')).map((j) => j.id)).toEqual(['outbox:000000000001'])
    clock.advance(60_000)
    await b.sweep()
    await b.sweep()
    expect(accepted).toEqual([{ to: 'room:g1@chatroom', text: '旧消息' }])
    expect(await b.deps.store.jobsOfKind(OUTBOX, 10)).toEqual([])
  })

  it('with two bot processes on one Redis, delivers each entry once and keeps the order within a group', async () => {
    const { clock, bot } = await setUp()
    const accepted: { to: string; text: string }[] = []
    let down = true
    const a = await bot(platform(accepted, { refuse: () => down }))
    const b = await bot(platform(accepted, { refuse: () => down }))
    for (let i = 0; i < 12; i++) await (i % 2 ? a : b).outbox.chat.sayToRoom(`g${i % 3}@chatroom`, { text: `m${i}` })
    down = false
    for (let round = 0; round < 5 && accepted.length < 12; round++) {
      clock.advance(120_000)
      await Promise.all([a.sweep(), b.sweep()])
    }
    expect(accepted.map((x) => x.text).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`).sort())
    for (const g of [0, 1, 2]) {
      const texts = accepted.filter((x) => x.to === `room:g${g}@chatroom`).map((x) => Number(x.text.slice(1)))
      expect(texts).toEqual([...texts].sort((p, q) => p - q))
    }
  })
})

describe('the outbox without its store', () => {
  it('still tries once to say what it must when the store is away (the bot is telling the group so)', async () => {
    const { createMemoryStore } = await import('../../src/store/memory-store.js')
    const store = createMemoryStore()
    const away: Store = { ...store, nextSeq: () => Promise.reject(new Error('store unreachable')) }
    const accepted: { to: string; text: string }[] = []
    const outbox = createOutbox(platform(accepted), { store: () => away, clock: new ManualClock(0), log: silent })
    await outbox.chat.sayToRoom('g1@chatroom', { text: '存储暂时不可用，本次没有任何改动。' })
    expect(accepted).toEqual([{ to: 'room:g1@chatroom', text: '存储暂时不可用，本次没有任何改动。' }])
  })
})

describe('a job retried after its message was sent (Redis)', () => {
  let redis: RedisTestPrefix | undefined
  let bot: Bot | undefined
  afterEach(async () => {
    await bot?.stop()
    await redis?.cleanup()
    bot = redis = undefined
  })

  it('says it once: complete() fails, the lease runs out, the next sweep runs the job again and enqueues nothing', async () => {
    redis = withRedisPrefix()
    const real = await createRedisStore({ url: redis.url, prefix: redis.prefix })
    let outage = false
    // the outage hits between the send and complete(), as in issue 11 (sent, then complete() failed)
    const store: Store = Object.assign(Object.create(real) as Store, {
      complete: (id: string) => (outage ? Promise.reject(new StoreUnavailableError('Redis', new Error('Connection is closed.'))) : real.complete(id)),
    })
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0))
    const accepted: { to: string; text: string }[] = []
    bot = createBot({ config, chat: platform(accepted), store, clock, logger: silent, sweepIntervalMs: 0, cron: false })
    await bot.start()
    let runs = 0
    // an escalation that tells the group and the person in charge, as stage and reply reminders do
    const handlers = {
      escalation: async (deps: BotDeps) => {
        runs++
        await deps.chat.sayToRoom('g1@chatroom', { text: '⏰ 督办：D1 已超时' })
        await deps.chat.sayToContact('wxid_director', { text: '⏰ 督办：D1 已超时' })
        await deps.chat.sayToRoom('g1@chatroom', { text: '请尽快处理' })
        return 'said' as const
      },
    }
    await real.schedule({ id: 'escalation:D1:1', dueAt: clock.now(), kind: 'escalation', payload: {}, subject: 'D1' })

    outage = true
    await sweep(bot.deps, handlers)
    expect(accepted).toHaveLength(3)
    expect((await real.jobsOf('D1')).map((j) => j.id)).toEqual(['escalation:D1:1']) // not completed: it comes back
    outage = false
    clock.advance(61_000)
    await sweep(bot.deps, handlers)
    expect(runs).toBe(2)
    clock.advance(3_600_000)
    await sweep(bot.deps, handlers)
    expect(accepted).toEqual([
      { to: 'room:g1@chatroom', text: '⏰ 督办：D1 已超时' },
      { to: 'contact:wxid_director', text: '⏰ 督办：D1 已超时' },
      { to: 'room:g1@chatroom', text: '请尽快处理' },
    ])
    expect(await real.pendingJobs()).toEqual([])

    // the same job due again (a new due time) is a new reminder and is said again
    await real.schedule({ id: 'escalation:D1:1', dueAt: clock.now(), kind: 'escalation', payload: {}, subject: 'D1' })
    await sweep(bot.deps, handlers)
    expect(accepted).toHaveLength(6)
  })
})

describe('undeliverable entries', () => {
  it('are read as a bounded number of outbox jobs, never the whole schedule, and listed oldest first', async () => {
    const memory = createMemoryStore()
    const reads: [string, number][] = []
    const store: Store = Object.assign(Object.create(memory) as Store, {
      pendingJobs: () => Promise.reject(new Error('reads every job')),
      jobsOfKind: (kind: string, limit: number) => {
        reads.push([kind, limit])
        return memory.jobsOfKind(kind, limit)
      },
    })
    const entry = (seq: number, createdAt: number, dueAt: number) => {
      const payload: OutboxPayload = { to: 'room:g1', text: `m${seq}`, mentions: [], seq, key: `k${seq}`, createdAt, tries: 1 }
      return store.schedule({ id: `outbox:${seq}`, dueAt, kind: OUTBOX, payload, subject: 'outbox:room:g1' })
    }
    await entry(2, 1_000, 9_000)
    await entry(1, 500, 10_000)
    await entry(3, 5_000, 6_000) // too recent
    await store.schedule({ id: 'C1:ordinary:overdue', dueAt: 0, kind: 'deadline-reminder', payload: {}, subject: 'C1' })
    expect((await undeliverable(store, 6_000, 2_000)).map((e) => [e.id, e.text])).toEqual([
      ['outbox:1', 'm1'],
      ['outbox:2', 'm2'],
    ])
    expect(reads).toEqual([[OUTBOX, UNDELIVERABLE_READ]])
  })
})

describe('order within a conversation, by each entry naming the one before it', () => {
  /** The bot's sweep of outbox entries: claim what is due, one more try each, done. */
  async function sweepOutbox(store: Store, outbox: ReturnType<typeof createOutbox>, now: number): Promise<void> {
    for (let jobs = await store.claimDue(now, 60_000, 500); jobs.length; jobs = await store.claimDue(now, 60_000, 500)) {
      for (const job of jobs) {
        await outbox.deliver(job)
        await store.complete(job.id)
      }
    }
  }

  it('delivers a long backlog in order once the platform is back, never reading a conversation’s entries after its first', async () => {
    const memory = createMemoryStore()
    const conversationReads: string[] = []
    const store: Store = Object.assign(Object.create(memory) as Store, {
      jobsOf: (subject: string) => (conversationReads.push(subject), memory.jobsOf(subject)),
    })
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0))
    const accepted: { to: string; text: string }[] = []
    let down = true
    const outbox = createOutbox(platform(accepted, { refuse: () => down }), { store: () => store, clock, log: silent })
    for (let i = 0; i < 60; i++) await outbox.chat.sayToRoom(`g${i % 2}`, { text: `m${i}` })
    for (let round = 0; round < 3; round++) {
      clock.advance(600_000)
      await sweepOutbox(store, outbox, clock.now())
    }
    expect(accepted).toEqual([])
    down = false
    for (let round = 0; round < 80 && accepted.length < 60; round++) {
      clock.advance(600_000)
      await sweepOutbox(store, outbox, clock.now())
    }
    for (const g of [0, 1]) {
      const texts = accepted.filter((a) => a.to === `room:g${g}`).map((a) => a.text)
      expect(texts).toEqual(Array.from({ length: 30 }, (_, i) => `m${2 * i + g}`))
    }
    expect(await store.pendingJobs()).toEqual([])
    expect(conversationReads.sort()).toEqual(['outbox:room:g0', 'outbox:room:g1']) // to start each conversation's chain
  })

  it('flush() makes a backlog due at once, so one sweep after a reconnect sends it all in order without the clock moving', async () => {
    const store = createMemoryStore()
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0))
    const accepted: { to: string; text: string }[] = []
    let down = true
    const outbox = createOutbox(platform(accepted, { refuse: () => down }), { store: () => store, clock, log: silent })
    for (let i = 0; i < 12; i++) await outbox.chat.sayToRoom(`g${i % 2}`, { text: `m${i}` })
    clock.advance(61_000)
    await sweepOutbox(store, outbox, clock.now()) // refused again: each waits for its backoff
    down = false
    await sweepOutbox(store, outbox, clock.now())
    expect(accepted).toEqual([])
    expect(await outbox.flush()).toBe(12)
    await sweepOutbox(store, outbox, clock.now())
    for (const g of [0, 1])
      expect(accepted.filter((a) => a.to === `room:g${g}`).map((a) => a.text)).toEqual([0, 2, 4, 6, 8, 10].map((i) => `m${i + g}`))
    expect(await store.pendingJobs()).toEqual([])
    // an entry a sweep holds (claimed, attempts > 0) is left to it
    down = true
    await outbox.chat.sayToRoom('g0', { text: 'held' })
    clock.advance(61_000)
    await store.claimDue(clock.now(), 60_000, 500)
    expect(await outbox.flush()).toBe(0)
    // so is a fresh entry whose first send another process may still be making (in its grace, never failed)
    const other = createOutbox(platform([], { hang: true }), { store: () => store, clock, log: silent })
    void other.chat.sayToRoom('g1', { text: 'being sent' })
    for (let i = 0; i < 100 && !(await store.pendingJobs()).some((j) => (j.payload as OutboxPayload).text === 'being sent'); i++)
      await new Promise((r) => setTimeout(r, 5))
    expect(await outbox.flush()).toBe(0)
  })

  it('two processes storing into one conversation at once: each entry is linked after another, none lost or sent early', async () => {
    const store = createMemoryStore()
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0))
    const accepted: { to: string; text: string }[] = []
    let down = true
    const a = createOutbox(platform(accepted, { refuse: () => down }), { store: () => store, clock, log: silent })
    const b = createOutbox(platform(accepted, { refuse: () => down }), { store: () => store, clock, log: silent })
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).chat.sayToRoom('g1', { text: `m${i}` })))
    // one chain: from the newest, each names the one before, down to the first (which names none)
    const entries = new Map((await store.pendingJobs()).map((j) => [j.id, j.payload as OutboxPayload]))
    const chain: string[] = []
    for (
      let id: string | null | undefined = (await store.get<{ id: string; rev: number; last: string }>('outbox-tails', 'room:g1'))?.last;
      id;
      id = entries.get(id)?.after
    )
      chain.unshift(entries.get(id)!.text)
    expect([...chain].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort())
    down = false
    for (let round = 0; round < 20 && accepted.length < 10; round++) {
      clock.advance(600_000)
      await sweepOutbox(store, a, clock.now())
    }
    expect(accepted.map((x) => x.text)).toEqual(chain)
  })

  it('a job message stored again under its id (the sweep gave it up, its job ran again) does not wait in a circle', async () => {
    const store = createMemoryStore()
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0))
    const accepted: { to: string; text: string }[] = []
    let down = true
    const outbox = createOutbox(platform(accepted, { refuse: () => down }), { store: () => store, clock, log: silent })
    const job: Job = { id: 'escalation:D1:1', dueAt: clock.now(), kind: 'escalation', payload: {}, attempts: 1 }
    await runAsJob(job, () => outbox.chat.sayToRoom('g1', { text: '督办' }))
    await outbox.chat.sayToRoom('g1', { text: '之后' }) // names the job message as the one before it
    const [said] = await store.pendingJobs()
    await store.cancel(said!.id)
    await runAsJob(job, () => outbox.chat.sayToRoom('g1', { text: '督办' })) // stored again, after 之后
    expect((await store.job(said!.id))?.payload).toMatchObject({ place: 3 })
    down = false
    for (let round = 0; round < 5 && accepted.length < 2; round++) {
      clock.advance(600_000)
      await sweepOutbox(store, outbox, clock.now())
    }
    expect(accepted.map((x) => x.text)).toEqual(['之后', '督办'])
  })

  it('an entry stored by an older version (naming none) still goes before those stored after the upgrade', async () => {
    const store = createMemoryStore()
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0))
    const seq = await store.nextSeq(OUTBOX)
    const payload: OutboxPayload = { to: 'room:g1', text: '旧消息', mentions: [], seq, key: 'k1', createdAt: clock.now(), tries: 1 }
    await store.schedule({ id: 'outbox:000000000001', dueAt: clock.now() + 5_000, kind: OUTBOX, payload, subject: 'outbox:room:g1' })
    const accepted: { to: string; text: string }[] = []
    const outbox = createOutbox(platform(accepted), { store: () => store, clock, log: silent })
    await outbox.chat.sayToRoom('g1', { text: '新消息' })
    await outbox.chat.sayToRoom('g1', { text: '再一条' })
    expect(accepted).toEqual([]) // waiting behind the old one
    for (let round = 0; round < 5 && accepted.length < 3; round++) {
      clock.advance(61_000)
      await sweepOutbox(store, outbox, clock.now())
    }
    expect(accepted.map((x) => x.text)).toEqual(['旧消息', '新消息', '再一条'])
  })
})
