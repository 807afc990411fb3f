import { mkdtempSync, readdirSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { IntakeResult } from '../../src/public-messages/intake.js'
import type { Store } from '../../src/store/store.js'
import { createIntakeSpool } from '../../src/web/intake-spool.js'
import { startPlaygroundServer } from './helpers/playground-server.js'
import { ENV, SAFE_ENV, refusals, startTestServer, type TestServer } from './helpers/web-server.js'
import { signedQuery, textMessageXml, withQuery } from './helpers/wechat-client.js'

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml', ...headers }, body })

describe('hostile pushes get a 4xx and change nothing', () => {
  let t: TestServer
  afterEach(() => t?.close())
  const push = (body: string, query = signedQuery(t.clock.now())) => post(withQuery(`${t.url}/wechat/wechat`, query), body)

  it('refuses a signed URL replayed with another body (403), and takes WeChat’s retry of the same body once', async () => {
    t = await startTestServer()
    const q = signedQuery(t.clock.now())
    const original = textMessageXml({ msgId: '501', content: '原本的留言' })
    expect(await (await push(original, q)).text()).toBe('success')
    expect(await (await push(original, q)).text()).toBe('success')
    expect((await push(textMessageXml({ msgId: '502', content: '伪造的留言' }), q)).status).toBe(403)
    expect(t.intake.calls.map((c) => c.text)).toEqual(['原本的留言'])
    expect(refusals(t.logs)).toEqual(['replay'])
  })

  it('refuses a plain push when an AES key is configured (403 insecure)', async () => {
    t = await startTestServer({ env: SAFE_ENV })
    expect((await push(textMessageXml({ msgId: '9', content: '明文' }))).status).toBe(403)
    expect(t.intake.calls).toEqual([])
    expect(refusals(t.logs)).toEqual(['insecure'])
  })

  it('answers 400, not 500, to repeated parameters and XML that is not WeChat’s flat document', async () => {
    t = await startTestServer()
    const q = signedQuery(t.clock.now())
    const repeated = `${t.url}/wechat/wechat?timestamp=${q.timestamp}&nonce=${q.nonce}&signature=${q.signature}&signature=${q.signature}`
    expect((await post(repeated, textMessageXml({ msgId: '1', content: 'x' }))).status).toBe(400)
    expect((await fetch(`${repeated}&echostr=a`)).status).toBe(400)
    const hostile = [
      '<xml><MsgType>text</MsgType><Content>a</Content><Content>b</Content><MsgId>2</MsgId><FromUserName>o</FromUserName></xml>',
      '<xml><MsgType>text</MsgType><Content><b>x</b></Content><MsgId>3</MsgId><FromUserName>o</FromUserName></xml>',
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><MsgType>text</MsgType><Content>&e;</Content><MsgId>4</MsgId><FromUserName>o</FromUserName></xml>',
      `<!DOCTYPE xml [<!ENTITY a "${'x'.repeat(1000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><Content>&b;&b;&b;</Content></xml>`,
      `<xml>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</xml>`,
      '<xml><MsgType>text</MsgType></xml><xml><MsgType>text</MsgType></xml>',
    ]
    for (const body of hostile) expect((await push(body)).status, body.slice(0, 60)).toBe(400)
    expect(t.intake.calls).toEqual([])
    expect(refusals(t.logs)).toEqual(Array(8).fill('malformed'))
  })

  it('never writes signature, msg_signature, nonce, echostr or tokens to the log', async () => {
    t = await startTestServer()
    const q = signedQuery(t.clock.now())
    await fetch(withQuery(`${t.url}/wechat/wechat`, { ...q, echostr: 'echo-secret-123' }))
    await push(textMessageXml({ msgId: '7', content: 'x' }), q)
    await post(withQuery(`${t.url}/wechat/wechat`, { ...signedQuery(t.clock.now(), 'wrong'), msg_signature: 'msgsig-secret' }), 'x')
    const logged = JSON.stringify(t.logs)
    for (const secret of [q.signature, q.nonce, 'echo-secret-123', 'msgsig-secret', ENV.WECHAT_TOKEN]) expect(logged).not.toContain(secret)
    expect(logged).toContain('[redacted]')
  })

  it('checks the push timestamp on real time, not on a simulated clock moved ahead', async () => {
    t = await startTestServer({ realClock: { now: () => Date.now() } })
    t.clock.advance(3 * 24 * 3_600_000)
    expect(await (await push(textMessageXml({ msgId: '8', content: '真实时间' }), signedQuery(Date.now()))).text()).toBe('success')
    expect((await push(textMessageXml({ msgId: '9', content: '模拟时间' }), signedQuery(t.clock.now()))).status).toBe(403)
  })
})

describe('the webhook looks names up as own keys', () => {
  let t: TestServer
  afterEach(() => t?.close())
  const hook = (body: unknown) =>
    fetch(`${t.url}/webhook/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer hook-secret' },
      body: JSON.stringify(body),
    })

  it('refuses toString, __proto__ and constructor as accounts or handlers (400)', async () => {
    t = await startTestServer()
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      expect((await hook({ id: `a-${name}`, account: name, author: 'x', text: '留言' })).status).toBe(400)
      expect((await hook({ id: `h-${name}`, account: 'weibo', author: 'x', text: '留言', handler: name })).status).toBe(400)
    }
    expect(t.intake.calls).toEqual([])
  })

  it('refuses an author or a text that shows nothing: empty, blank, zero-width or bidi characters only (400)', async () => {
    t = await startTestServer()
    const nothing = ['', '   ', '\u200b\u200c\u200d', '\ufeff\u2060', '\u202e\u200f ', '\u3164']
    for (const [i, blank] of nothing.entries()) {
      const byAuthor = await hook({ id: `a${i}`, account: 'weibo', author: blank, text: '留言' })
      expect(byAuthor.status, JSON.stringify(blank)).toBe(400)
      expect(JSON.stringify(await byAuthor.json())).toContain('author')
      expect((await hook({ id: `t${i}`, account: 'weibo', author: '网友', text: blank })).status, JSON.stringify(blank)).toBe(400)
    }
    expect(t.intake.calls).toEqual([])
    expect((await hook({ id: 'ok', account: 'weibo', author: '\u200b网友', text: '留言' })).status).toBe(202)
  })
})

describe('behind a trusted proxy', () => {
  let t: TestServer
  afterEach(() => t?.close())

  it('keys the flood limit on the address the proxy saw, not on X-Forwarded-For entries the client wrote', async () => {
    t = await startTestServer({ env: { ...ENV, SANSHEN_TRUST_PROXY: '1' }, limits: { burst: 2, perSecond: 1 } })
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${t.url}/webhook/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer hook-secret', 'x-forwarded-for': `10.0.0.${i}, 203.0.113.7` },
        body: JSON.stringify({ id: `p${i}`, account: 'weibo', author: 'a', text: 't' }),
      })
      statuses.push(res.status)
    }
    expect(statuses).toEqual([202, 202, 429, 429])
    expect(t.logs.filter((l) => l.reason === 'flood').map((l) => l.ip)).toEqual(['203.0.113.7', '203.0.113.7'])
  })
})

describe('pages', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(() => close?.())

  it('carry CSP with frame-ancestors, nosniff and DENY framing on every HTML page', async () => {
    const t = await startPlaygroundServer()
    close = t.close
    for (const path of ['/', '/dashboard/login']) {
      const res = await fetch(`${t.url}${path}`)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/)
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
    }
  })

  it('refuses the playground to a page loaded under another host name (DNS rebinding)', async () => {
    const t = await startPlaygroundServer()
    close = t.close
    const port = new URL(t.url).port
    // fetch will not send another Host header: a raw request does, as a rebound browser would
    const as = (host: string, path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${t.url}${path}`, { method: body ? 'POST' : 'GET', headers: { host, 'content-type': 'application/json' } }, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        req.on('error', reject)
        req.end(body)
      })
    expect(await as(`evil.example:${port}`, '/')).toBe(421)
    expect(await as(`evil.example:${port}`, '/api/playground/state')).toBe(421)
    expect(await as(`localhost:${port}`, '/api/playground/state')).toBe(200)
    expect(await as(`rebound.example:${port}`, '/api/playground/say', JSON.stringify({ who: 'editor', text: '#帮助' }))).toBe(421)
    expect(t.playground.messages(0)).toEqual([])
  })

  it('ends a dashboard session on logout: the old cookie no longer opens the dashboard', async () => {
    const t = await startTestServer()
    close = t.close
    const login = await fetch(`${t.url}/dashboard/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=dash-secret',
    })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const open = () => fetch(`${t.url}/dashboard`, { redirect: 'manual', headers: { cookie } })
    expect((await open()).status).toBe(200)
    await fetch(`${t.url}/dashboard/logout`, { method: 'POST', redirect: 'manual', headers: { cookie } })
    const after = await open()
    expect(after.status).toBe(303)
    expect(after.headers.get('location')).toBe('/dashboard/login')
  })
})

describe('/healthz', () => {
  let t: TestServer
  afterEach(() => t?.close())

  it('answers 503 within 5 s when the store does not answer', async () => {
    const hanging = new Proxy({} as Store, { get: (_t, name) => (name === 'close' ? async () => {} : () => new Promise(() => {})) })
    t = await startTestServer({ store: hanging })
    const started = Date.now()
    const res = await fetch(`${t.url}/healthz`)
    expect(res.status).toBe(503)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(await res.json()).toEqual({ status: 'store-unreachable' })
  })

  it('writes nothing per request: the data directory is the same after a hundred checks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanshen-health-'))
    const before = statSync(dir).mtimeMs
    t = await startTestServer({ dataDirs: [dir], limits: { burst: 200 } })
    const answers = await Promise.all(Array.from({ length: 100 }, () => fetch(`${t.url}/healthz`).then((r) => r.status)))
    expect(answers).toEqual(Array(100).fill(200))
    expect(readdirSync(dir)).toEqual([])
    expect(statSync(dir).mtimeMs).toBe(before)
  })

  it('is flood-limited per source like the intake endpoints (429)', async () => {
    t = await startTestServer({ limits: { burst: 3, perSecond: 1 } })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${t.url}/healthz`)).status)
    expect(statuses).toEqual([200, 200, 200, 429, 429])
  })

  it('answers 503 when a data directory has less room than the minimum', async () => {
    t = await startTestServer({ dataDirs: [tmpdir()], limits: { minFreeBytes: Number.MAX_SAFE_INTEGER } })
    const res = await fetch(`${t.url}/healthz`)
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ status: 'data-dir-full' })
  })

  it('answers 503 when the data directory cannot be written', async () => {
    t = await startTestServer({ dataDirs: ['/proc/sanshen-not-writable'] })
    const res = await fetch(`${t.url}/healthz`)
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ status: 'data-dir-not-writable' })
  })
})

describe('a push acknowledged while the store is away', () => {
  let t: TestServer
  afterEach(() => t?.close())

  it('is spooled before success and taken in exactly once when the store is back, across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanshen-spool-'))
    let storeUp = false
    const stored: string[] = []
    const intake = async (m: { externalId?: string }): Promise<IntakeResult> => {
      if (!storeUp) throw new Error('connect ECONNREFUSED 127.0.0.1:6379')
      if (!stored.includes(m.externalId!)) stored.push(m.externalId!)
      return { id: 'C1', duplicate: false, sensitive: false, dueAt: 0 }
    }
    t = await startTestServer({ intake, spool: createIntakeSpool(dir) })
    const res = await post(
      withQuery(`${t.url}/wechat/wechat`, signedQuery(t.clock.now())),
      textMessageXml({ msgId: '4242', content: '存储断开时的留言' }),
    )
    expect(await res.text()).toBe('success')
    expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(1)
    // the process restarts; the store comes back; the new process drains the spool
    const restarted = createIntakeSpool(dir)
    expect(restarted.pending().map((p) => p.text)).toEqual(['存储断开时的留言'])
    storeUp = true
    expect(await restarted.drain(intake, () => {})).toBe(1)
    expect(await restarted.drain(intake, () => {})).toBe(0)
    expect(stored).toEqual(['wechat:4242'])
    expect(readdirSync(dir)).toEqual([])
  })
})
