import { afterEach, describe, expect, it } from 'vitest'
import { createRedisStore } from '../../src/store/redis-store.js'
import { startOwnRedis, type OwnRedis } from '../helpers/redis-server.js'

/**
 * "Nothing is lost" includes a restart of Redis itself: with the persistence the README asks for
 * (appendonly yes), documents, audit and due jobs come back. This runs a redis-server of its own,
 * on a port of its own, so the shared one on 6379 is never stopped.
 */
let redis: OwnRedis | undefined
afterEach(async () => {
  await redis?.kill()
  redis = undefined
})

describe('the Redis store across a restart of redis-server', () => {
  it('keeps documents, the audit log and due jobs when Redis runs with appendonly', async () => {
    redis = await startOwnRedis()
    const before = await createRedisStore({ url: redis.url, prefix: 'restart' })
    await before.commit('drafts', { id: 'D1', rev: 0, title: '标题' }, 0, [
      { at: 1, actor: 'editor1', action: 'submitted', subject: 'D1', version: 1 },
    ])
    await before.schedule({ id: 'stage-timeout:D1:v1:s0', dueAt: 5_000, kind: 'stage-timeout', payload: { draft: 'D1' } })
    await before.close()
    await redis.stop()

    await redis.restart()
    const after = await createRedisStore({ url: redis.url, prefix: 'restart' })
    try {
      expect(await after.get('drafts', 'D1')).toMatchObject({ id: 'D1', rev: 1, title: '标题' })
      expect(await after.audit('D1')).toEqual([{ at: 1, actor: 'editor1', action: 'submitted', subject: 'D1', version: 1 }])
      expect((await after.claimDue(10_000, 60_000, 10)).map((j) => j.id)).toEqual(['stage-timeout:D1:v1:s0'])
    } finally {
      await after.close()
    }
  })
})
