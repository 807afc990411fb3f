import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PublicMessage } from '../../src/comments/types.js'
import { startPlaygroundServer, type PlaygroundServer } from './helpers/playground-server.js'
import { safeModeRequest, signedQuery, textMessageXml, withQuery } from './helpers/wechat-client.js'

describe('intake endpoints on the real bot', () => {
  let t: PlaygroundServer
  beforeEach(async () => {
    t = await startPlaygroundServer()
  })
  afterEach(() => t.close())

  const comments = () => t.store.list<PublicMessage>('comments')

  it('a WeChat push becomes one public message with a deadline, even when WeChat retries it', async () => {
    const xml = textMessageXml({ msgId: '31415926535897932384', content: '请问志愿者服务月怎么报名？', from: 'oPublicUser' })
    for (let i = 0; i < 2; i++) {
      const res = await fetch(withQuery(`${t.url}/wechat/wechat`, signedQuery(t.clock.now())), { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml })
      expect(await res.text()).toBe('success')
    }
    const [c, ...more] = await comments()
    expect(more).toEqual([])
    expect(c).toMatchObject({ account: 'wechat', author: 'oPublicUser', text: '请问志愿者服务月怎么报名？', source: 'wechat', externalId: '31415926535897932384', status: 'open' })
    expect(c!.deadline.dueAt).toBeGreaterThan(t.clock.now())
  })

  it('a safe-mode push is decrypted and taken in', async () => {
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
