import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { createSqliteStore } from '../../src/store/sqlite-store.js'
import type { Draft } from '../../src/workflow/types.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'
import { startTestServer, type TestServer } from '../web/helpers/web-server.js'

const config = loadConfig('config/sanshen.yaml')

/**
 * Issue 11, a read-only data directory. The tests run as root, for whom chmod does not stop a
 * write, and a read-only remount needs privileges the container lacks; the immutable attribute
 * (chattr +i) stops root too, so the directory and its database files are made immutable: a real
 * EPERM from the file system, as on a disk remounted read-only after an error.
 */
const immutable = (paths: string[], on: boolean) => execFileSync('chattr', [on ? '+i' : '-i', ...paths])

describe('#通过 while the data directory is read-only', () => {
  let g: SimGroup | undefined
  let web: TestServer | undefined
  let dir: string | undefined
  const frozen: string[] = []
  afterEach(async () => {
    if (frozen.length) immutable(frozen.splice(0), false)
    await web?.close()
    await g?.stop()
    await g?.store().close()
    if (dir) rmSync(dir, { recursive: true, force: true })
    g = web = dir = undefined
  })

  it('says in plain words that nothing changed, changes nothing, /healthz is 503, and the retry succeeds once the fault clears', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanshen-ro-'))
    const path = join(dir, 'sanshen.db')
    g = await simGroup(config, { store: await createSqliteStore(path) })
    web = await startTestServer({ store: g.store(), dataDirs: [dir] })
    await g.say('editor1', '#投稿 微信 标题\n正文')
    const before = await g.store().get<Draft>('drafts', 'D1')
    const jobsBefore = await g.store().pendingJobs()

    frozen.push(dir, ...readdirSync(dir).map((f) => join(dir!, f)))
    immutable(frozen, true)
    const refused = (await g.say('deputy', '#通过 D1')).map((s) => s.text).join('\n')
    expect(refused).toContain('存储不可写')
    expect(refused).toContain('没有做任何改动')
    expect(refused).not.toMatch(/SQLITE|EPERM|\/tmp|sanshen-ro|\.ts\b/)
    expect(refused).not.toContain('王主任') // the next approver is not asked: nothing moved on
    expect((await fetch(`${web.url}/healthz`)).status).toBe(503)

    immutable(frozen.splice(0), false)
    // read once writable: a read-only store refuses reads too (SQLite writes its index on every read)
    expect(await g.store().get<Draft>('drafts', 'D1')).toEqual(before)
    expect(await g.store().pendingJobs()).toEqual(jobsBefore)
    const retried = (await g.say('deputy', '#通过 D1')).map((s) => s.text).join('\n')
    expect(retried).toContain('王主任')
    expect((await g.store().get<Draft>('drafts', 'D1'))!.approvals).toHaveLength(1)
    expect((await g.store().audit('D1')).filter((e) => e.action === 'approved')).toHaveLength(1)
    expect((await fetch(`${web.url}/healthz`)).status).toBe(200)
    expect(existsSync(path)).toBe(true)
  })
})
