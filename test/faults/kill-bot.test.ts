import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteStore } from '../../src/store/sqlite-store.js'
import type { Draft } from '../../src/workflow/types.js'
import { deliveries, seeded, startBot, type BotProcess } from './helpers/bot-process.js'

const TRIALS = 8
const titleOf = (d: Draft) => d.versions[0]!.title

/**
 * Issue 11, kill -9 of the bot: submit, approve and intake are fed to a bot process that is
 * SIGKILLed at a seeded random moment, TRIALS times on one SQLite file; a last process finishes
 * the work. Whatever the bot acknowledged is stored once, the audit matches the drafts, and the
 * platform (which de-duplicates by the outbox's key, as Feishu's uuid does) shows no message twice
 * and every reply to an acknowledged submission.
 */
describe('kill -9 of the bot during submit, approve and intake', () => {
  let dir: string | undefined
  let bot: BotProcess | undefined
  afterEach(async () => {
    await bot?.kill()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it(`loses nothing acknowledged and does nothing twice over ${TRIALS} kills`, async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanshen-kill-'))
    const db = join(dir, 'sanshen.db')
    const log = join(dir, 'delivered.log')
    const base = Date.UTC(2026, 10, 23, 2, 0)
    const random = seeded(11)
    const submitted: string[] = []
    const taken: string[] = []
    let acknowledged = 0
    for (let t = 0; t < TRIALS; t++) {
      bot = await startBot(db, log, base + t * 1_000)
      const sends = [
        { op: 'say', who: 'editor1', text: `#投稿 微信 第${t}期青年工作简报\n第${t}期正文。` },
        { op: 'say', who: 'deputy', text: `#通过 D${t}` },
        { op: 'intake', account: 'wechat', author: `读者${t}`, text: `第${t}条留言：活动在哪里报名？`, externalId: `kill-${t}` },
        { op: 'say', who: 'director', text: `#通过 D${Math.max(1, t - 1)}` },
      ]
      const acks = sends.map((s) => bot!.send(s).then(() => s))
      for (const a of acks)
        void a.then((s) =>
          (s.op === 'intake' ? taken : s.text.startsWith('#投稿') ? submitted : []).push(s.op === 'intake' ? (s.externalId as string) : s.text),
        )
      // killed right after a seeded number of acks (1–3 of 4): at once in even trials (the rest are
      // surely in flight), after a seeded moment of up to 20 ms in odd ones (mid-command, not only
      // between commands), so the cut does not depend on the machine being slow enough
      await acks[Math.floor(random() * 3)]
      const pause = random() * 20
      if (t % 2 === 1) await new Promise((r) => setTimeout(r, pause))
      await bot.kill()
      acknowledged += bot.acked.size
      bot = undefined
    }
    // a last process: the outbox entries of killed processes are due after their 60 s grace
    bot = await startBot(db, log, base + TRIALS * 1_000)
    await bot.send({ op: 'advance', ms: 61_000 })
    await bot.send({ op: 'advance', ms: 3_600_000 })
    await bot.kill()
    bot = undefined

    const store = await createSqliteStore(db)
    try {
      const drafts = await store.list<Draft>('drafts')
      for (const text of submitted) expect(drafts.filter((d) => text.includes(titleOf(d)))).toHaveLength(1)
      expect(new Set(drafts.map(titleOf)).size).toBe(drafts.length)
      for (const d of drafts) {
        const audit = await store.audit(d.id)
        expect(audit.filter((e) => e.action === 'approved')).toHaveLength(d.approvals.length)
      }
      const comments = await store.list<{ id: string; text: string; rev: number }>('comments')
      for (const id of taken) expect(comments.filter((c) => c.text.startsWith(`第${id.slice(5)}条留言`))).toHaveLength(1)
      expect(new Set(comments.map((c) => c.text)).size).toBe(comments.length)
      expect(await store.pendingJobs().then((jobs) => jobs.filter((j) => j.kind === 'outbox'))).toEqual([])

      const shown = deliveries(log)
      expect(new Set(shown.map((s) => s.key)).size).toBe(shown.length)
      const said = shown.map((s) => `${s.to}\n${s.text}`)
      expect(said.filter((s, i) => said.indexOf(s) !== i)).toEqual([])
      for (const d of drafts) if (submitted.some((text) => text.includes(titleOf(d)))) expect(shown.some((s) => s.text.includes(d.id))).toBe(true)
      // the moments are seeded: these show the trials did cut into the work, not only between it
      expect(submitted.length).toBeGreaterThan(0)
      expect(acknowledged).toBeLessThan(TRIALS * 4)
    } finally {
      await store.close()
    }
  }, 240_000)
})
