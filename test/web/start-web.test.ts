import { request } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { simulatedGroup } from '../../src/playground/simulated-group.js'
import { loadConfig } from '../../src/config/load.js'
import { startWeb } from '../../src/main-web.js'

const config = loadConfig('config/sanshen.yaml')
const logger = pino({ level: 'silent' })

describe('startWeb', () => {
  it('/healthz is 200 with REDIS_URL and SANSHEN_SPOOL but no SANSHEN_DATA: only the spool directory is the bot’s to write', async () => {
    const group = await simulatedGroup(config, { logger })
    const spool = mkdtempSync(join(tmpdir(), 'sanshen-spool-'))
    // the SQLite default directory (data/ beside the working directory) is not made: with Redis it is not used
    const env = { SANSHEN_WEB_PORT: '0', REDIS_URL: 'redis://127.0.0.1:6379', SANSHEN_SPOOL: spool }
    const web = await startWeb({ config, logger, bot: group.bot(), env })
    try {
      const res = await fetch(`${web.url}/healthz`)
      expect(await res.json()).toMatchObject({ status: 'ok' })
      expect(res.status).toBe(200)
    } finally {
      await web.close()
      await group.stop()
      rmSync(spool, { recursive: true, force: true })
    }
  })

  it('without a bot: serves the playground on 127.0.0.1 with the drills, and /healthz says the chat is simulated', async () => {
    const web = await startWeb({ config, logger, env: { SANSHEN_WEB_PORT: '0' } })
    try {
      expect(new URL(web.url).hostname).toBe('127.0.0.1')
      expect(await (await fetch(web.url)).text()).toContain('模拟编辑群')
      const state = await (await fetch(`${web.url}/api/playground/state`)).json()
      expect(state.drills).toHaveLength(3)
      // no token in this env: the playground makes a one-time one, so the dashboard is there to try
      const dashboard = await fetch(`${web.url}/dashboard`)
      expect(dashboard.status).not.toBe(503)
      expect(await dashboard.text()).toContain('口令')
      // a monitor sees that this is no real chat
      expect(await (await fetch(`${web.url}/healthz`)).json()).toMatchObject({ status: 'ok', chat: 'simulated' })
    } finally {
      await web.close()
    }
  })

  it('from another machine: the banner names the hosts it answers to, and a request for one of them is served', async () => {
    const web = await startWeb({ config, logger, env: { SANSHEN_WEB_PORT: '0', SANSHEN_WEB_HOST: '0.0.0.0', SANSHEN_ALLOWED_HOSTS: 'sanshen.lan' } })
    try {
      const port = new URL(web.url).port
      expect(web.banner).toContain(`http://sanshen.lan:${port}`)
      const status = (host: string) =>
        new Promise<number>((resolve, reject) =>
          request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          })
            .on('error', reject)
            .end(),
        )
      expect(await status(`sanshen.lan:${port}`)).toBe(200)
      expect(await status(`elsewhere.example:${port}`)).toBe(421)
    } finally {
      await web.close()
    }
    const bare = await startWeb({ config, logger, env: { SANSHEN_WEB_PORT: '0', SANSHEN_WEB_HOST: '0.0.0.0' } })
    try {
      expect(bare.banner).toMatch(/every interface \(0\.0\.0\.0\).*set SANSHEN_ALLOWED_HOSTS/)
    } finally {
      await bare.close()
    }
  })

  it('with a running bot: no playground, the bot’s store behind the dashboard and its intake behind the endpoints', async () => {
    const group = await simulatedGroup(config, { logger })
    const web = await startWeb({
      config,
      logger,
      bot: group.bot(),
      env: { SANSHEN_WEB_PORT: '0', SANSHEN_WEBHOOK_TOKEN: 'k', SANSHEN_DASHBOARD_TOKEN: 'd' },
    })
    try {
      expect(web.playground).toBeUndefined()
      const root = await fetch(web.url, { redirect: 'manual' })
      expect(root.headers.get('location')).toBe('/dashboard')
      expect((await fetch(`${web.url}/api/playground/state`)).status).toBe(404)
      const res = await fetch(`${web.url}/webhook/comments`, {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: JSON.stringify({ id: '1', account: 'weibo', author: 'a', text: '你好' }),
      })
      expect(res.status).toBe(202)
      expect(await group.store().list('comments')).toHaveLength(1)
      expect(await (await fetch(`${web.url}/healthz`)).json()).toMatchObject({ status: 'ok', chat: 'wechaty' })
    } finally {
      await web.close()
      await group.stop()
    }
  })

  it('counts the bot’s own work in /metrics: checker runs, stage latency, reminders', async () => {
    const group = await simulatedGroup(config, { logger })
    const web = await startWeb({ config, logger, bot: group.bot(), env: { SANSHEN_WEB_PORT: '0' } })
    try {
      await group.say('editor2', '#投稿 微博 标题\n正文')
      group.clock.advance(30 * 60_000)
      await group.say('opinion1', '#通过 D1')
      await group.advance(3 * 60 * 60_000) // the 终审 stage times out: a reminder job runs
      const text = await (await fetch(`${web.url}/metrics`)).text()
      expect(text).toMatch(/^sanshen_checker_calls_total [1-9]/m)
      expect(text).toMatch(/^sanshen_approval_latency_seconds_count\{stage="初审"\} 1$/m)
      expect(text).toMatch(/^sanshen_approval_latency_seconds_sum\{stage="初审"\} 1800$/m)
      expect(text).toMatch(/^sanshen_reminders_sent_total\{kind="stage-timeout"\} 1$/m)
    } finally {
      await web.close()
      await group.stop()
    }
  })

  it('shows the bot’s configuration in use on the dashboard, also after a reload replaced it', async () => {
    const group = await simulatedGroup(config, { logger })
    const web = await startWeb({ config, logger, bot: group.bot(), env: { SANSHEN_WEB_PORT: '0', SANSHEN_DASHBOARD_TOKEN: 'd' } })
    try {
      await group.say('editor1', '#投稿 微信 标题\n正文')
      const login = await fetch(`${web.url}/dashboard/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'token=d',
      })
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!
      const overview = async () => (await fetch(`${web.url}/dashboard`, { headers: { cookie } })).text()
      expect(await overview()).toContain('李副主任')
      // as a reload does: the bot's configuration is replaced, the deputy renamed
      const bot = group.bot()
      bot.deps.config = { ...config, people: { ...config.people, deputy: { ...config.people.deputy!, name: '李新主任' } } }
      expect(await overview()).toContain('李新主任')
    } finally {
      await web.close()
      await group.stop()
    }
  })
})
