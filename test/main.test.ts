import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/** Runs `npm start`'s entry point as a process; resolves when `until` matches the output or it exits. */
function run(env: Record<string, string>, until?: RegExp): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, WECHATY_PUPPET: '', REDIS_URL: '', LOG_LEVEL: 'info', SANSHEN_WEB_PORT: '0', ...env },
    })
    let out = ''
    const onData = (d: Buffer) => {
      out += d.toString()
      if (until?.test(out)) child.kill('SIGTERM')
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => resolve({ code, out }))
  })
}

describe('npm start', () => {
  it('refuses to start on a broken config, naming the file, line and path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanshen-cfg-'))
    const file = join(dir, 'bad.yaml')
    writeFileSync(file, 'groups:\n  - topic: 编辑部\npeople: {}\naccounts: {}\nchains:\n  weibo:\n    account: weibo\n    categories: [routine]\n    stages: []\nsupervisors: [nobody]\n')
    const { code, out } = await run({ SANSHEN_CONFIG: file })
    expect(code).toBe(1)
    expect(out).toContain('sanshen did not start')
    expect(out).toMatch(/bad\.yaml:\d+:\d+: chains\.weibo\.stages/)
    expect(out).toContain('supervisors[0]')
  }, 120_000) // a tsx process start takes over 20 s on a loaded two-core machine

  it('with no WeChat login configured, says what to set and serves the playground on the simulated group', async () => {
    const { out } = await run({}, /running on a simulated group/)
    expect(out).toContain('WECHATY_PUPPET')
    expect(out).toMatch(/Playground: http:\/\/127\.0\.0\.1:\d+/)
    expect(out).toMatch(/Dashboard: .*口令 [0-9a-f]{16}/)
  }, 120_000)
})
