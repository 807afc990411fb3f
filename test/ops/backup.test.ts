import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { collections } from '../../src/bot/collections.js'
import { loadConfig } from '../../src/config/load.js'
import { BackupError, backup, restore } from '../../src/ops/backup.js'
import { createFileStore } from '../../src/store/create-store.js'
import { createRedisStore } from '../../src/store/redis-store.js'
import type { Store } from '../../src/store/store.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'
import { withRedisPrefix, type RedisTestPrefix } from '../helpers/redis.js'

const config = loadConfig('config/sanshen.yaml')
const tmp = () => mkdtempSync(join(tmpdir(), 'sanshen-backup-'))
let g: SimGroup | undefined
const opened: Store[] = []
const prefixes: RedisTestPrefix[] = []
afterEach(async () => {
  await g?.stop()
  g = undefined
  for (const s of opened.splice(0)) await s.close()
  for (const p of prefixes.splice(0)) await p.cleanup()
})

/** A little of everything: drafts in each state, a public message with its deadline, an alert, and the jobs they scheduled. */
async function activity(store: Store): Promise<void> {
  g = await simGroup(config, { store })
  await g.say('editor1', '#投稿 微信 第一篇\n正文。来源：办公室')
  await g.say('deputy', '#通过 D1')
  await g.say('editor1', '#投稿 微信 第二篇\n正文。来源：办公室')
  await g.say('deputy', '#驳回 D2 需核实')
  await g.say('editor1', '#留言 微信 张三：什么时候开放报名？')
  await g.say('deputy', '#舆情 红 网传活动收费')
}

/** What a user sees: drafts with their status and stage, messages and alerts with their deadlines, audit, jobs, the next id. */
async function snapshot(store: Store) {
  const drafts = (await collections.drafts.list(store)).map((d) => ({ id: d.id, status: d.status, stage: d.stage, title: d.versions.at(-1)?.title }))
  const messages = (await collections.publicMessages.list(store)).map((m) => ({ id: m.id, dueAt: m.deadline.dueAt, status: m.status }))
  const incidents = (await collections.incidents.list(store)).map((i) => ({ id: i.id, dueAt: i.deadline?.dueAt }))
  const audit = (await store.audit('D1')).map((e) => e.action)
  const jobs = (await store.pendingJobs()).map((j) => ({ id: j.id, dueAt: j.dueAt })).sort((a, b) => a.id.localeCompare(b.id))
  return { drafts, messages, incidents, audit, jobs }
}

describe('backup and restore', () => {
  it('SQLite: backs up a running store and restores it into a second directory with the same drafts and deadlines', async () => {
    const path = join(tmp(), 'sanshen.db')
    const store = await createFileStore(path)
    await activity(store)
    const before = await snapshot(store)
    expect(before.drafts).toHaveLength(2)
    expect(before.messages[0]?.dueAt).toBeGreaterThan(0)
    expect(before.jobs.length).toBeGreaterThan(0)
    const file = join(tmp(), 'backup.db')
    await backup({ kind: 'sqlite', path }, file) // while the bot keeps its connection open
    const second = join(tmp(), 'restored', 'sanshen.db')
    await restore(file, { kind: 'sqlite', path: second })
    const restored = await createFileStore(second)
    opened.push(restored)
    expect(await snapshot(restored)).toEqual(before)
    expect(await restored.nextSeq('D')).toBe(3) // ids continue, no D1 twice
    await expect(restore(file, { kind: 'sqlite', path: second })).rejects.toThrow(/already exists; restore into an empty data directory/)
    await expect(backup({ kind: 'sqlite', path }, file)).rejects.toThrow(/already exists/)
  }, 60_000)

  it('Redis: backs up the keys under the prefix and restores them under another, with the same drafts and deadlines', async () => {
    const a = withRedisPrefix()
    const b = withRedisPrefix()
    prefixes.push(a, b)
    const store = await createRedisStore({ url: a.url, prefix: a.prefix })
    opened.push(store)
    await activity(store)
    const before = await snapshot(store)
    const file = join(tmp(), 'backup.jsonl')
    const written = await backup({ kind: 'redis', url: a.url, prefix: a.prefix }, file)
    expect(written.keys).toBeGreaterThan(5)
    const r = await restore(file, { kind: 'redis', url: b.url, prefix: b.prefix })
    expect(r.keys).toBe(written.keys)
    const restored = await createRedisStore({ url: b.url, prefix: b.prefix })
    opened.push(restored)
    expect(await snapshot(restored)).toEqual(before)
    expect(await restored.nextSeq('D')).toBe(3)
    await expect(restore(file, { kind: 'redis', url: b.url, prefix: b.prefix })).rejects.toThrow(/already holds keys/)
  }, 60_000)

  it('refuses a wrong or damaged file with a sentence saying what to do', async () => {
    const dir = tmp()
    const junk = join(dir, 'junk.txt')
    writeFileSync(junk, 'hello\n')
    await expect(restore(junk, { kind: 'sqlite', path: join(dir, 'x.db') })).rejects.toThrow(/not a SQLite backup/)
    const c = withRedisPrefix()
    prefixes.push(c)
    await expect(restore(junk, { kind: 'redis', url: c.url, prefix: c.prefix })).rejects.toThrow(/not a sanshen backup/)
    const cut = join(dir, 'cut.jsonl')
    writeFileSync(cut, `${JSON.stringify({ sanshen: 'redis-backup', version: 1, prefix: 'x', keys: 3, at: '' })}\n`)
    await expect(restore(cut, { kind: 'redis', url: c.url, prefix: c.prefix })).rejects.toThrow(/cut short: 0 of 3/)
    await expect(restore(join(dir, 'none'), { kind: 'sqlite', path: join(dir, 'y.db') })).rejects.toBeInstanceOf(BackupError)
    await expect(backup({ kind: 'redis', url: 'redis://127.0.0.1:1', prefix: 'x' }, join(dir, 'r.jsonl'))).rejects.toThrow(/cannot reach Redis/)
  })

  it('SQLite: refuses to restore beside a -wal/-shm left by an earlier database, which would be replayed into the copy', async () => {
    const path = join(tmp(), 'sanshen.db')
    const store = await createFileStore(path)
    opened.push(store)
    await activity(store)
    const file = join(tmp(), 'backup.db')
    await backup({ kind: 'sqlite', path }, file)

    // the earlier database in the target directory, killed mid-work: its -wal still holds pages
    const target = join(tmp(), 'sanshen.db')
    const old = await createFileStore(target)
    for (let i = 0; i < 60; i++) await old.commit('drafts', { id: `X${i}`, rev: 0, body: '旧'.repeat(1000) } as never, 0, [])
    const checkpoint = new Database(target)
    checkpoint.pragma('wal_checkpoint(TRUNCATE)')
    checkpoint.close()
    for (let i = 0; i < 3; i++) await old.commit('drafts', { id: `Y${i}`, rev: 0, body: '新'.repeat(200) } as never, 0, [])
    for (const f of ['-wal', '-shm']) copyFileSync(`${target}${f}`, `${target}${f}.kept`)
    await old.close()
    // the operator moves the old database away, as the refusal for an existing file says, and leaves the rest
    renameSync(target, `${target}.old`)
    for (const f of ['-wal', '-shm']) renameSync(`${target}${f}.kept`, `${target}${f}`)

    const refusal = restore(file, { kind: 'sqlite', path: target })
    await expect(refusal).rejects.toBeInstanceOf(BackupError)
    await expect(refusal).rejects.toThrow(`${target}-wal`)
    expect(existsSync(target)).toBe(false)

    // what restore used to do (copy the backup beside them): the bot refuses the damaged result at start, it does not run on it
    copyFileSync(file, target)
    await expect(createFileStore(target)).rejects.toThrow(/damaged/)

    // once they are moved away with the old database, the restore succeeds and checks what it wrote
    for (const f of ['-wal', '-shm']) rmSync(`${target}${f}`, { force: true })
    rmSync(target)
    await restore(file, { kind: 'sqlite', path: target })
    const restored = await createFileStore(target)
    opened.push(restored)
    expect(await snapshot(restored)).toEqual(await snapshot(store))
  })
})
