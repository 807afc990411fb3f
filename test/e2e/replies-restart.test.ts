import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { createSqliteStore } from '../../src/store/sqlite-store.js'
import { createRedisStore } from '../../src/store/redis-store.js'
import type { Store } from '../../src/store/store.js'
import { withRedisPrefix } from '../helpers/redis.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
const MIN = 60_000
let g: SimGroup | undefined
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  await g?.stop()
  g = undefined
  for (const c of cleanups.splice(0).reverse()) await c()
})

/**
 * The bot goes down after a sensitive message arrives and comes back after its half-time
 * reminder came due: the reminder is sent once, right at start-up, and never again; the
 * overdue notice still follows at the deadline.
 */
async function restartBetweenDeadlineAndReminder(open: () => Promise<Store>): Promise<void> {
  const first = await open()
  g = await simGroup(config, { store: first })
  await g.say('editor1', '#留言 微信 网友丙：你们就是骗子')
  expect((await g.store().pendingJobs()).map((j) => j.id)).toEqual(['C1:sensitive:remind:1', 'C1:sensitive:remind:2', 'C1:sensitive:overdue'])

  // down: the clock passes the half-time reminder with nobody sweeping
  g.clock.advance(31 * MIN)
  const before = g.sent.length
  await g.restart(await open())
  await first.close()
  const atStart = g.sent.slice(before)
  expect(atStart.map((s) => s.text)).toEqual([expect.stringContaining('剩余 29 分钟')])

  // nothing repeats, on another sweep or another restart
  expect(await g.advance(0)).toEqual([])
  const second = g.store()
  await g.restart(await open())
  await second.close()
  expect(g.sent.length).toBe(before + 1)
  expect(g.sent.filter((s) => s.text.includes('⏰ 提醒'))).toHaveLength(1)

  expect((await g.advance(14 * MIN)).map((s) => s.text)).toEqual([expect.stringContaining('剩余 15 分钟')])
  expect((await g.advance(15 * MIN)).filter((s) => s.text.includes('督办'))).toHaveLength(2)
  const last = g.store()
  cleanups.push(() => last.close())
}

describe('a restart between a deadline and its reminder', () => {
  it('with the SQLite store: the reminder is sent exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanshen-replies-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    await restartBetweenDeadlineAndReminder(() => createSqliteStore(join(dir, 'sanshen.db')))
  })

  it('with the Redis store: the reminder is sent exactly once', async () => {
    const redis = withRedisPrefix()
    cleanups.push(() => redis.cleanup())
    await restartBetweenDeadlineAndReminder(() => createRedisStore({ url: redis.url, prefix: redis.prefix }))
  })
})
