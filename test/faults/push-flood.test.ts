import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { createBot, type Bot } from '../../src/bot/create-bot.js'
import type { ChatPort } from '../../src/chat/port.js'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config/load.js'
import { createSqliteStore } from '../../src/store/sqlite-store.js'
import { START, startTestServer, type TestServer } from '../web/helpers/web-server.js'
import { signedQuery, textMessageXml, withQuery } from '../web/helpers/wechat-client.js'

const silentChat: ChatPort = {
  platform: 'none',
  start: async () => {},
  stop: async () => {},
  sayToRoom: async () => {},
  sayToContact: async () => {},
}

/**
 * Issue 11, the push flood: 300 signed WeChat pushes on loopback into the real intake on a SQLite
 * file, a third of them WeChat's retries of an earlier MsgId and every tenth a signed URL replayed
 * with another body. Each distinct MsgId taken is stored once, the flood beyond the burst is 429,
 * a replay is 403, and nothing else is stored.
 */
describe('a flood of WeChat pushes', () => {
  let dir: string | undefined
  let bot: Bot | undefined
  let t: TestServer | undefined
  afterEach(async () => {
    await t?.close()
    await bot?.stop()
    await bot?.deps.store.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('stores each distinct MsgId once, refuses the flood with 429 and replays with 403, and changes nothing else', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanshen-flood-'))
    const clock = new ManualClock(START)
    const store = await createSqliteStore(join(dir, 'sanshen.db'))
    bot = createBot({
      config: loadConfig('config/sanshen.yaml'),
      chat: silentChat,
      store,
      clock,
      logger: pino({ level: 'silent' }),
      sweepIntervalMs: 0,
      cron: false,
      platformPolling: false,
    })
    await bot.start()
    const burst = 60
    t = await startTestServer({ store, clock, intake: bot.intake, limits: { burst } })

    const statuses: number[] = []
    const taken = new Set<string>()
    let last = signedQuery(clock.now())
    for (let i = 0; i < 300; i++) {
      const replay = i % 10 === 9
      const msgId = String(9_000_000_000_000_000_000n + BigInt(i % 3 === 2 ? i - 1 : i)) // every third: a retry of the one before
      const query = replay ? last : signedQuery(clock.now())
      last = query
      const response = await fetch(withQuery(`${t.url}/wechat/wechat`, query), {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: textMessageXml({ msgId, content: replay ? `伪造的留言 ${i}` : `留言 ${msgId}` }),
      })
      statuses.push(response.status)
      if (response.status === 200) expect(await response.text()).toBe('success')
      else await response.arrayBuffer()
      if (response.status === 200) taken.add(msgId)
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(300 - burst)
    expect(statuses.slice(0, burst).filter((s) => s === 403)).toHaveLength(burst / 10)
    expect(statuses.slice(0, burst).filter((s) => s === 200)).toHaveLength(burst - burst / 10)

    const comments = await store.list<{ id: string; text: string; rev: number }>('comments')
    expect(comments.map((c) => c.text).sort()).toEqual([...taken].map((id) => `留言 ${id}`).sort())
    expect(comments.some((c) => c.text.includes('伪造'))).toBe(false)
    expect(await store.list('drafts')).toEqual([])
  }, 60_000)
})
