import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runMain } from '../helpers/run-main.js'

/** `npm start` with no data file and JSON logs, to its exit. */
const run = (env: Record<string, string>) => runMain({ SANSHEN_DATA: '', LOG_FORMAT: 'json', ...env }, { killAfterMs: 100_000 })

/**
 * Exit 1, and the output ends with one sentence starting "sanshen did not start:" — no stack trace
 * anywhere (a platform SDK may warn on its own stderr while it is stopped, before that line).
 */
function expectOneSentence(r: { code: number | null; out: string; err: string }, what: RegExp): void {
  expect(r.code).toBe(1)
  const last = r.err.trim().split('\n').at(-1)!
  expect(last).toMatch(/^sanshen did not start: /)
  expect(last).toMatch(what)
  expect(`${r.out}${r.err}`).not.toMatch(/\n\s+at |"stack"/)
}

// Four processes at once: a tsx start takes 20 s or more on a loaded two-core machine.
describe('start-up failures end with one sentence of what to do', () => {
  it.concurrent('the web port is in use', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      expectOneSentence(await run({ SANSHEN_WEB_PORT: String(port) }), new RegExp(`port ${port} is already in use: .*SANSHEN_WEB_PORT`))
    } finally {
      blocker.close()
    }
  }, 120_000)

  it.concurrent('Redis is unreachable', async () => {
    expectOneSentence(await run({ REDIS_URL: 'redis://127.0.0.1:1' }), /Redis is unreachable .*correct REDIS_URL\.$/)
  }, 120_000)

  it.concurrent('the data directory is not writable', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sanshen-ro-')), 'a-file')
    writeFileSync(file, '')
    // a path under a plain file cannot be created, whoever runs the test (root ignores permissions)
    expectOneSentence(await run({ SANSHEN_DATA: join(file, 'data', 'sanshen.db') }), /data directory .* is not writable .*SANSHEN_DATA/)
  }, 120_000)

  it.concurrent('the chat platform refuses the credentials', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'sanshen-login-')), 'sanshen.db')
    const r = await run({ WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 'not-a-token', SANSHEN_DATA: data })
    expectOneSentence(r, /could not connect to wechaty: .*SNI.* — check its credentials/)
  }, 120_000)
})
