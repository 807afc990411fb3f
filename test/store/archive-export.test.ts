import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { withArchiveFiles } from '../../src/store/archive-files.js'
import { createMemoryStore, createRedisStore, createSqliteStore, type Store, type StoredDoc } from '../../src/store/index.js'
import { exportRedisArchive } from '../../src/store/redis-store.js'
import { openArchiveFile } from '../../src/store/sqlite-store.js'
import { withRedisPrefix, type RedisTestPrefix } from '../helpers/redis.js'
import { storeContract } from './contract.js'

const T0 = Date.UTC(2025, 0, 1)
const KEEP = ['created', 'account:']
const doc = (id: string): StoredDoc & { title: string } => ({ id, rev: 0, title: `title of ${id}` })
const ids = (docs: StoredDoc[]) => docs.map((d) => d.id)

// A store reading archive files is still a Store: the whole contract, with an (empty) file beside it.
storeContract(
  'memory store with an archive file',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanshen-archive-contract-'))
    const store = withArchiveFiles(createMemoryStore(), [await createSqliteStore(join(dir, 'archive.db'))])
    return {
      store,
      cleanup: async () => {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  },
  { durable: false },
)

/**
 * The Redis archive is bounded by exporting it to SQLite files (npm run archive -- export): what
 * was created before a date leaves Redis, terms included, and a store reading the files still
 * finds it by id and by the terms it kept.
 */
describe('exporting the Redis archive to a SQLite file', () => {
  let redis: RedisTestPrefix
  let dir: string
  const open: Store[] = []

  beforeEach(() => {
    redis = withRedisPrefix()
    dir = mkdtempSync(join(tmpdir(), 'sanshen-archive-'))
  })
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()))
    await redis.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  it('moves archived documents created before the date out of Redis into the file; the history reads both', async () => {
    const store = await createRedisStore({ url: redis.url, prefix: redis.prefix })
    open.push(store)
    // D1–D4 created a day apart and closed; D5 still open
    for (let i = 1; i <= 5; i++)
      await store.commit('drafts', doc(`D${i}`), 0, [], {
        created: T0 + i * 86_400_000,
        'account:a': T0 + i * 86_400_000,
        ...(i < 5 ? { closed: T0 + 10 * 86_400_000 } : { open: 1 }),
      })
    expect(await store.archive('drafts', 'closed', T0 + 11 * 86_400_000, 10, KEEP)).toBe(4)

    const file = join(dir, 'archive-2025.db')
    const writer = openArchiveFile(file)
    const moved = await exportRedisArchive({ url: redis.url, prefix: redis.prefix }, ['drafts', 'comments'], T0 + 3 * 86_400_000, (docs) =>
      writer.write(docs),
    )
    writer.close()
    expect(moved).toBe(2)

    // Redis keeps D3, D4 (archived, created later) and D5; D1 and D2 are gone with their terms
    const client = new Redis(redis.url)
    expect((await client.hkeys(`${redis.prefix}:archive:drafts`)).sort()).toEqual(['D3', 'D4'])
    expect(await client.zrange(`${redis.prefix}:idx:drafts:created`, '0', '-1')).toEqual(['D3', 'D4', 'D5'])
    expect(await client.hexists(`${redis.prefix}:terms:drafts`, 'D1')).toBe(0)
    await client.quit()
    expect(await store.get('drafts', 'D1')).toBeUndefined()

    const files = [await createSqliteStore(file)]
    const reading = withArchiveFiles(store, files)
    open.push(...files)
    expect(await reading.get('drafts', 'D1')).toEqual({ ...doc('D1'), rev: 1 })
    expect(await reading.get('drafts', 'D5')).toEqual({ ...doc('D5'), rev: 1 })
    expect(await reading.count('drafts', 'account:a')).toBe(5)
    expect(ids(await reading.findBy('drafts', 'account:a', { reverse: true }))).toEqual(['D5', 'D4', 'D3', 'D2', 'D1'])
    expect(ids(await reading.findBy('drafts', 'created'))).toEqual(['D1', 'D2', 'D3', 'D4', 'D5'])
    expect(ids(await reading.findBy('drafts', 'created', { reverse: true, offset: 2, limit: 2 }))).toEqual(['D3', 'D2'])
    expect(ids(await reading.findBy('drafts', 'created', { reverse: true, offset: 4, limit: 2 }))).toEqual(['D1'])
    expect(ids(await reading.findBy('drafts', 'created', { max: T0 + 2 * 86_400_000 }))).toEqual(['D1', 'D2'])

    // a second export to the same file adds to it; nothing is left to move twice
    const again = openArchiveFile(file)
    expect(await exportRedisArchive({ url: redis.url, prefix: redis.prefix }, ['drafts'], T0 + 3 * 86_400_000, (d) => again.write(d))).toBe(0)
    again.close()
  })
})
