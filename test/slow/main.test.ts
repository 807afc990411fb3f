import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readdirSync, readFileSync, symlinkSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runMain } from '../helpers/run-main.js'
import { FakeDingtalk } from '../chat/fakes/dingtalk-server.js'
import { startFakeFeishu } from '../chat/fakes/feishu-server.js'
import { FakeWecom } from '../chat/fakes/wecom-server.js'
import { startFakeOpenAi } from '../helpers/fake-openai.js'

/** `npm start` with a data file of its own; `out` is stdout and stderr together. */
const run = (env: Record<string, string>, until?: RegExp): Promise<{ code: number | null; out: string }> =>
  runMain({ SANSHEN_DATA: join(mkdtempSync(join(tmpdir(), 'sanshen-data-')), 'sanshen.json'), ...env }, { until }).then((r) => ({
    code: r.code,
    out: r.all,
  }))

describe('npm start', () => {
  it('refuses to start on a broken config, naming the file, line and path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanshen-cfg-'))
    const file = join(dir, 'bad.yaml')
    writeFileSync(
      file,
      'groups:\n  - topic: 编辑部\npeople: {}\naccounts: {}\nchains:\n  weibo:\n    account: weibo\n    categories: [routine]\n    stages: []\nsupervisors: [nobody]\n',
    )
    const { code, out } = await run({ SANSHEN_CONFIG: file })
    expect(code).toBe(1)
    expect(out).toContain('sanshen did not start')
    expect(out).toMatch(/bad\.yaml:\d+:\d+: chains\.weibo\.stages/)
    expect(out).toContain('supervisors[0]')
  }, 120_000)

  it('with no WeChat login configured, says what to set and serves the playground on the simulated group', async () => {
    const { out } = await run({}, /running on a simulated group/)
    expect(out).toContain('WECHATY_PUPPET')
    expect(out).toMatch(/Playground: http:\/\/127\.0\.0\.1:\d+/)
    expect(out).toMatch(/Dashboard: .*口令 [0-9a-f]{16}/)
  }, 120_000)

  it('with an LLM key whose provider lacks the model, says so in one warning naming the model, the base URL and what to set, and runs', async () => {
    const llm = await startFakeOpenAi(() => '{"findings":[]}', { models: ['gpt-4o-mini'] })
    try {
      const { out } = await run({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: llm.url, LOG_FORMAT: 'json' }, /running on a simulated group/)
      const warnings = out.split('\n').filter((l) => l.includes('second opinion'))
      expect(warnings).toHaveLength(1)
      expect(JSON.parse(warnings[0]!).msg).toBe(
        `the LLM second opinion will be unavailable (model "qwen-plus" at ${llm.url}): the model is not offered there; set OPENAI_MODEL to one it offers (gpt-4o-mini) or OPENAI_BASE_URL to the provider of "qwen-plus".`,
      )
    } finally {
      await llm.close()
    }
  }, 120_000)

  /** the default configuration with chat.platform set */
  function configFor(platform: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'sanshen-cfg-'))
    // the files the configuration names (holidays, lexicons) are read relative to its folder
    for (const entry of readdirSync('config')) if (entry !== 'sanshen.yaml') symlinkSync(resolve('config', entry), join(dir, entry))
    const file = join(dir, 'sanshen.yaml')
    writeFileSync(file, `chat:\n  platform: ${platform}\n${readFileSync('config/sanshen.yaml', 'utf8')}`)
    return file
  }

  it('with a platform chosen but its credentials missing, names the variables in one sentence', async () => {
    const { code, out } = await run({ SANSHEN_CONFIG: configFor('feishu'), FEISHU_APP_ID: '', FEISHU_APP_SECRET: '' })
    expect(code).toBe(1)
    expect(out.trim()).toBe('sanshen did not start: chat.platform is feishu, but FEISHU_APP_ID and FEISHU_APP_SECRET are not set in the environment')
  }, 120_000)

  it('with wrong Feishu credentials, ends with Feishu’s refusal in one sentence', async () => {
    const f = await startFakeFeishu()
    try {
      const { code, out } = await run({
        SANSHEN_CONFIG: configFor('feishu'),
        FEISHU_APP_ID: f.appId,
        FEISHU_APP_SECRET: 'wrong',
        FEISHU_BASE_URL: f.baseUrl,
      })
      expect(code).toBe(1)
      expect(out).toMatch(/sanshen did not start: could not connect to feishu: .*10014.*app secret invalid/)
    } finally {
      await f.close()
    }
  }, 120_000)

  it('with Feishu configured, connects to it and serves the dashboard', async () => {
    const f = await startFakeFeishu()
    try {
      const { out } = await run(
        { SANSHEN_CONFIG: configFor('feishu'), FEISHU_APP_ID: f.appId, FEISHU_APP_SECRET: f.appSecret, FEISHU_BASE_URL: f.baseUrl },
        /sanshen is running/,
      )
      expect(out).toContain('"platform":"feishu"')
      expect(f.connections).toBe(1)
    } finally {
      await f.close()
    }
  }, 120_000)
  it('with WeCom configured, subscribes with the Bot ID and Secret from the environment', async () => {
    const f = new FakeWecom()
    const wsUrl = await f.listen()
    try {
      const { out } = await run(
        { SANSHEN_CONFIG: configFor('wecom'), WECOM_BOT_ID: f.botId, WECOM_BOT_SECRET: f.secret, WECOM_WS_URL: wsUrl },
        /sanshen is running/,
      )
      expect(out).toContain('"platform":"wecom"')
      expect(f.subscriptions).toBe(1)
    } finally {
      await f.close()
    }
  }, 120_000)

  it('with wrong DingTalk credentials, ends with the refusal in one sentence', async () => {
    const f = new FakeDingtalk()
    const base = await f.listen()
    try {
      const { code, out } = await run({
        SANSHEN_CONFIG: configFor('dingtalk'),
        DINGTALK_CLIENT_ID: f.clientId,
        DINGTALK_CLIENT_SECRET: 'wrong',
        DINGTALK_API_BASE: base,
      })
      expect(code).toBe(1)
      expect(out).toContain('sanshen did not start: could not connect to dingtalk: DingTalk refused the Client ID/Secret')
    } finally {
      await f.close()
    }
  }, 120_000)
})
