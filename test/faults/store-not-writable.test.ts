import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startStoreFaultProcess, type StoreFaultProcess } from './helpers/store-fault-process.js'

/**
 * Issue 24 item 4: the data directory becomes read-only or full UNDER a running bot, in a process
 * of its own so a crash is seen as one (SQLite's WAL maps <db>-shm; a write to that mapping once
 * the file is read-only is a SIGBUS, exit 135, before this fix).
 *
 * Read-only: the tests run as root, for whom chmod changes nothing and a read-only remount is
 * refused while the store holds its files open for writing (EBUSY); the immutable attribute
 * (chattr +i) is what stops root, as a file system shut down after an error stops every writer.
 * Full: a 2 MiB tmpfs mounted on the data directory inside a private mount namespace (unshare -m),
 * filled by a file until ENOSPC.
 */
const immutable = (paths: string[], on: boolean) => execFileSync('chattr', [on ? '+i' : '-i', ...paths])
const text = (answer: Record<string, unknown>) => String(answer.replies)

describe('the data directory made read-only or full under a running bot', () => {
  let bot: StoreFaultProcess | undefined
  let dir: string | undefined
  const frozen: string[] = []
  afterEach(async () => {
    if (frozen.length) immutable(frozen.splice(0), false)
    bot?.kill()
    await bot?.exited
    if (dir) rmSync(dir, { recursive: true, force: true })
    bot = dir = undefined
  })

  const freeze = () => {
    frozen.push(dir!, ...readdirSync(dir!).map((f) => join(dir!, f)))
    immutable(frozen, true)
  }

  it('read-only right after the store opened: /healthz 503 and 「存储不可写」, no crash; all works again once writable', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanshen-ro-'))
    bot = await startStoreFaultProcess(join(dir, 'sanshen.db'))
    freeze() // nothing read or written since the store opened
    expect(await bot.send('healthz')).toEqual({ status: 503, body: { status: 'store-not-writable' } })
    const refused = text(await bot.send('say editor1 #投稿 微信 标题\\n正文'))
    expect(refused).toContain('存储不可写')
    expect(refused).toContain('没有做任何改动')
    expect(refused).not.toMatch(/SQLITE|EPERM|\/tmp|sanshen-ro|shm/)

    immutable(frozen.splice(0), false)
    expect(text(await bot.send('say editor1 #投稿 微信 标题\\n正文'))).toContain('D1')
    expect(await bot.send('healthz')).toMatchObject({ status: 200 })
    expect(await bot.stop()).toEqual({ code: 0, signal: null })
  })

  it('read-only mid-review: #通过 refused in plain words, nothing changed, a stop while read-only exits cleanly, the retry succeeds once writable', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanshen-ro-'))
    const db = join(dir, 'sanshen.db')
    bot = await startStoreFaultProcess(db)
    expect(text(await bot.send('say editor1 #投稿 微信 标题\\n正文'))).toContain('D1')
    const before = await bot.send('draft D1')
    freeze()
    const refused = text(await bot.send('say deputy #通过 D1'))
    expect(refused).toContain('存储不可写')
    expect(refused).not.toContain('王主任') // the next approver is not asked: nothing moved on
    expect(await bot.send('healthz')).toMatchObject({ status: 503 })
    // closing checkpoints through the read-only mapping: SIGBUS (exit 135) before the fix
    expect(await bot.stop()).toEqual({ code: 0, signal: null })

    immutable(frozen.splice(0), false)
    bot = await startStoreFaultProcess(db)
    expect(await bot.send('draft D1')).toEqual(before)
    expect(text(await bot.send('say deputy #通过 D1'))).toContain('王主任')
    expect(await bot.send('healthz')).toMatchObject({ status: 200 })
    expect(await bot.stop()).toEqual({ code: 0, signal: null })
  })

  it('full: /healthz 503 at once, a command either saved or answered 「存储不可写」 (never a crash), all works again once room is made', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanshen-full-'))
    bot = await startStoreFaultProcess(join(dir, 'sanshen.db'), { inMount: '2m', minFreeBytes: 64 * 1024 })
    expect(await bot.send('healthz')).toMatchObject({ status: 200 })
    expect(text(await bot.send('say editor1 #投稿 微信 标题\\n正文'))).toContain('D1')
    expect(Number((await bot.send('fill')).filled)).toBeGreaterThan(0)
    expect(await bot.send('healthz')).toEqual({ status: 503, body: { status: 'data-dir-full' } })
    const drafts: string[] = []
    for (let i = 2; i <= 30; i++) {
      const answer = text(await bot.send(`say editor1 #投稿 微信 标题${i}\\n${'正文'.repeat(400)}`))
      const saved = (await bot.send(`draft D${drafts.length + 2}`)).draft
      if (answer.includes('存储不可写')) {
        expect(saved).toBeNull() // said not saved: not saved
        continue
      }
      expect(answer).toContain(`D${drafts.length + 2}`) // said saved: saved
      expect(saved).not.toBeNull()
      drafts.push(answer)
    }
    expect(drafts.length).toBeLessThan(29) // the disk did fill up

    await bot.send('free')
    expect(await bot.send('healthz')).toMatchObject({ status: 200 })
    expect(text(await bot.send('say editor1 #投稿 微信 再试\\n正文'))).toContain(`D${drafts.length + 2}`)
    expect(await bot.stop()).toEqual({ code: 0, signal: null })
  })
})
