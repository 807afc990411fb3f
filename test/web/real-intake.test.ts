import { collections } from '../../src/bot/collections.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { SAFE_ENV, refusals, startTestServer } from './helpers/web-server.js'
import { startPlaygroundServer, type PlaygroundServer } from './helpers/playground-server.js'
import { safeModeRequest, signedQuery, textMessageXml, withQuery } from './helpers/wechat-client.js'

describe('intake endpoints on the real bot', () => {
  let t: PlaygroundServer
  beforeEach(async () => {
    t = await startPlaygroundServer()
  })
  afterEach(() => t.close())

  const comments = () => collections.publicMessages.list(t.store)

  it('a WeChat push becomes one public message with a deadline, even when WeChat retries it', async () => {
    const xml = textMessageXml({ msgId: '31415926535897932384', content: '请问志愿者服务月怎么报名？', from: 'oPublicUser' })
    for (let i = 0; i < 2; i++) {
      const res = await fetch(withQuery(`${t.url}/wechat/wechat`, signedQuery(t.clock.now())), {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: xml,
      })
      expect(await res.text()).toBe('success')
    }
    const [c, ...more] = await comments()
    expect(more).toEqual([])
    expect(c).toMatchObject({
      account: 'wechat',
      author: 'oPublicUser',
      text: '请问志愿者服务月怎么报名？',
      source: 'wechat',
      externalId: 'wechat:31415926535897932384',
      status: 'open',
    })
    expect(c!.deadline.dueAt).toBeGreaterThan(t.clock.now())
  })

  it('a safe-mode push is decrypted and taken in', async () => {
    await t.close()
    t = await startPlaygroundServer(undefined, SAFE_ENV)
    const { query, body } = safeModeRequest(t.clock.now(), textMessageXml({ msgId: '2718', content: '加密模式的留言' }))
    await fetch(withQuery(`${t.url}/wechat/wechat`, query), { method: 'POST', headers: { 'content-type': 'text/xml' }, body })
    expect((await comments()).map((c) => c.text)).toEqual(['加密模式的留言'])
  })

  it('a sensitive webhook comment is reported, and the same id posted again is the same comment', async () => {
    const post = () =>
      fetch(`${t.url}/webhook/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer hook-secret' },
        body: JSON.stringify({ id: 'wb-1', source: 'weibo', account: 'weibo', author: '@网友', text: '链接要交押金，是骗局吗？', sensitive: true }),
      }).then(async (r) => ({ status: r.status, json: await r.json() }))
    const first = await post()
    const again = await post()
    expect(first).toMatchObject({ status: 202, json: { duplicate: false, sensitive: true } })
    expect(again).toMatchObject({ status: 202, json: { id: first.json.id, duplicate: true } })
    expect(first.json.dueAt - t.clock.now()).toBe(3_600_000)
    expect(await comments()).toHaveLength(1)
    expect(t.playground.messages().some((m) => m.kind === 'bot' && m.text.includes(first.json.id))).toBe(true)
  })
})

describe('what the real intake refuses, and which WeChat deliveries are one message', () => {
  let t: PlaygroundServer
  beforeEach(async () => {
    // a second Official Account pushing to the same bot: MsgIds are only unique per account
    const config = loadConfig('config/sanshen.yaml')
    config.accounts.wechat2 = { ...config.accounts.wechat!, name: '第二公众号', aliases: [] }
    t = await startPlaygroundServer(config)
  })
  afterEach(() => t.close())

  const comments = () => collections.publicMessages.list(t.store)
  const push = (url: string, account: string, xml: string) =>
    fetch(withQuery(`${url}/wechat/${account}`, signedQuery(t.clock.now())), { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml })
  const errors = () => t.logs.filter((l) => Number(l.level) >= 50)

  it('a webhook comment with a blank text is refused with 400 invalid: counted, logged, nothing stored', async () => {
    const res = await fetch(`${t.url}/webhook/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer hook-secret' },
      body: JSON.stringify({ id: 'wb-blank', source: 'weibo', account: 'weibo', author: '@网友', text: '   ' }),
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: 'invalid', detail: expect.stringContaining('empty') })
    expect(refusals(t.logs)).toEqual(['invalid'])
    expect(errors()).toEqual([])
    expect(await (await fetch(`${t.url}/metrics`)).text()).toMatch(/sanshen_http_refused_total\{route="\/webhook\/comments",reason="invalid"\} 1/)
    expect(await comments()).toEqual([])
  })

  it('a WeChat push with a blank Content is answered success (nothing to retry), logged, and not stored', async () => {
    const res = await push(t.url, 'wechat', textMessageXml({ msgId: '404', content: '   ' }))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('success')
    expect(t.logs.some((l) => l.msg === 'wechat message not taken in' && l.msgId === '404')).toBe(true)
    expect(errors()).toEqual([])
    expect(await comments()).toEqual([])
  })

  it('keeps two accounts’ equal MsgIds apart, and recognises a retry after a restart of the server', async () => {
    const xml = (content: string) => textMessageXml({ msgId: '6001', content })
    expect(await (await push(t.url, 'wechat', xml('第一个号的留言'))).text()).toBe('success')
    expect(await (await push(t.url, 'wechat2', xml('第二个号的留言'))).text()).toBe('success')
    // a new server on the same store and bot: nothing of the first one's memory is left
    const restarted = await startTestServer({ config: t.config, store: t.store, clock: t.clock, intake: (m) => t.playground.group.bot().intake(m) })
    try {
      expect(await (await push(restarted.url, 'wechat', xml('第一个号的留言'))).text()).toBe('success')
      expect(await (await push(restarted.url, 'wechat2', xml('第二个号的留言'))).text()).toBe('success')
    } finally {
      await restarted.close()
    }
    const stored = await comments()
    expect(stored.map((c) => [c.account, c.text]).sort()).toEqual([
      ['wechat', '第一个号的留言'],
      ['wechat2', '第二个号的留言'],
    ])
  })
})
