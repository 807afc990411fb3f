import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Cluster } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisStore, createStoreFromEnv } from '../../src/store/index.js'
import { clusterSeeds, exportRedisArchive } from '../../src/store/redis-store.js'
import { openArchiveFile } from '../../src/store/sqlite-store.js'
import { startCluster, type LocalCluster } from '../helpers/redis-cluster.js'
import { reopenable, storeContract } from './contract.js'

let cluster: LocalCluster
beforeAll(async () => {
  cluster = await startCluster()
}, 60_000)
afterAll(async () => {
  await cluster?.stop()
})

const prefix = () => `sanshen-test-${randomBytes(6).toString('hex')}`

storeContract('Redis store on a 3-node Redis Cluster', () => {
  const p = prefix()
  return reopenable(() => createRedisStore({ url: `redis+cluster://${cluster.nodes}`, prefix: p }))
})

describe('Redis store on a Redis Cluster', () => {
  it('keeps every key of an installation under one hash tag, so no script crosses slots', async () => {
    const p = prefix()
    const store = await createStoreFromEnv({ REDIS_CLUSTER_NODES: cluster.nodes })
    await store.close()
    const tagged = await createRedisStore({ url: `redis+cluster://${cluster.nodes}`, prefix: p })
    await tagged.commit('drafts', { id: 'D1', rev: 0 }, 0, [{ at: 1, actor: 'bot', action: 'submit', subject: 'D1' }], { open: 1 })
    await tagged.schedule({ id: 'remind:D1', dueAt: 1, kind: 'reminder', payload: {}, subject: 'D1' })
    const client = new Cluster(clusterSeeds(`redis+cluster://${cluster.nodes}`)!.nodes, { lazyConnect: true })
    await client.connect()
    const keys = (await Promise.all(client.nodes('master').map((n) => n.keys(`{${p}}:*`)))).flat()
    const slots = new Set(await Promise.all(keys.map((k) => client.cluster('KEYSLOT', k))))
    expect(keys.length).toBeGreaterThan(5)
    expect(slots.size).toBe(1)
    await tagged.close()
    await client.quit()
  })

  it('exports its archive to a SQLite file as on a single Redis', async () => {
    const url = `redis+cluster://${cluster.nodes}`
    const p = prefix()
    const store = await createRedisStore({ url, prefix: p })
    await store.commit('drafts', { id: 'D1', rev: 0 }, 0, [], { closed: 1, created: 1 })
    expect(await store.archive('drafts', 'closed', 2, 10, ['created'])).toBe(1)
    const dir = mkdtempSync(join(tmpdir(), 'sanshen-cluster-archive-'))
    const file = openArchiveFile(join(dir, 'archive.db'))
    expect(await exportRedisArchive({ url, prefix: p }, ['drafts'], 2, (docs) => file.write(docs))).toBe(1)
    file.close()
    expect(await store.get('drafts', 'D1')).toBeUndefined()
    expect(await store.count('drafts', 'created')).toBe(0)
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('reads seed nodes and a password from a redis+cluster URL and refuses a malformed one', () => {
    expect(clusterSeeds('redis+cluster://:s3cret@10.0.0.1:7000,10.0.0.2:7001')).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
      ],
      password: 's3cret',
    })
    expect(clusterSeeds('redis://127.0.0.1:6379')).toBeUndefined()
    expect(() => clusterSeeds('redis+cluster://10.0.0.1')).toThrow('write the cluster')
  })
})
