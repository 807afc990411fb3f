import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { createSqliteStore } from '../../src/store/sqlite-store.js'
import type { Draft } from '../../src/workflow/types.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')

/**
 * Issue 11: a store write that fails during a chat command changes nothing, in memory either.
 * The fault is real: a second process (here a second connection) holds SQLite's write lock longer
 * than the bot's busy timeout.
 */
describe('#通过 while another process holds the SQLite write lock', () => {
  let g: SimGroup | undefined
  let dir: string | undefined
  afterEach(async () => {
    await g?.stop()
    await g?.store().close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('is refused in plain words without paths, changes nothing, and succeeds when retried after the lock is gone', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanshen-locked-'))
    const path = join(dir, 'sanshen.db')
    g = await simGroup(config, { store: await createSqliteStore(path, { busyTimeoutMs: 50 }) })
    await g.say('editor1', '#投稿 微信 标题\n正文')
    const before = await g.store().get<Draft>('drafts', 'D1')
    const locker = new Database(path)
    locker.exec('BEGIN EXCLUSIVE')
    let refused
    try {
      refused = (await g.say('deputy', '#通过 D1')).at(-1)!.text
    } finally {
      locker.exec('ROLLBACK')
      locker.close()
    }
    expect(refused).toContain('没有做任何改动')
    expect(refused).not.toContain(dir)
    expect(await g.store().get<Draft>('drafts', 'D1')).toEqual(before)
    const actions = async () => (await g!.store().audit('D1')).map((e) => e.action)
    expect(await actions()).not.toContain('approved')
    const retried = await g.say('deputy', '#通过 D1')
    expect(retried.map((s) => s.text).join('\n')).toContain('王主任')
    expect((await g.store().get<Draft>('drafts', 'D1'))!.approvals).toHaveLength(1)
    expect(await actions()).toContain('approved')
  })
})
