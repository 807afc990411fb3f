import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { IntakeResult } from '../../src/public-messages/intake.js'
import { ENV, SAFE_ENV, refusals, startTestServer, type TestServer } from './helpers/web-server.js'
import { TOKEN, encrypt, safeModeRequest, sha1Sorted, signedQuery, textMessageXml, withQuery } from './helpers/wechat-client.js'

const post = (url: string, body: string, type = 'text/xml') => fetch(url, { method: 'POST', headers: { 'content-type': type }, body })

describe('WeChat Official Account push', () => {
  let t: TestServer
  let base: string
  beforeEach(async () => {
    t = await startTestServer()
    base = `${t.url}/wechat/wechat`
  })
  afterEach(() => t.close())

  it('answers the URL check with echostr when the signature is right', async () => {
    const res = await fetch(withQuery(base, { ...signedQuery(t.clock.now()), echostr: '8237491' }))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('8237491')
  })

  it('refuses a URL check with a wrong signature (401) or a stale timestamp (403), logging each', async () => {
    const wrong = await fetch(withQuery(base, { ...signedQuery(t.clock.now(), 'not-the-token'), echostr: 'x' }))
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).not.toContain('x"')
    const stale = signedQuery(t.clock.now() - 6 * 60_000)
    expect((await fetch(withQuery(base, { ...stale, echostr: 'x' }))).status).toBe(403)
    const missing = await fetch(withQuery(base, { echostr: 'x' }))
    expect(missing.status).toBe(401)
    expect(refusals(t.logs)).toEqual(['bad-signature', 'stale', 'bad-signature'])
  })

  it('accepts a timestamp within five minutes either side of the clock', async () => {
    expect((await fetch(withQuery(base, { ...signedQuery(t.clock.now() + 4 * 60_000), echostr: 'a' }))).status).toBe(200)
    expect((await fetch(withQuery(base, { ...signedQuery(t.clock.now() - 4 * 60_000), echostr: 'b' }))).status).toBe(200)
  })

  it('takes in a plain-mode text message, answers success, and hands it to the intake', async () => {
    const res = await post(
      withQuery(base, signedQuery(t.clock.now())),
      textMessageXml({ msgId: '23456789012345678901', content: '活动链接打不开', from: 'oPublic1' }),
    )
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('success')
    expect(t.intake.calls).toEqual([
      { account: 'wechat', author: 'oPublic1', text: '活动链接打不开', externalId: 'wechat:23456789012345678901', source: 'wechat' },
    ])
  })

  it('keeps a 20-digit MsgId exact (no number parsing)', async () => {
    await post(withQuery(base, signedQuery(t.clock.now())), textMessageXml({ msgId: '98765432109876543210', content: '你好' }))
    expect(t.intake.calls[0]!.externalId).toBe('wechat:98765432109876543210')
  })

  const safeMode = async () => {
    await t.close()
    t = await startTestServer({ env: SAFE_ENV })
    base = `${t.url}/wechat/wechat`
  }

  it('takes in a safe-mode (AES) message with a right msg_signature', async () => {
    await safeMode()
    const { query, body } = safeModeRequest(t.clock.now(), textMessageXml({ msgId: '1001', content: '加密的留言：押金是怎么回事？' }))
    const res = await post(withQuery(base, query), body)
    expect(await res.text()).toBe('success')
    expect(t.intake.calls.map((c) => c.text)).toEqual(['加密的留言：押金是怎么回事？'])
  })

  it('refuses safe mode with a wrong msg_signature, another AppID, or a body that is not ours', async () => {
    await safeMode()
    const { query, body } = safeModeRequest(t.clock.now(), textMessageXml({ msgId: '1002', content: 'x' }))
    expect((await post(withQuery(base, { ...query, msg_signature: sha1Sorted('a', 'b') }), body)).status).toBe(401)
    const other = safeModeRequest(t.clock.now(), textMessageXml({ msgId: '1003', content: 'x' }), { appId: 'wxOTHERAPP' })
    expect((await post(withQuery(base, other.query), other.body)).status).toBe(401)
    const garbage = 'bm90IGFlcyBhdCBhbGw='
    const q = signedQuery(t.clock.now())
    const gq = { ...q, encrypt_type: 'aes', msg_signature: sha1Sorted(TOKEN, q.timestamp, q.nonce, garbage) }
    expect((await post(withQuery(base, gq), `<xml><Encrypt>${garbage}</Encrypt></xml>`)).status).toBe(401)
    const noEncrypt = { ...signedQuery(t.clock.now()), encrypt_type: 'aes', msg_signature: 'x' }
    expect((await post(withQuery(base, noEncrypt), '<xml><ToUserName>a</ToUserName></xml>')).status).toBe(400)
    expect(t.intake.calls).toEqual([])
    expect(refusals(t.logs)).toEqual(['bad-signature', 'bad-signature', 'bad-signature', 'malformed'])
  })

  it('refuses a decrypted text that is not XML', async () => {
    await safeMode()
    const encrypted = encrypt('this is not xml')
    const q = signedQuery(t.clock.now())
    const query = { ...q, encrypt_type: 'aes', msg_signature: sha1Sorted(TOKEN, q.timestamp, q.nonce, encrypted) }
    expect((await post(withQuery(base, query), `<xml><Encrypt>${encrypted}</Encrypt></xml>`)).status).toBe(400)
    expect(t.intake.calls).toEqual([])
  })

  it('hands a message retried with the same MsgId to the intake once', async () => {
    const xml = textMessageXml({ msgId: '555', content: '重复推送' })
    const answers = await Promise.all([1, 2, 3].map(() => post(withQuery(base, signedQuery(t.clock.now())), xml).then((r) => r.text())))
    expect(answers).toEqual(['success', 'success', 'success'])
    expect(t.intake.calls).toHaveLength(1)
  })

  it('refuses POSTs with a wrong signature, a stale timestamp or malformed XML, and takes in nothing', async () => {
    const xml = textMessageXml({ msgId: '1', content: 'x' })
    expect((await post(withQuery(base, signedQuery(t.clock.now(), 'wrong')), xml)).status).toBe(401)
    expect((await post(withQuery(base, signedQuery(t.clock.now() - 10 * 60_000)), xml)).status).toBe(403)
    expect((await post(withQuery(base, signedQuery(t.clock.now())), '<xml><Content>unclosed</xml>')).status).toBe(400)
    expect((await post(withQuery(base, signedQuery(t.clock.now())), '')).status).toBe(400)
    expect((await post(withQuery(base, signedQuery(t.clock.now())), '<other>no xml root</other>')).status).toBe(400)
    expect(t.intake.calls).toEqual([])
    expect(refusals(t.logs)).toEqual(['bad-signature', 'stale', 'malformed', 'malformed', 'malformed'])
  })

  it('acknowledges events and non-text messages without taking them in', async () => {
    const event =
      '<xml><ToUserName>gh</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>'
    const res = await post(withQuery(base, signedQuery(t.clock.now())), event)
    expect(await res.text()).toBe('success')
    expect(t.intake.calls).toEqual([])
  })

  it('answers 404 for an account that is not a WeChat account of the config', async () => {
    expect((await fetch(withQuery(`${t.url}/wechat/weibo`, { ...signedQuery(t.clock.now()), echostr: 'x' }))).status).toBe(404)
    expect((await fetch(withQuery(`${t.url}/wechat/nope`, { ...signedQuery(t.clock.now()), echostr: 'x' }))).status).toBe(404)
  })

  it('uses a per-account token when one is set (WECHAT_<ACCOUNT>_TOKEN)', async () => {
    await t.close()
    t = await startTestServer({ env: { ...ENV, WECHAT_WECHAT_TOKEN: 'own-token' } })
    base = `${t.url}/wechat/wechat`
    expect((await fetch(withQuery(base, { ...signedQuery(t.clock.now(), 'own-token'), echostr: 'ok' }))).status).toBe(200)
    expect((await fetch(withQuery(base, { ...signedQuery(t.clock.now()), echostr: 'ok' }))).status).toBe(401)
  })

  it('answers 503 when no token is configured', async () => {
    await t.close()
    t = await startTestServer({ env: {} })
    expect((await fetch(withQuery(`${t.url}/wechat/wechat`, { ...signedQuery(t.clock.now()), echostr: 'x' }))).status).toBe(503)
  })
})

describe('WeChat push timing', () => {
  let t: TestServer | undefined
  afterEach(() => t?.close())

  it('does not acknowledge a push that is neither stored nor spooled in time, so WeChat retries; the retry joins the work', async () => {
    let finish!: (r: IntakeResult) => void
    let taken = 0
    const slow = () => (taken++, new Promise<IntakeResult>((resolve) => (finish = resolve)))
    t = await startTestServer({ intake: slow, limits: { ackWithinMs: 30 } })
    const res = await post(withQuery(`${t.url}/wechat/wechat`, signedQuery(t.clock.now())), textMessageXml({ msgId: '9', content: '慢' }))
    expect(res.status).toBe(503)
    // WeChat's retry of the same MsgId joins the work in progress
    await post(withQuery(`${t.url}/wechat/wechat`, signedQuery(t.clock.now())), textMessageXml({ msgId: '9', content: '慢' }))
    expect(taken).toBe(1)
    finish({ id: 'C1', duplicate: false, sensitive: false, dueAt: 0 })
  })

  it('answers 503 when the intake fails, so WeChat retries, and the retry is taken in', async () => {
    let calls = 0
    const flaky = async (): Promise<IntakeResult> => {
      if (++calls === 1) throw new Error('store down')
      return { id: 'C1', duplicate: false, sensitive: false, dueAt: 0 }
    }
    t = await startTestServer({ intake: flaky })
    const url = withQuery(`${t.url}/wechat/wechat`, signedQuery(t.clock.now()))
    const xml = textMessageXml({ msgId: '77', content: '重试' })
    expect((await post(url, xml)).status).toBe(503)
    expect(await (await post(url, xml)).text()).toBe('success')
    expect(calls).toBe(2)
  })
})
