import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { collections } from '../../src/bot/collections.js'
import { loadConfig } from '../../src/config/load.js'
import { createFileStore } from '../../src/store/create-store.js'
import type { Store } from '../../src/store/store.js'
import { simGroup, type SimGroup } from '../helpers/sim-group.js'

const config = loadConfig('config/sanshen.yaml')
const tmp = () => mkdtempSync(join(tmpdir(), 'sanshen-backup-cli-'))
let g: SimGroup | undefined
const opened: Store[] = []
afterEach(async () => {
  await g?.stop()
  g = undefined
  for (const s of opened.splice(0)) await s.close()
})

async function activity(store: Store): Promise<void> {
  g = await simGroup(config, { store })
  await g.say('editor1', '#投稿 微信 第一篇\n正文。来源：办公室')
  await g.say('deputy', '#通过 D1')
  await g.say('editor1', '#留言 微信 张三：什么时候开放报名？')
}

async function snapshot(store: Store) {
  const drafts = (await collections.drafts.list(store)).map((d) => ({ id: d.id, status: d.status, stage: d.stage }))
  const messages = (await collections.publicMessages.list(store)).map((m) => ({ id: m.id, dueAt: m.deadline.dueAt }))
  return { drafts, messages, jobs: (await store.pendingJobs()).length }
}

describe('backup command line', () => {
  it('npm run backup / restore: the command line the README shows, against SANSHEN_DATA', async () => {
    const path = join(tmp(), 'sanshen.db')
    const store = await createFileStore(path)
    await activity(store)
    const before = await snapshot(store)
    await g!.stop()
    g = undefined
    const file = join(tmp(), 'nightly.db')
    const cli = (args: string[], data: string) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/ops/backup-cli.ts', ...args], {
        env: { ...process.env, REDIS_URL: '', SANSHEN_DATA: data },
        encoding: 'utf8',
      })
    const made = cli(['backup', file], path)
    expect(made.stdout).toContain('备份完成')
    expect(made.status).toBe(0)
    const second = join(tmp(), 'sanshen.db')
    expect(cli(['restore', file], second).stdout).toContain('恢复完成')
    const again = cli(['restore', file], second)
    expect(again.status).toBe(1)
    expect(again.stderr.trim()).toMatch(/^sanshen restore failed: .*already exists; restore into an empty data directory/)
    expect(again.stderr).not.toMatch(/\n\s+at /) // no stack trace
    const restored = await createFileStore(second)
    opened.push(restored)
    expect(await snapshot(restored)).toEqual(before)
  }, 120_000)
})
