import { afterEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/clock.js'
import type { Store } from '../../src/store/store.js'
import { createMemoryStore } from '../../src/store/memory-store.js'
import { START, publicMessage, refusals, seed, startTestServer, type TestServer } from './helpers/web-server.js'
import { signedQuery, textMessageXml, withQuery } from './helpers/wechat-client.js'

const hook = (url: string, body: string) =>
  fetch(`${url}/webhook/comments`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer hook-secret' }, body })

describe('operations: /healthz, /metrics, limits', () => {
  let t: TestServer | undefined
  afterEach(() => t?.close())

  it('listens on 127.0.0.1 by default and answers /healthz', async () => {
    t = await startTestServer()
    expect(new URL(t.url).hostname).toBe('127.0.0.1')
    const res = await fetch(`${t.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', now: START })
  })

  it('/healthz answers 503 and counts a store error when the store fails', async () => {
    const store = createMemoryStore()
    const broken: Store = { ...store, get: async () => Promise.reject(new Error('redis down')) }
    t = await startTestServer({ store: broken })
    expect((await fetch(`${t.url}/healthz`)).status).toBe(503)
    expect(await (await fetch(`${t.url}/metrics`)).text()).toMatch(/^sanshen_store_errors_total 1$/m)
  })

  it('/metrics has drafts by state, open and overdue messages from the store, and the counters the bot increments', async () => {
    t = await startTestServer()
    await seed(
      t.store,
      'comments',
      publicMessage('C1', START, { sensitive: true, deadline: { ...publicMessage('x', START).deadline, dueAt: START - 60_000 } }),
    )
    await seed(t.store, 'comments', publicMessage('C2', START))
    await seed(t.store, 'comments', publicMessage('C3', START, { status: 'replied' }))
    t.server.metrics.approvalLatency.observe({ stage: '初审' }, 1200)
    t.server.metrics.remindersSent.inc({ kind: 'sensitive-half-time' })
    t.server.metrics.checkerCalls.inc()
    t.server.metrics.llmErrors.inc()
    const res = await fetch(`${t.url}/metrics`)
    expect(res.headers.get('content-type')).toContain('text/plain')
    const text = await res.text()
    expect(text).toMatch(/^sanshen_drafts\{status="pending"\} 0$/m)
    expect(text).toMatch(/^sanshen_public_messages_open 2$/m)
    expect(text).toMatch(/^sanshen_public_messages_overdue 1$/m)
    expect(text).toMatch(/^sanshen_approval_latency_seconds_count\{stage="初审"\} 1$/m)
    expect(text).toMatch(/^sanshen_reminders_sent_total\{kind="sensitive-half-time"\} 1$/m)
    expect(text).toMatch(/^sanshen_checker_calls_total 1$/m)
    expect(text).toMatch(/^sanshen_llm_errors_total 1$/m)
    for (const name of ['sanshen_llm_calls_total', 'sanshen_checker_errors_total', 'sanshen_store_errors_total']) expect(text).toContain(name)
  })

  it('two servers keep separate registries', async () => {
    t = await startTestServer()
    const other = await startTestServer()
    t.server.metrics.checkerCalls.inc()
    expect(await (await fetch(`${other.url}/metrics`)).text()).toMatch(/^sanshen_checker_calls_total 0$/m)
    await other.close()
  })

  it('refuses an oversize body with 413, logged, and takes in nothing', async () => {
    t = await startTestServer({ limits: { bodyBytes: 1024 } })
    const big = JSON.stringify({ id: '1', account: 'weibo', author: 'a', text: '长'.repeat(2000) })
    expect((await hook(t.url, big)).status).toBe(413)
    const xml = textMessageXml({ msgId: '1', content: '长'.repeat(2000) })
    expect(
      (await fetch(withQuery(`${t.url}/wechat/wechat`, signedQuery(START)), { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml }))
        .status,
    ).toBe(413)
    expect(t.intake.calls).toEqual([])
    expect(refusals(t.logs)).toEqual(['too-large', 'too-large'])
  })

  it('refuses a flood from one source with 429 until its allowance comes back', async () => {
    const floodClock = new ManualClock(0)
    t = await startTestServer({ limits: { burst: 3, perSecond: 1, floodClock } })
    const body = (i: number) => JSON.stringify({ id: `f${i}`, account: 'weibo', author: 'a', text: 't' })
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await hook(t.url, body(i))).status)
    expect(statuses).toEqual([202, 202, 202, 429, 429])
    // bad requests spend the allowance too: a flood of wrong signatures is still a flood
    expect((await fetch(withQuery(`${t.url}/wechat/wechat`, { echostr: 'x' }))).status).toBe(429)
    expect(t.intake.calls).toHaveLength(3)
    floodClock.advance(2_000)
    expect((await hook(t.url, body(9))).status).toBe(202)
    expect((await hook(t.url, body(10))).status).toBe(202)
    expect((await hook(t.url, body(11))).status).toBe(429)
    expect(refusals(t.logs).filter((r) => r === 'flood')).toHaveLength(4)
    // /metrics is behind the same allowance: a scraper cannot be used to flood the process
    expect((await fetch(`${t.url}/metrics`)).status).toBe(429)
    floodClock.advance(2_000)
    expect(await (await fetch(`${t.url}/metrics`)).text()).toMatch(/sanshen_http_refused_total\{route="\/webhook\/comments",reason="flood"\} 3/)
  })

  it('answers unknown paths with 404', async () => {
    t = await startTestServer()
    expect((await fetch(`${t.url}/nope`)).status).toBe(404)
    expect((await fetch(`${t.url}/assets/../../package.json`)).status).toBe(404)
    expect((await fetch(`${t.url}/assets/playground.html`)).status).toBe(404)
    expect((await fetch(`${t.url}/assets/app.css`)).status).toBe(200)
  })
})
