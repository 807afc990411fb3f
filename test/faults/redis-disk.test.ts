import { execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { createRedisStore } from '../../src/store/redis-store.js'
import type { Draft } from '../../src/workflow/types.js'
import type { Store } from '../../src/store/store.js'
import { freePort, launchRedis } from '../helpers/redis-server.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'

/**
 * Redis's own disk becomes unwritable (its directory made immutable, as a full or read-only disk
 * would): its snapshot fails and Redis refuses every write with MISCONF. The chat says
 * 「存储不可写」 (not 处理出错), nothing changes, and the retry succeeds once Redis can save again.
 */
const config = loadConfig('config/sanshen.yaml')
const immutable = (path: string, on: boolean) => execFileSync('chattr', [on ? '+i' : '-i', path])

describe('Redis that cannot write its disk', () => {
  let server: ChildProcess | undefined
  let dir: string | undefined
  let frozen = false
  let g: SimGroup | undefined
  let store: Store | undefined
  let admin: Redis | undefined
  afterEach(async () => {
    if (frozen) immutable(dir!, false)
    await g?.stop()
    await store?.close()
    admin?.disconnect()
    server?.kill('SIGKILL')
    if (dir) rmSync(dir, { recursive: true, force: true })
    frozen = false
    server = dir = g = store = admin = undefined
  })

  /** a snapshot now, and its outcome once Redis has it */
  const snapshot = async (): Promise<string> => {
    await admin!.bgsave() // answers once the saving child is forked: in progress until Redis reaps it
    for (;;) {
      const info = await admin!.info('persistence')
      if (info.includes('rdb_bgsave_in_progress:0')) return /rdb_last_bgsave_status:(\w+)/.exec(info)![1]!
      await new Promise((r) => setTimeout(r, 50)) // redis-server's own child process: no clock of ours to move
    }
  }

  it('answers 「存储不可写」 to a command, changes nothing, and the retry succeeds once Redis can save again', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanshen-redis-disk-'))
    const port = await freePort()
    // a save point so that stop-writes-on-bgsave-error applies; no AOF (its errors end redis-server under fsync always)
    server = await launchRedis(dir, port, ['--save', '3600 1', '--appendonly', 'no'])
    admin = new Redis(`redis://127.0.0.1:${port}`)
    store = await createRedisStore({ url: `redis://127.0.0.1:${port}`, prefix: 'disk' })
    g = await simGroup(config, { store })
    await g.say('editor1', '#投稿 微信 标题\n正文')
    const before = await store.get<Draft>('drafts', 'D1')

    immutable(dir, true)
    frozen = true
    expect(await snapshot()).toBe('err')
    const refused = (await g.say('deputy', '#通过 D1')).map((s) => s.text).join('\n')
    expect(refused).toContain('存储不可写')
    expect(refused).not.toMatch(/MISCONF|RDB|redis/i)
    expect(await store.get<Draft>('drafts', 'D1')).toEqual(before)

    immutable(dir, false)
    frozen = false
    expect(await snapshot()).toBe('ok')
    expect((await g.say('deputy', '#通过 D1')).map((s) => s.text).join('\n')).toContain('王主任')
  })
})
