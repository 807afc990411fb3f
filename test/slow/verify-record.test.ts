import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { collections } from '../../src/bot/collections.js'
import { buildSignSheet, signSheetChecksum } from '../../src/bot/drafts/sign-sheet.js'
import { ManualClock } from '../../src/clock.js'
import { loadConfig } from '../../src/config/load.js'
import { createFileStore } from '../../src/store/create-store.js'
import { simGroup } from '../helpers/sim-group.js'

/** `npm run verify-record` as a process: the printed 审签单's checksum against the store the environment names. */
describe('npm run verify-record', () => {
  it('confirms or refuses a checksum against the SQLite file the environment names, in one sentence and an exit code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verify-record-'))
    const file = join(dir, 'sanshen.db')
    const config = loadConfig('config/sanshen.yaml')
    const g = await simGroup(config, { store: await createFileStore(file), clock: new ManualClock(Date.UTC(2026, 11, 8, 2)) })
    await g.say('editor1', '#投稿 微信 标题\n正文。来源：办公室')
    await g.say('deputy', '#通过 D1')
    const sheet = buildSignSheet(config, (await collections.drafts.get(g.store(), 'D1'))!, await g.store().audit('D1'))
    const code = signSheetChecksum(sheet)
    await g.stop()
    const run = (...args: string[]) =>
      promisify(execFile)('npx', ['tsx', 'src/ops/verify-record-cli.ts', ...args], {
        env: { ...process.env, SANSHEN_DATA: file, REDIS_URL: '' },
      }).then(
        (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
      )
    const good = await run('D1', code)
    expect(good.code).toBe(0)
    expect(good.out).toContain(`✔ D1 审签单校验码 ${code}`)
    const bad = await run('D1', '0000-0000-0000-0000')
    expect(bad.code).toBe(1)
    expect(bad.out).toContain('✘ D1 的校验码')
    const usage = await run('twelve')
    expect(usage.code).toBe(1)
    expect(usage.err.trim().split('\n')).toEqual([expect.stringContaining('usage: npm run verify-record')])
  }, 60_000)
})
