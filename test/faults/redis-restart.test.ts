import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { createRedisStore } from '../../src/store/redis-store.js'
import type { Store } from '../../src/store/store.js'
import { createIntakeSpool } from '../../src/web/intake-spool.js'
import { closeStoreAndRedis, startOwnRedis, type OwnRedis } from '../helpers/redis-server.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'
import { startTestServer, type TestServer } from '../web/helpers/web-server.js'
import { signedQuery, textMessageXml, withQuery } from '../web/helpers/wechat-client.js'

const config = loadConfig('config/sanshen.yaml')

/**
 * Issue 11, Redis killed (SIGKILL of its own redis-server) and restarted mid-flow: a WeChat push
 * acknowledged during the outage went to the spool and is stored once after Redis is back, and
 * a reminder that came due during the outage is said once after.
 */
describe('Redis killed and restarted mid-flow', () => {
  let redis: OwnRedis | undefined
  let store: Store | undefined
  let g: SimGroup | undefined
  let web: TestServer | undefined
  let dir: string | undefined
  afterEach(async () => {
    await web?.close()
    await g?.stop()
    await closeStoreAndRedis(redis, store)
    if (dir) rmSync(dir, { recursive: true, force: true })
    redis = store = g = web = dir = undefined
  })

  it('stores a push acknowledged during the outage once, and says a reminder due during it once, after Redis returns', async () => {
    redis = await startOwnRedis()
    dir = mkdtempSync(join(tmpdir(), 'sanshen-spool-'))
    store = await createRedisStore({ url: redis.url, prefix: 'restart', onConnectionError: () => {} })
    g = await simGroup(config, { store })
    const spool = createIntakeSpool(dir)
    web = await startTestServer({ store, clock: g.clock, intake: (m) => g!.bot().intake(m), spool })
    await g.say('editor1', '#投稿 微信 团省委召开青年工作会议\n11月23日，团省委召开全省青年工作会议。')
    await g.say('deputy', '#通过 D1') // the final stage: its timeout reminder is due in 240 minutes

    await redis.kill()
    const push = await fetch(withQuery(`${web.url}/wechat/wechat`, signedQuery(g.clock.now())), {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: textMessageXml({ msgId: '77001', content: '断线时的留言：报名在哪里？' }),
    })
    expect(await push.text()).toBe('success')
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(1)
    const before = g.sent.length
    g.clock.advance(241 * 60_000)
    await expect(g.bot().sweep()).rejects.toThrow() // the reminder is due, the store is away
    expect(g.sent.length).toBe(before)

    await redis.restart()
    expect(
      await spool.drain(
        (m) => g!.bot().intake(m),
        () => {},
      ),
    ).toBe(1)
    expect(
      await spool.drain(
        (m) => g!.bot().intake(m),
        () => {},
      ),
    ).toBe(0)
    const reminded = [...(await g.advance(1_000)), ...(await g.advance(61_000)), ...(await g.advance(60 * 60_000))]
    const timeouts = reminded.filter((s) => s.text.includes('D1') && s.text.includes('规定时限'))
    expect(timeouts).toHaveLength(1)

    const comments = await store.list<{ id: string; text: string; rev: number }>('comments')
    expect(comments.map((c) => c.text)).toEqual(['断线时的留言：报名在哪里？'])
    expect(readdirSync(dir)).toEqual([])
  }, 60_000)
})
