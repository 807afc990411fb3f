import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runMain } from '../helpers/run-main.js'

/** `npm start` with no data file, to its exit, in the log format given. */
const run = (env: Record<string, string>, format: 'json' | 'pretty') =>
  runMain({ SANSHEN_DATA: '', LOG_FORMAT: format, ...env }, { killAfterMs: 100_000 })

/**
 * Exit 1, and the output ends with one sentence starting "sanshen did not start:" — no stack trace
 * anywhere (a platform SDK may warn on its own stderr while it is stopped, before that line), and
 * nothing announced as running.
 */
function expectOneSentence(r: { code: number | null; out: string; err: string }, what: RegExp): void {
  expect(r.code).toBe(1)
  const last = r.err.trim().split('\n').at(-1)!
  expect(last).toMatch(/^sanshen did not start: [^\n]+\.$/)
  expect(last).toMatch(what)
  expect(last.match(/sanshen did not start/g)).toHaveLength(1)
  expect(`${r.out}${r.err}`).not.toMatch(/\n\s+at |"stack"|FATAL|"level":60/)
  expect(`${r.out}${r.err}`).not.toMatch(/模拟群中运行|is running|Playground:/)
}

const scratch = (prefix: string) => mkdtempSync(join(tmpdir(), prefix))

// A few processes at once: a tsx start takes 20 s or more on a loaded two-core machine.
describe.each(['json', 'pretty'] as const)('start-up failures end with one sentence of what to do (%s logs)', (format) => {
  it.concurrent('the web port is in use: said before anything is announced as running', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      expectOneSentence(await run({ SANSHEN_WEB_PORT: String(port) }, format), new RegExp(`port ${port} is already in use: .*SANSHEN_WEB_PORT`))
    } finally {
      blocker.close()
    }
  }, 120_000)

  it.concurrent('Redis is unreachable: the URL is named, its password masked', async () => {
    const r = await run({ REDIS_URL: 'redis://:hunter2@127.0.0.1:1' }, format)
    expectOneSentence(r, /Redis is unreachable at redis:\/\/:\*\*\*@127\.0\.0\.1:1.*correct REDIS_URL\.$/)
    expect(r.out + r.err).not.toContain('hunter2')
  }, 120_000)

  it.concurrent('SANSHEN_DATA under a plain file', async () => {
    const file = join(scratch('sanshen-ro-'), 'a-file')
    writeFileSync(file, '')
    expectOneSentence(await run({ SANSHEN_DATA: join(file, 'sanshen.db') }, format), /but .*a-file is a file, not a directory: set SANSHEN_DATA/)
    expectOneSentence(
      await run({ SANSHEN_DATA: join(file, 'data', 'sanshen.db') }, format),
      /but .*a-file is a file, not a directory: set SANSHEN_DATA/,
    )
  }, 120_000)

  it.concurrent('SANSHEN_DATA naming a directory', async () => {
    const dir = scratch('sanshen-dir-')
    expectOneSentence(
      await run({ SANSHEN_DATA: dir }, format),
      new RegExp(`SANSHEN_DATA is ${dir}, which is a directory: set it to a file inside it, such as ${dir}/sanshen\\.db\\.$`),
    )
  }, 120_000)

  it.concurrent('a variable with a wrong format', async () => {
    expectOneSentence(
      await run({ SANSHEN_WEB_PORT: 'eighty' }, format),
      /^sanshen did not start: SANSHEN_WEB_PORT must be a port number from 0 to 65535, not "eighty"\.$/,
    )
  }, 120_000)
})

describe('start-up failures: the chat platform', () => {
  it('the chat platform refuses the credentials', async () => {
    const data = join(scratch('sanshen-login-'), 'sanshen.db')
    const r = await run({ WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 'not-a-token', SANSHEN_DATA: data }, 'json')
    expectOneSentence(r, /could not connect to wechaty: .*SNI.* — check its credentials/)
  }, 120_000)
})
