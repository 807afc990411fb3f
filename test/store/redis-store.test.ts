import { readdirSync, readFileSync } from 'node:fs'
import { Redis } from 'ioredis'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRedisStore, type Store } from '../../src/store/index.js'
import { withRedisPrefix, type RedisTestPrefix } from '../helpers/redis.js'
import { reopenable, storeContract } from './contract.js'

const LUA_DIR = new URL('../../src/store/lua/', import.meta.url)

storeContract('Redis store', () => {
  const redis = withRedisPrefix()
  return reopenable(() => createRedisStore({ url: redis.url, prefix: redis.prefix }), redis.cleanup)
})

describe('Redis store', () => {
  let redis: RedisTestPrefix
  let client: Redis
  const stores: Store[] = []
  async function open(prefix = redis.prefix): Promise<Store> {
    const store = await createRedisStore({ url: redis.url, prefix })
    stores.push(store)
    return store
  }

  beforeEach(() => {
    redis = withRedisPrefix()
    client = new Redis(redis.url)
  })
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()))
    await client.quit()
    await redis.cleanup()
  })

  it('registers each Lua script under a versioned command name on the given client', async () => {
    const files = readdirSync(LUA_DIR).filter((f) => f.endsWith('.lua'))
    expect(files.length).toBeGreaterThan(0)
    await createRedisStore({ client, prefix: redis.prefix })
    for (const file of files) {
      const name = file.replace(/-\d+\.lua$/, '')
      expect(typeof (client as unknown as Record<string, unknown>)[`sanshen_v7_${name}`], file).toBe('function')
    }
  })

  it('names every script verbNoun-<keys>.lua and opens it with a header of its KEYS, ARGV and output', () => {
    for (const file of readdirSync(LUA_DIR).filter((f) => f.endsWith('.lua'))) {
      const match = /^[a-z]+[A-Z][A-Za-z]*-(\d+)\.lua$/.exec(file)
      expect(match, file).not.toBeNull()
      const lua = readFileSync(new URL(file, LUA_DIR), 'utf8')
      const header = lua.slice(0, lua.indexOf(']]'))
      expect(lua.startsWith('--[['), file).toBe(true)
      const keysListed = new Set(header.match(/KEYS\[\d+\]/g))
      expect(keysListed.size, file).toBe(Number(match![1]))
      expect(header, file).toMatch(/ARGV\[1\]/)
      expect(header, file).toMatch(/Output:/)
    }
  })

  it('spreads a subject with many jobs over fields of bounded size, and back into one as they go', async () => {
    const store = await open()
    const records = `${redis.prefix}:jobs:records`
    const payload = { to: 'room:a', text: '您好，请在今天下班前处理这条留言。'.repeat(3) }
    const longest = async () => Math.max(0, ...Object.values(await client.hgetallBuffer(records)).map((v) => v.length))
    for (let i = 0; i < 3000; i++) await store.schedule({ id: `outbox:${i}`, dueAt: i, kind: 'outbox', payload, subject: 'room:a' })
    expect(await longest()).toBeLessThan(16 * 1024)
    expect(await client.hlen(records)).toBeGreaterThan(10)
    const claimed = await store.claimDue(3000, 60_000, 2990)
    for (const job of claimed) await store.complete(job.id)
    expect((await store.jobsOf('room:a')).map((j) => j.id)).toEqual(Array.from({ length: 10 }, (_, i) => `outbox:${2990 + i}`))
    expect(await client.hkeys(records)).toEqual(['room:a'])
    expect(await store.cancelSubject('room:a')).toBe(10)
    expect(await client.exists(records)).toBe(0)
  })

  it('keeps every key under its prefix, so two prefixes share nothing', async () => {
    const a = await open()
    const b = await open(`${redis.prefix}:other`)
    await a.commit('drafts', { id: 'D1', rev: 0 }, 0, [{ at: 1, actor: 'bot', action: 'submit', subject: 'D1' }])
    await a.schedule({ id: 'remind:D1', dueAt: 1, kind: 'reminder', payload: {} })
    await a.nextSeq('draft')
    expect(await b.get('drafts', 'D1')).toBeUndefined()
    expect(await b.audit('D1')).toEqual([])
    expect(await b.auditBetween(0, 10)).toEqual([])
    expect(await b.pendingJobs()).toEqual([])
    expect(await b.nextSeq('draft')).toBe(1)
    const [, keys] = await client.scan('0', 'MATCH', `${redis.prefix}:*`, 'COUNT', 1000)
    expect(keys.length).toBeGreaterThan(0)
    expect(keys.every((k) => k.startsWith(`${redis.prefix}:`))).toBe(true)
  })

  it('two instances on one Redis claim disjoint jobs', async () => {
    const [first, second] = [await open(), await open()]
    const ids = Array.from({ length: 40 }, (_, i) => `job-${String(i).padStart(2, '0')}`)
    for (const id of ids) await first.schedule({ id, dueAt: 100, kind: 'reminder', payload: {} })
    const batches = await Promise.all([first, second, first, second].map((s) => s.claimDue(100, 60_000, 12)))
    const claimed = batches.flat().map((j) => j.id)
    expect(new Set(claimed).size).toBe(claimed.length)
    expect(claimed.sort()).toEqual(ids)
  })

  it('moves jobs stored in the layout before v3 (JSON bodies, one schedule, sets by subject) into today’s on open', async () => {
    const T0 = Date.UTC(2026, 0, 5, 1, 0, 0)
    const p = redis.prefix
    const old = [
      { id: 'C1:ordinary:remind:1', dueAt: T0, kind: 'deadline-reminder', payload: { subject: 'C1', dueAt: T0 + 60_000 }, subject: 'C1' },
      { id: 'stage-timeout:D1:v1:s0', dueAt: T0 + 10, kind: 'stage-timeout', payload: { draft: 'D1', stage: 0, version: 1 } },
      { id: 'outbox:000000000001', dueAt: T0 + 20, kind: 'outbox', payload: { to: 'room:g1', text: '你好', seq: 1 }, subject: 'outbox:room:g1' },
    ]
    for (const job of old) {
      await client.hset(`${p}:jobs:body`, job.id, JSON.stringify(job))
      await client.zadd(`${p}:jobs:due`, job.dueAt, job.id)
      if (job.subject) await client.sadd(`${p}:jobs:subject:${job.subject}`, job.id)
    }
    // the first was claimed once (leased until T0 + 60 s); a schedule entry without a body is left over
    await client.zadd(`${p}:jobs:due`, T0 + 60_000, old[0]!.id)
    await client.hset(`${p}:jobs:attempts`, old[0]!.id, 1)
    await client.zadd(`${p}:jobs:due`, T0, 'orphan')

    const store = await open()
    expect(await store.jobsOf('C1')).toEqual([{ ...old[0], attempts: 1 }])
    expect(await store.jobsOfKind('outbox', 10)).toEqual([{ ...old[2], attempts: 0 }])
    expect((await store.pendingJobs()).map((j) => j.id)).toEqual([old[1]!.id, old[2]!.id, old[0]!.id])
    expect(await client.exists(`${p}:jobs:body`, `${p}:jobs:due`, `${p}:jobs:subject:C1`, `${p}:jobs:subject:outbox:room:g1`)).toBe(0)
    expect((await store.claimDue(T0 + 60_000, 60_000, 10)).map((j) => [j.id, j.attempts])).toEqual([
      [old[1]!.id, 1],
      [old[2]!.id, 1],
      [old[0]!.id, 2],
    ])
    // opening again finds nothing old to move
    expect((await (await open()).jobsOf('C1')).map((j) => j.attempts)).toEqual([2])
  })

  it('refuses job ids, subjects and kinds that would break its packed records', async () => {
    const store = await open()
    const job = { id: 'C1:x', dueAt: 1, kind: 'reminder', payload: {} }
    await expect(store.schedule({ ...job, id: ':x' })).rejects.toThrow(/do not start with ":"/)
    await expect(store.schedule({ ...job, id: 'a\x1fb' })).rejects.toThrow(/no \\x00 or \\x1f/)
    await expect(store.schedule({ ...job, subject: 'C\x001' })).rejects.toThrow(/no \\x00 or \\x1f/)
    await expect(store.schedule({ ...job, kind: '#1' })).rejects.toThrow(/nor kinds with "#"/)
    expect(await store.pendingJobs()).toEqual([])
  })

  it('leaves a client it was given open on close', async () => {
    const store = await createRedisStore({ client, prefix: redis.prefix })
    await store.close()
    expect(await client.ping()).toBe('PONG')
  })

  it('says which Redis it cannot reach and what to check, without the password', async () => {
    const opening = createRedisStore({ url: 'redis://:s3cret@127.0.0.1:1' })
    await expect(opening).rejects.toThrow(/^cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1.*check REDIS_URL/)
    await expect(opening).rejects.not.toThrow(/s3cret/)
  })
})
