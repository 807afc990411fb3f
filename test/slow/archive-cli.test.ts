import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { archiveClosed } from '../../src/bot/archive.js'
import { termsOf } from '../../src/bot/index-terms.js'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config/load.js'
import { createStoreFromEnv } from '../../src/store/create-store.js'
import { createRedisStore, type Store, type StoredDoc } from '../../src/store/index.js'
import { historyPage } from '../../src/web/dashboard/history.js'
import { withRedisPrefix } from '../helpers/redis.js'

const config = loadConfig('config/sanshen.yaml')
const DAY = 86_400_000
const redis = withRedisPrefix()
const dir = mkdtempSync(join(tmpdir(), 'sanshen-archive-cli-'))
const opened: Store[] = []
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close()
  await redis.cleanup()
  rmSync(dir, { recursive: true, force: true })
})

const draft = (id: string, createdAt: number): StoredDoc =>
  ({
    id,
    rev: 0,
    account: 'wechat',
    status: 'approved',
    submitter: { contactId: 'c1', person: 'editor1', name: '编辑一' },
    versions: [{ version: 1, hash: 'h', title: `稿件 ${id}`, body: '正文', at: createdAt, findings: [], manual: [] }],
    approvals: [],
    remarks: [],
    createdAt,
    updatedAt: createdAt,
  }) as StoredDoc

describe('archive command line', () => {
  it('npm run archive -- export moves the Redis archive of a year into a SQLite file the history still reads', async () => {
    const env = { ...process.env, REDIS_CLUSTER_NODES: '', REDIS_URL: redis.url, SANSHEN_REDIS_PREFIX: redis.prefix }
    const store = await createRedisStore({ url: redis.url, prefix: redis.prefix })
    opened.push(store)
    const y2024 = Date.UTC(2024, 5, 1)
    const y2025 = Date.UTC(2025, 5, 1)
    for (const d of [draft('D1', y2024), draft('D2', y2024 + DAY), draft('D3', y2025)]) await store.commit('drafts', d, 0, [], termsOf('drafts', d))
    expect(await archiveClosed({ store, clock: new ManualClock(Date.UTC(2026, 0, 1)) }, 180)).toBe(3)

    const file = join(dir, 'archive-2024.db')
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/ops/archive-cli.ts', 'export', file, '2025-01-01'], { env, encoding: 'utf8' })
    expect(cli.stderr).toBe('')
    expect(cli.stdout).toContain('Exported 2 archived documents')
    expect(await store.get('drafts', 'D1')).toBeUndefined()

    const reading = await createStoreFromEnv({ ...env, SANSHEN_ARCHIVE_FILES: file })
    opened.push(reading)
    const html = await historyPage(config, reading, { account: 'wechat' })
    expect(html).toMatch(/共 3 篇[\s\S]*>D3<[\s\S]*>D2<[\s\S]*>D1</)
    expect(await reading.get('drafts', 'D1')).toMatchObject({ id: 'D1', status: 'approved' })

    const usage = spawnSync(process.execPath, ['--import', 'tsx', 'src/ops/archive-cli.ts', 'export', file], { env, encoding: 'utf8' })
    expect(usage.status).toBe(1)
    expect(usage.stderr.trim()).toMatch(/^sanshen archive failed: usage: npm run archive -- export <file.db> <YYYY-MM-DD>/)
  })
})
