import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { refusals, startTestServer, type TestServer } from './helpers/web-server.js'

const comment = {
  id: 'wb-4821',
  source: 'weibo',
  account: 'weibo',
  author: '@网友小林',
  text: '报名链接要交押金？',
  link: 'https://weibo.com/1/abc',
  sensitive: true,
}

describe('POST /webhook/comments', () => {
  let t: TestServer
  let send: (body: unknown, o?: { token?: string | null; raw?: string }) => Promise<Response>
  beforeEach(async () => {
    t = await startTestServer()
    send = (body, o = {}) =>
      fetch(`${t.url}/webhook/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(o.token === null ? {} : { authorization: `Bearer ${o.token ?? 'hook-secret'}` }) },
        body: o.raw ?? JSON.stringify(body),
      })
  })
  afterEach(() => t.close())

  it('takes a comment in and answers 202 with the comment id', async () => {
    const res = await send(comment)
    expect(res.status).toBe(202)
    expect(await res.json()).toMatchObject({ id: 'C1', duplicate: false, sensitive: true })
    expect(t.intake.calls).toEqual([
      {
        account: 'weibo',
        author: '@网友小林',
        text: '报名链接要交押金？',
        link: 'https://weibo.com/1/abc',
        sensitive: true,
        source: 'webhook',
        externalId: 'weibo:wb-4821',
      },
    ])
  })

  it('is idempotent by the sender’s id: the same post twice gives the same comment id', async () => {
    const first = await (await send(comment)).json()
    const again = await send(comment)
    expect(again.status).toBe(202)
    expect(await again.json()).toMatchObject({ id: first.id, duplicate: true })
  })

  it('keeps two senders’ equal ids apart', async () => {
    await send(comment)
    const other = await (await send({ ...comment, source: 'monitor' })).json()
    expect(other.duplicate).toBe(false)
  })

  it('refuses a missing or wrong bearer token with 401 and takes in nothing', async () => {
    expect((await send(comment, { token: null })).status).toBe(401)
    expect((await send(comment, { token: 'hook-secre' })).status).toBe(401)
    expect((await send(comment, { token: 'hook-secret-and-more' })).status).toBe(401)
    expect(t.intake.calls).toEqual([])
    expect(refusals(t.logs)).toEqual(['bad-token', 'bad-token', 'bad-token'])
  })

  it('refuses malformed JSON with 400', async () => {
    const res = await send(undefined, { raw: '{"id": "x", ' })
    expect(res.status).toBe(400)
    expect(t.intake.calls).toEqual([])
    expect(refusals(t.logs)).toEqual(['malformed'])
  })

  it('refuses a body that breaks the schema with 400 naming the field', async () => {
    const cases = [
      { ...comment, text: '' },
      { ...comment, id: undefined },
      { ...comment, link: 'not a url' },
      { ...comment, sensitive: 'yes' },
      { ...comment, account: 'tiktok' },
      { ...comment, handler: 'nobody' },
      [comment],
    ]
    for (const body of cases) expect((await send(body)).status).toBe(400)
    const detail = (await (await send({ ...comment, text: '' })).json()).detail
    expect(detail).toContain('text')
    expect(t.intake.calls).toEqual([])
  })

  it('answers 503 when no webhook token is configured', async () => {
    await t.close()
    t = await startTestServer({ env: {} })
    expect((await send(comment)).status).toBe(503)
  })
})
