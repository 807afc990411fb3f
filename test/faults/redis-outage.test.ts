import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { createRedisStore } from '../../src/store/redis-store.js'
import type { Store } from '../../src/store/store.js'
import { closeStoreAndRedis, startOwnRedis, type OwnRedis } from '../helpers/redis-server.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'
import { startTestServer, type TestServer } from '../web/helpers/web-server.js'

/**
 * Redis goes away mid-review (kill -9 of its own redis-server): chat commands are answered within
 * seconds with a plain sentence and change nothing, /healthz says 503 within 5 s, ioredis errors
 * reach the logger instead of stderr, and the review goes on where it was once Redis is back.
 */
const config = loadConfig('config/sanshen.yaml')
let redis: OwnRedis | undefined
let g: SimGroup | undefined
let web: TestServer | undefined
let store: Store | undefined
afterEach(async () => {
  await web?.close()
  await g?.stop()
  await closeStoreAndRedis(redis, store)
  redis = g = web = store = undefined
})

describe('a Redis outage', () => {
  it('is answered within 5 s in the chat and on /healthz, changes nothing, and the flow resumes after', async () => {
    redis = await startOwnRedis()
    const connectionErrors: string[] = []
    store = await createRedisStore({ url: redis.url, prefix: 'outage', onConnectionError: (err) => connectionErrors.push(err.message) })
    g = await simGroup(config, { store })
    web = await startTestServer({ store })
    await g.say('editor1', '#投稿 微信 团省委召开青年工作会议\n11月23日，团省委召开全省青年工作会议。')
    expect(await store.get('drafts', 'D1')).toMatchObject({ id: 'D1' })

    await redis.kill()
    const started = Date.now()
    const answer = (await g.say('deputy', '#通过 D1')).at(-1)!
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(answer.text).toContain('存储暂时不可用')
    expect(answer.text).not.toMatch(/ECONNREFUSED|ioredis|MaxRetries|\/work\/|\.ts/)
    const health = Date.now()
    expect((await fetch(`${web.url}/healthz`)).status).toBe(503)
    expect(Date.now() - health).toBeLessThan(5_000)
    expect(connectionErrors.length).toBeGreaterThan(0)

    await redis.restart()
    const approved = (await g.say('deputy', '#通过 D1')).map((s) => s.text).join('\n')
    expect(approved).not.toContain('存储暂时不可用')
    expect(approved).toMatch(/第2\/2级|终审/)
    expect((await store.audit('D1')).filter((e) => e.action === 'approved')).toHaveLength(1)
    expect((await fetch(`${web.url}/healthz`)).status).toBe(200)
  })
})
