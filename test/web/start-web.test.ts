import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { simulatedGroup } from '../../src/playground/simulated-group.js'
import { loadConfig } from '../../src/config/load.js'
import { startWeb } from '../../src/main-web.js'

const config = loadConfig('config/sanshen.yaml')
const logger = pino({ level: 'silent' })

describe('startWeb', () => {
  it('without a bot: serves the playground on 127.0.0.1 with the drills', async () => {
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
    } finally {
      await web.close()
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
})
