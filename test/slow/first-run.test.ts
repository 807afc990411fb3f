import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FakeWecom } from '../chat/fakes/wecom-server.js'
import { configCopy } from '../helpers/config-copy.js'

describe('a first run on WeCom with the shipped configuration and the credentials only', () => {
  it('answers #我是谁 in the new group with the YAML naming the real file, and serves the group once the lines are saved, without a restart', async () => {
    const fake = new FakeWecom()
    const wsUrl = await fake.listen()
    const file = configCopy()
    const data = join(mkdtempSync(join(tmpdir(), 'sanshen-first-data-')), 'sanshen.db')
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        WECHATY_PUPPET: '',
        REDIS_URL: '',
        SANSHEN_WEB_PORT: '0',
        LOG_FORMAT: 'json',
        SANSHEN_CONFIG: file,
        SANSHEN_DATA: data,
        WECOM_BOT_ID: fake.botId,
        WECOM_BOT_SECRET: fake.secret,
        WECOM_WS_URL: wsUrl,
      },
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (out += d.toString()))
    const logged = async (what: string) => {
      const end = Date.now() + 90_000
      while (!out.includes(what)) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`no "${what}" in:\n${out}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    try {
      await logged('sanshen is running')
      fake.inject({ from: 'wxid_deputy', chatid: 'wrNewGroup01', text: '#我是谁' })
      await fake.until(() => fake.sent.some((s) => s.content.includes('本群 ID')), 10_000)
      const answer = fake.sent.find((s) => s.content.includes('本群 ID'))!
      expect(answer).toMatchObject({ cmd: 'aibot_respond_msg', chatid: 'wrNewGroup01' })
      expect(answer.content).toContain(file)
      expect(answer.content).toContain('groups:\n  - { id: wrNewGroup01 }')
      // nothing else is answered there yet
      fake.inject({ from: 'wxid_deputy', chatid: 'wrNewGroup01', text: '#待办' })
      await new Promise((r) => setTimeout(r, 1_000))
      expect(fake.sent).toHaveLength(1)
      // the operator pastes the group line and saves
      writeFileSync(file, readFileSync(file, 'utf8').replace('groups:\n', 'groups:\n  - { id: wrNewGroup01 }\n'))
      await logged('configuration reloaded')
      fake.inject({ from: 'wxid_deputy', chatid: 'wrNewGroup01', text: '#待办' })
      await fake.until(() => fake.sent.length === 2, 10_000)
      expect(fake.sent[1]!.chatid).toBe('wrNewGroup01')
      // a broken edit keeps the running configuration, in one log line; SIGHUP reads the file again
      writeFileSync(file, readFileSync(file, 'utf8').replace('groups:\n', 'groups:\n  - { idd: x }\n'))
      await logged('configuration not reloaded, the running one is kept')
      const refusals = () => out.split('\n').filter((l) => l.includes('configuration not reloaded')).length
      expect(refusals()).toBe(1)
      child.kill('SIGHUP')
      for (const end = Date.now() + 10_000; refusals() < 2 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 50))
      expect(refusals()).toBe(2)
      expect(out.split('\n').find((l) => l.includes('configuration not reloaded'))).toMatch(/sanshen\.yaml:\d+:\d+: groups\[0\]/)
      expect(child.exitCode).toBeNull()
    } finally {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      await fake.close()
    }
  }, 150_000)
})
