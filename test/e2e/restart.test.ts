import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { createRedisStore } from '../../src/store/redis-store.js'
import { createSqliteStore } from '../../src/store/sqlite-store.js'
import type { Store } from '../../src/store/store.js'
import { withRedisPrefix } from '../helpers/redis.js'
import { mentionedKeys, simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
const MIN = 60_000

/** Each store kind: how to open it, and how to open it again as a restarted bot would. */
const stores: [string, () => Promise<{ open: () => Promise<Store>; cleanup: () => Promise<void> }>][] = [
  [
    'SQLite store',
    async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'sanshen-')), 'state.db')
      return { open: () => createSqliteStore(path), cleanup: async () => {} }
    },
  ],
  [
    'Redis store',
    async () => {
      const r = withRedisPrefix()
      return { open: () => createRedisStore({ url: r.url, prefix: r.prefix }), cleanup: r.cleanup }
    },
  ],
]

let g: SimGroup
let opened: Store[] = []
let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await g?.stop()
  for (const s of opened) await s.close()
  opened = []
  await cleanup?.()
})

describe.each(stores)('a restart of the bot in the middle of a chain, with the %s', (_name, make) => {
  async function start() {
    const kind = await make()
    cleanup = kind.cleanup
    const open = async () => {
      const s = await kind.open()
      opened.push(s)
      return s
    }
    g = await simGroup(config, { store: await open() })
    return open
  }

  it('continues where it stopped: approvals, versions and ids survive', async () => {
    const open = await start()
    await g.say('editor1', '#投稿 微信 标题\n正文')
    await g.say('deputy', '#通过 D1')
    await g.restart(await open())
    const final = (await g.say('director', '#通过 D1')).at(-1)!
    expect(final.text).toContain('可以发布')
    const next = await g.say('editor1', '#投稿 微信 第二篇\n正文')
    expect(next[0]!.text).toContain('D2')
    const history = (await g.say('editor1', '#记录 D1')).at(-1)!.text
    expect(history.match(/通过 第\d级/g)).toHaveLength(2)
  })

  it('sends a stage time-out that came due while the bot was down once, right after it starts', async () => {
    const open = await start()
    await g.say('editor2', '#投稿 微博 标题\n正文')
    await g.say('opinion1', '#通过 D1')
    await g.stop()
    g.clock.advance(3 * 60 * MIN)
    const before = g.sent.length
    await g.restart(await open())
    const fired = g.sent.slice(before)
    expect(fired).toHaveLength(1)
    expect(mentionedKeys(config, fired[0]!).sort()).toEqual(['deputy', 'opinion1', 'opinion2'])
    expect(await g.advance(10 * MIN)).toEqual([])
    await g.restart(await open())
    expect(g.sent.length).toBe(before + 1)
  })
})

describe('two bot instances on one Redis', () => {
  it('send a reminder that came due once, whichever instance sweeps first', async () => {
    const r = withRedisPrefix()
    cleanup = r.cleanup
    const open = async () => {
      const s = await createRedisStore({ url: r.url, prefix: r.prefix })
      opened.push(s)
      return s
    }
    g = await simGroup(config, { store: await open() })
    const other = await simGroup(config, { store: await open(), clock: g.clock })
    try {
      await g.say('editor2', '#投稿 微博 标题\n正文')
      await g.say('opinion1', '#通过 D1')
      g.clock.advance(3 * 60 * MIN)
      const before = [g.sent.length, other.sent.length]
      await Promise.all([g.bot().sweep(), other.bot().sweep(), g.bot().sweep(), other.bot().sweep()])
      const fired = [...g.sent.slice(before[0]), ...other.sent.slice(before[1])]
      expect(fired).toHaveLength(1)
      expect(fired[0]!.text).toContain('已超过规定时限')
    } finally {
      await other.stop()
    }
  })
})
