import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FakeDingtalk } from '../chat/fakes/dingtalk-server.js'
import { FakeWecom } from '../chat/fakes/wecom-server.js'
import { runMain } from '../helpers/run-main.js'

/** `npm start` on the shipped configuration (no chat.platform), with a data file of its own. */
const run = (env: Record<string, string>, until?: RegExp) =>
  runMain({ SANSHEN_DATA: join(mkdtempSync(join(tmpdir(), 'sanshen-chat-')), 'sanshen.db'), ...env }, { until, killAfterMs: 150_000 })

/** Exit 1 and the output ends with one sentence, with no stack trace anywhere. */
function expectOneSentence(r: { code: number | null; out: string; err: string }, what: RegExp): void {
  expect(r.code).toBe(1)
  const last = r.err.trim().split('\n').at(-1)!
  expect(last).toMatch(/^sanshen did not start: /)
  expect(last).toMatch(what)
  expect(`${r.out}${r.err}`).not.toMatch(/\n\s+at |"stack"|\bat .*\.(ts|js):\d+/)
}

// Processes at once (vitest runs five at a time): a tsx start takes 20 s alone on a loaded two-core machine, over 60 s five at once.
describe('npm start chooses the chat platform from the credentials in the environment', () => {
  it.concurrent('WeCom credentials alone: it connects to WeCom, never the simulated group', async () => {
    const f = new FakeWecom()
    const wsUrl = await f.listen()
    try {
      const r = await run({ WECOM_BOT_ID: f.botId, WECOM_BOT_SECRET: f.secret, WECOM_WS_URL: wsUrl, LOG_FORMAT: 'json' }, /sanshen is running/)
      expect(r.all).toContain('"platform":"wecom"')
      expect(r.all).not.toMatch(/simulated|模拟群/)
      expect(f.subscriptions).toBe(1)
    } finally {
      await f.close()
    }
  }, 180_000)

  it.concurrent('credentials of two platforms: refused in one sentence', async () => {
    const r = await run({ WECOM_BOT_ID: 'b', WECOM_BOT_SECRET: 's', DINGTALK_CLIENT_ID: 'd', DINGTALK_CLIENT_SECRET: 's', LOG_FORMAT: 'json' })
    expectOneSentence(r, /the environment has credentials for wecom \(WECOM_BOT_ID, WECOM_BOT_SECRET\) and dingtalk .*set chat\.platform/)
  }, 180_000)

  it.concurrent('no credentials: the simulated group says loudly it is one, in a warning and on the terminal', async () => {
    const r = await run({ SANSHEN_DATA: '', LOG_FORMAT: 'json' }, /running on a simulated group/)
    const line = r.out.split('\n').find((l) => l.includes('running on a simulated group'))!
    expect(JSON.parse(line)).toMatchObject({ level: 40, simulated: true })
    expect(r.out).toContain('SIMULATED GROUP')
  }, 180_000)
})

describe('wrong credentials end in one sentence, without a stack trace, in both log formats', () => {
  for (const format of ['pretty', 'json']) {
    it.concurrent(`WeCom (${format})`, async () => {
      const f = new FakeWecom()
      const wsUrl = await f.listen()
      try {
        const r = await run({ WECOM_BOT_ID: f.botId, WECOM_BOT_SECRET: 'wrong', WECOM_WS_URL: wsUrl, LOG_FORMAT: format })
        expectOneSentence(r, /could not connect to wecom: WeCom refused the Bot ID\/Secret: .*40058/)
      } finally {
        await f.close()
      }
    }, 180_000)

    it.concurrent(`DingTalk (${format})`, async () => {
      const f = new FakeDingtalk()
      const base = await f.listen()
      try {
        const r = await run({ DINGTALK_CLIENT_ID: f.clientId, DINGTALK_CLIENT_SECRET: 'wrong', DINGTALK_API_BASE: base, LOG_FORMAT: format })
        expectOneSentence(r, /could not connect to dingtalk: DingTalk refused the Client ID\/Secret/)
        expect(r.all).not.toContain('Disconnecting.')
      } finally {
        await f.close()
      }
    }, 180_000)
  }
})
