import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteStore } from '../../src/store/sqlite-store.js'
import type { PublicMessage } from '../../src/public-messages/types.js'
import { startBot, type BotProcess } from './helpers/bot-process.js'

/**
 * Issue 11: two bot processes on one SQLite file once both handed out C1…C10 and half of 20
 * acknowledged comments vanished. Both now take 20 comments each at the same time.
 */
describe('two bot processes on one SQLite file', () => {
  let dir: string | undefined
  const bots: BotProcess[] = []
  afterEach(async () => {
    for (const b of bots.splice(0)) await b.kill()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('take 20 comments each concurrently: C1…C40 each once, none lost, each acknowledged id stored', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanshen-two-'))
    const db = join(dir, 'sanshen.db')
    const at = Date.UTC(2026, 10, 23, 2, 0)
    // the first creates the schema alone, then both run
    bots.push(await startBot(db, join(dir, 'a.log'), at))
    bots.push(await startBot(db, join(dir, 'b.log'), at))
    const ids = (
      await Promise.all(
        bots.flatMap((b, p) =>
          Array.from({ length: 20 }, (_, i) =>
            b.send({
              op: 'intake',
              account: 'wechat',
              author: `读者${p}-${i}`,
              text: `留言 ${p}-${i}：请问报名截止时间？`,
              externalId: `msg-${p}-${i}`,
            }),
          ),
        ),
      )
    ).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => `C${i + 1}`))

    const store = await createSqliteStore(db)
    try {
      const stored = await store.list<PublicMessage & { externalId?: string }>('comments')
      expect(stored.map((m) => m.id).sort()).toEqual([...ids].sort())
      expect(new Set(stored.map((m) => m.text)).size).toBe(40)
    } finally {
      await store.close()
    }
  }, 60_000)
})
