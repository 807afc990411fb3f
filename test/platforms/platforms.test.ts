import { pino } from 'pino'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { simulatedGroup, type SimulatedGroup } from '../../src/playground/simulated-group.js'
import { ManualClock } from '../../src/clock.js'
import type { PublicMessage } from '../../src/public-messages/types.js'
import { loadConfig } from '../../src/config/load.js'
import { configSchema, type Config } from '../../src/config/schema.js'
import { POLLS, type PollState } from '../../src/bot/platform-sync/poll-state.js'
import { createFileStore } from '../../src/store/create-store.js'
import { createRedisStore } from '../../src/store/redis-store.js'
import type { Store } from '../../src/store/store.js'
import { overviewPage } from '../../src/web/dashboard/overview-page.js'
import { createWebServer, type WebServer } from '../../src/web/create-web-server.js'
import { startFakeWechatApi, type FakeWechatApi } from '../helpers/fake-wechat-api.js'
import { startFakeWeiboApi, type FakeWeiboApi } from '../helpers/fake-weibo-api.js'
import { withRedisPrefix } from '../helpers/redis.js'
import { AES_KEY, safeModeRequest, signedQuery, withQuery } from '../web/helpers/wechat-client.js'

const START = Date.UTC(2026, 10, 23, 2, 0) // Monday 10:00 in Shanghai
const TITLE = '团省委召开青年工作会议'
const BODY = '11月23日，团省委召开全省青年工作会议，部署下一阶段工作。'
const WEIBO_BODY = '青年志愿者服务月今天启动，欢迎报名参加！'
const PUSH_TOKEN = 'pushToken'
const PUSH_APPID = 'wxpush00000000001'

function configWith(draftBox: boolean): Config {
  const config = loadConfig('config/sanshen.yaml')
  config.accounts.wechat!.sync = { ...config.accounts.wechat!.sync, draftBox }
  return config
}

function publishEventXml(articleId: string, status = 0): string {
  return `<xml><ToUserName><![CDATA[gh_sanshen]]></ToUserName><FromUserName><![CDATA[oAdmin]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[PUBLISHJOBFINISH]]></Event><PublishEventInfo><publish_id>2247503051</publish_id><publish_status>${status}</publish_status><article_id><![CDATA[${articleId}]]></article_id><article_detail><count>1</count><item><idx>1</idx><article_url><![CDATA[https://mp.weixin.qq.com/s/x]]></article_url></item></article_detail></PublishEventInfo></xml>`
}

describe('the platforms, end to end through the real bot', () => {
  let wx: FakeWechatApi | undefined
  let wb: FakeWeiboApi | undefined
  const groups: SimulatedGroup[] = []
  const stores: Store[] = []
  let web: WebServer | undefined
  const cleanups: (() => Promise<void>)[] = []

  afterEach(async () => {
    await web?.close()
    web = undefined
    for (const g of groups.splice(0)) await g.stop()
    for (const s of stores.splice(0)) await s.close()
    for (const c of cleanups.splice(0)) await c()
    await wx?.close()
    await wb?.close()
    wx = wb = undefined
  })

  async function start(o: { draftBox?: boolean; store?: Store; clock?: ManualClock } = {}): Promise<SimulatedGroup> {
    wx ??= await startFakeWechatApi()
    wb ??= await startFakeWeiboApi()
    const env = {
      WECHAT_WECHAT_APPID: wx.appId,
      WECHAT_WECHAT_SECRET: wx.secret,
      WECHAT_API_BASE: wx.url,
      WEIBO_ACCESS_TOKEN: wb.accessToken,
      WEIBO_API_BASE: wb.url,
    }
    const store = o.store ?? (await createFileStore(null))
    if (!o.store) stores.push(store)
    const g = await simulatedGroup(configWith(o.draftBox ?? false), { store, env, platformPolling: false, ...(o.clock ? { clock: o.clock } : {}) })
    groups.push(g)
    return g
  }

  async function approveWechat(g: SimulatedGroup, title = TITLE, body = BODY): Promise<void> {
    await g.say('editor1', `#投稿 微信 ${title}\n${body}`)
    await g.say('deputy', '#通过 D1')
    await g.say('director', '#通过 D1')
  }

  const groupTexts = (g: SimulatedGroup) => g.sent.filter((s) => !s.to).map((s) => s.text)
  const privateTo = (g: SimulatedGroup, person: string) => g.sent.filter((s) => s.to === `wxid_${person}`).map((s) => s.text)

  /** the web server on the bot; `safeMode`: the account has an AES key (plain pushes are then refused) */
  async function serve(g: SimulatedGroup, safeMode = false): Promise<string> {
    web = createWebServer({
      config: configWith(true),
      store: g.store(),
      clock: g.clock,
      realClock: g.clock,
      logger: pino({ level: 'silent' }),
      env: { WECHAT_TOKEN: PUSH_TOKEN, WECHAT_APPID: PUSH_APPID, ...(safeMode ? { WECHAT_AES_KEY: AES_KEY } : {}) },
      intake: (m) => g.bot().intake(m),
      published: (a, id) => g.bot().published(a, id),
    })
    return web.listen({ host: '127.0.0.1', port: 0 })
  }

  it('approved == published: the approved version goes into the draft box, is published unchanged, and the group hears it matches', async () => {
    const g = await start({ draftBox: true })
    await approveWechat(g)
    await g.bot().sweep()
    expect([...wx!.drafts.values()]).toEqual([{ title: TITLE, content: `<p>${BODY}</p>` }])
    expect(groupTexts(g).some((t) => t.includes('D1 第1版已放入公众号草稿箱'))).toBe(true)
    expect((await g.store().audit('D1')).map((a) => a.action)).toContain('draft-box-added')

    const url = await serve(g)
    const articleId = wx!.publish({ mediaId: [...wx!.drafts.keys()][0]! }, START / 1000)
    const res = await fetch(withQuery(`${url}/wechat/wechat`, signedQuery(g.clock.now(), PUSH_TOKEN)), {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: publishEventXml(articleId),
    })
    expect(await res.text()).toBe('success')
    await vi.waitFor(() => expect(groupTexts(g).some((t) => t.startsWith('已发布，与 D1 第1版一致'))).toBe(true))
    expect(wx!.calls.map((c) => c.path)).toContain('/cgi-bin/freepublish/getarticle')
    expect((await g.store().audit('D1')).map((a) => a.action)).toContain('published-match')
    // the poll sees the same article and says nothing more
    await g.bot().pollPlatforms()
    expect(groupTexts(g).filter((t) => t.startsWith('已发布'))).toHaveLength(1)
  })

  it('draft box without a cover: a default cover is uploaded once per account and reused; a deleted one is uploaded again; a wrong configured one is named, never 「错误码 40007」', async () => {
    const g = await start({ draftBox: true })
    await approveWechat(g)
    await approveWechat(g, '第二篇', '第二篇的正文。')
    await g.say('deputy', '#通过 D2')
    await g.say('director', '#通过 D2')
    await g.bot().sweep()
    expect(wx!.images.size).toBe(1)
    expect(wx!.drafts.size).toBe(2)
    expect(wx!.calls.filter((c) => c.path === '/cgi-bin/material/add_material')).toHaveLength(1)
    expect(groupTexts(g).filter((t) => t.includes('已放入公众号草稿箱'))).toHaveLength(2)

    wx!.images.clear()
    await approveWechat(g, '第三篇', '第三篇的正文。')
    await g.say('deputy', '#通过 D3')
    await g.say('director', '#通过 D3')
    await g.bot().sweep()
    expect(wx!.images.size).toBe(1)
    expect(groupTexts(g).some((t) => t.includes('D3 第1版已放入公众号草稿箱'))).toBe(true)

    const config = configWith(true)
    config.accounts.wechat!.sync = { ...config.accounts.wechat!.sync, thumbMediaId: 'NO_SUCH_IMAGE' }
    const h = await simulatedGroup(config, {
      store: await createFileStore(null),
      env: { WECHAT_WECHAT_APPID: wx!.appId, WECHAT_WECHAT_SECRET: wx!.secret, WECHAT_API_BASE: wx!.url },
      platformPolling: false,
    })
    groups.push(h)
    await approveWechat(h)
    await h.bot().sweep()
    const failed = groupTexts(h).find((t) => t.includes('未能放入公众号草稿箱'))
    expect(failed).toContain('thumbMediaId')
    expect(failed).not.toContain('40007')
  })

  it('published after a change: the edit in the draft box is noticed, and the supervisors hear of the difference (AES push)', async () => {
    const g = await start({ draftBox: true })
    await approveWechat(g)
    await g.bot().sweep()
    const mediaId = [...wx!.drafts.keys()][0]!
    wx!.drafts.set(mediaId, { title: TITLE, content: `<p>${BODY.replace('部署下一阶段工作', '部署明年工作')}</p>` })
    await g.bot().pollPlatforms()
    const changed = groupTexts(g).find((t) => t.includes('草稿箱中的 D1 第1版已被改动'))
    expect(changed).toContain('审定：')
    expect(changed).toContain('明年')
    await g.bot().pollPlatforms()
    expect(groupTexts(g).filter((t) => t.includes('已被改动'))).toHaveLength(1)

    const url = await serve(g, true)
    const articleId = wx!.publish({ mediaId }, START / 1000)
    const { query, body } = safeModeRequest(g.clock.now(), publishEventXml(articleId), { token: PUSH_TOKEN, appId: PUSH_APPID })
    expect(
      await (await fetch(withQuery(`${url}/wechat/wechat`, query), { method: 'POST', body, headers: { 'content-type': 'text/xml' } })).text(),
    ).toBe('success')
    await vi.waitFor(() => expect(privateTo(g, 'director').some((t) => t.startsWith('发布内容与审定版本不一致'))).toBe(true))
    expect(groupTexts(g).some((t) => t.startsWith('已发布'))).toBe(false)
    expect((await g.store().audit('D1')).find((a) => a.action === 'published-changed')?.detail?.diff).toContain('明年')
  })

  it('published without approval, and a token that expires mid-run is refreshed once and the call repeated', async () => {
    const g = await start()
    await g.bot().pollPlatforms()
    expect(wx!.tokensIssued).toBe(1)
    wx!.publish({ title: '一篇没有送审的文章', content: '<p>这是<strong>没有</strong>经过审核的内容。</p>' }, g.clock.now() / 1000)
    wx!.expireToken()
    const outcomes = await g.bot().pollPlatforms()
    expect(outcomes.filter((o) => o.error)).toEqual([])
    expect(wx!.tokensIssued).toBe(2)
    expect(privateTo(g, 'propaganda').some((t) => t.startsWith('未经审核发布') && t.includes('一篇没有送审的文章'))).toBe(true)
    const entries = await g.store().auditBetween(0, Number.MAX_SAFE_INTEGER)
    expect(entries.map((e) => e.action)).toContain('published-unapproved')
  })

  it('comments arrive by themselves, keep their own time, and are taken once across a restart; a pause without a failure says nothing', async () => {
    const g = await start()
    const articleId = wx!.publish({ title: TITLE, content: BODY }, START / 1000 - 600)
    wx!.addComment(articleId, 0, { openid: 'oReader1', create_time: START / 1000 - 300, content: '请问怎么报名志愿者？' })
    await g.bot().pollPlatforms()
    await g.bot().pollPlatforms()
    let comments = await g.store().list<PublicMessage>('comments')
    expect(comments).toHaveLength(1)
    expect(comments[0]).toMatchObject({ source: 'wechat-comment', author: 'oReader1', receivedAt: START - 300_000, account: 'wechat' })

    await g.restart()
    await g.advance(3 * 60 * 60_000)
    wx!.addComment(articleId, 0, { openid: 'oReader2', create_time: START / 1000 + 3600, content: '活动几点开始？' })
    wb!.add('comments', '微博评论：什么时候报名？', START + 1_800_000)
    wb!.add('mentions', '@广东共青团 请回复一下', START + 1_900_000)
    await g.bot().pollPlatforms()
    comments = await g.store().list<PublicMessage>('comments')
    expect(comments.map((c) => c.text).sort()).toEqual(
      ['@广东共青团 请回复一下', '微博评论：什么时候报名？', '活动几点开始？', '请问怎么报名志愿者？'].sort(),
    )
    expect(comments.find((c) => c.text === '活动几点开始？')!.receivedAt).toBe(START + 3_600_000)
    // comment/list was asked with the numeric msg_data_id of the article URL (the fake answers 88001 to anything else)
    expect(wx!.calls.filter((c) => c.path === '/cgi-bin/comment/list')).not.toHaveLength(0)
    expect(g.sent.some((s) => s.text.includes('已恢复'))).toBe(false)
  })

  it('a stream that fails persistently (88001, an expired Weibo token 21327) is told to the supervisors once with what to do, and again when it recovers', async () => {
    const g = await start()
    const articleId = wx!.publish({ title: TITLE, content: BODY }, START / 1000 - 600)
    wx!.addComment(articleId, 0, { openid: 'oReader1', create_time: START / 1000 - 300, content: '请问怎么报名志愿者？' })
    wx!.failNext('/cgi-bin/comment/list', 88001, 3)
    wb!.rateLimitNext('comments/to_me.json', 21327, 3)
    for (let i = 0; i < 3; i++) {
      await g.bot().pollPlatforms()
      await g.advance(60 * 60_000)
    }
    const told = privateTo(g, 'director')
    const wechat = told.filter((t) => t.includes('留言拉取已停止') && t.includes('88001'))
    expect(wechat).toHaveLength(1)
    expect(wechat[0]).toContain('WECHAT_WECHAT_APPID')
    // an expired token stops every Weibo stream: told once for the account, not once per stream
    const weibo = told.filter((t) => t.includes('21327'))
    expect(weibo).toHaveLength(1)
    expect(weibo[0]).toContain('平台接口已停止')
    expect(weibo[0]).toContain('WEIBO_WEIBO_ACCESS_TOKEN')
    expect(told.some((t) => t.includes('已恢复'))).toBe(false)

    await g.advance(2 * 60 * 60_000)
    await g.bot().pollPlatforms()
    await g.bot().pollPlatforms()
    const recovered = privateTo(g, 'director').filter((t) => t.includes('已恢复'))
    expect(recovered).toHaveLength(2)
    expect(recovered.filter((t) => t.includes('平台接口已恢复'))).toHaveLength(1)
    expect(recovered.filter((t) => t.includes('补收 1 条'))).toHaveLength(1)
    expect((await g.store().list<PublicMessage>('comments')).map((c) => c.text)).toEqual(['请问怎么报名志愿者？'])
    // a clock jump after recovery is not a recovery
    await g.advance(5 * 60 * 60_000)
    await g.bot().pollPlatforms()
    expect(privateTo(g, 'director').filter((t) => t.includes('已恢复'))).toHaveLength(2)
  })

  it('a WeChat account refused by its IP whitelist (40164) is told once for the account, with the setting to change, and once when it works again', async () => {
    const g = await start()
    wx!.failNext('/cgi-bin/token', 40164, 4)
    await g.bot().pollPlatforms()
    await g.advance(60 * 60_000)
    await g.bot().pollPlatforms()
    const told = privateTo(g, 'director').filter((t) => t.includes('40164'))
    expect(told).toHaveLength(1)
    expect(told[0]).toContain('平台接口已停止')
    expect(told[0]).toContain('IP 白名单')
    await g.advance(3 * 60 * 60_000)
    await g.bot().pollPlatforms()
    expect(privateTo(g, 'director').filter((t) => t.includes('平台接口已恢复'))).toHaveLength(1)
    expect(privateTo(g, 'director').filter((t) => t.includes('已恢复'))).toHaveLength(1)
  })

  it('a network failure is told only when it lasts, then once', async () => {
    const g = await start()
    wx!.failNext('/cgi-bin/freepublish/batchget', 'html', 12)
    for (let i = 0; i < 8; i++) {
      await g.bot().pollPlatforms()
      await g.advance(2 * 60 * 60_000)
    }
    const told = privateTo(g, 'director').filter((t) => t.includes('已停止'))
    expect(told.filter((t) => t.includes('发布核对'))).toHaveLength(1)
    expect(told[0]).toContain('连续 5 次')
  })

  it('Weibo rate limits slow the poller down, show in the poll state, and lose no comment; the timeline is checked against approved posts', async () => {
    const g = await start()
    await g.say('editor2', `#投稿 微博 志愿服务月\n${WEIBO_BODY}`)
    await g.say('opinion1', '#通过 D1')
    await g.say('deputy', '#通过 D1')
    wb!.add('comments', '第一条评论', START - 60_000)
    wb!.rateLimitNext('comments/to_me.json', 10023)
    const first = await g.bot().pollPlatforms()
    expect(first.find((o) => o.account === 'weibo' && o.stream === 'comments')?.error).toContain('10023')
    const state = await g.store().get<PollState>(POLLS, 'weibo:comments')
    expect(state).toMatchObject({ failures: 1, lastError: { code: 10023 } })
    expect(state!.backoffUntil! - g.clock.now()).toBeGreaterThanOrEqual(15 * 60_000)
    expect(privateTo(g, 'director').some((t) => t.includes('频次限制 10023'))).toBe(true)
    expect((await g.bot().pollPlatforms()).find((o) => o.account === 'weibo' && o.stream === 'comments')?.skipped).toBe('backoff')
    const dashboard = await overviewPage(configWith(false), g.store(), g.clock)
    expect(dashboard).toMatch(/平台接口[\s\S]*10023[\s\S]*暂停至/)

    await g.advance(16 * 60_000)
    wb!.add('timeline', WEIBO_BODY, g.clock.now())
    await g.bot().pollPlatforms()
    const comments = await g.store().list<PublicMessage>('comments')
    expect(comments.map((c) => [c.text, c.receivedAt])).toEqual([['第一条评论', START - 60_000]])
    expect(groupTexts(g).some((t) => t.startsWith('已发布，与 D1 第1版一致'))).toBe(true)
  })

  it('two instances polling one account (one Redis) take each comment once and share one access_token', async () => {
    const redis = withRedisPrefix()
    cleanups.push(() => redis.cleanup())
    const storeA = await createRedisStore({ url: redis.url, prefix: redis.prefix })
    const storeB = await createRedisStore({ url: redis.url, prefix: redis.prefix })
    stores.push(storeA, storeB)
    const clock = new ManualClock(START)
    const a = await start({ store: storeA, clock })
    const b = await start({ store: storeB, clock })
    const articleId = wx!.publish({ title: TITLE, content: BODY }, START / 1000 - 600)
    for (let i = 0; i < 12; i++) wx!.addComment(articleId, 0, { openid: `oReader${i}`, create_time: START / 1000 - 100 + i, content: `第${i}条留言` })
    for (let i = 0; i < 5; i++) wb!.add('comments', `微博评论${i}`, START - 50_000 + i)
    await Promise.all([a.bot().pollPlatforms(), b.bot().pollPlatforms()])
    await Promise.all([a.bot().pollPlatforms(), b.bot().pollPlatforms()])
    const comments = await storeA.list<PublicMessage>('comments')
    expect(comments).toHaveLength(17)
    expect(new Set(comments.map((c) => c.externalId)).size).toBe(17)
    expect(wx!.tokensIssued).toBe(1)
  })

  it('faults: a 502 page, the daily quota (45009) and a failed publish job lose nothing and say so once', async () => {
    const g = await start()
    const articleId = wx!.publish({ title: TITLE, content: BODY }, START / 1000 - 600)
    wx!.addComment(articleId, 0, { openid: 'oReader1', create_time: START / 1000 - 300, content: '第一条' })
    wx!.failNext('/cgi-bin/comment/list', 'html')
    const first = await g.bot().pollPlatforms()
    expect(first.find((o) => o.stream === 'comments' && o.account === 'wechat')?.error).toMatch(/HTTP 502, not JSON/)
    expect(await g.store().list('comments')).toEqual([])

    await g.advance(5 * 60_000)
    wx!.failNext('/cgi-bin/comment/list', 45009, 2)
    await g.bot().pollPlatforms()
    await g.advance(16 * 60_000)
    await g.bot().pollPlatforms()
    expect(privateTo(g, 'director').filter((t) => t.includes('45009'))).toHaveLength(1)
    expect(await g.store().get<PollState>(POLLS, 'wechat:comments')).toMatchObject({ failures: 3, lastError: { code: 45009 } })

    await g.advance(60 * 60_000)
    await g.bot().pollPlatforms()
    expect((await g.store().list<PublicMessage>('comments')).map((c) => c.text)).toEqual(['第一条'])
    expect(await g.store().get<PollState>(POLLS, 'wechat:comments')).toMatchObject({ failures: 0, totalTaken: 1 })

    const url = await serve(g)
    const calls = wx!.calls.length
    const res = await fetch(withQuery(`${url}/wechat/wechat`, signedQuery(g.clock.now(), PUSH_TOKEN)), {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: publishEventXml(articleId, 1),
    })
    expect(await res.text()).toBe('success')
    expect(wx!.calls.length).toBe(calls)
  })

  it('where only /cgi-bin/stable_token is served, the token comes from there', async () => {
    wx = await startFakeWechatApi({ stableOnly: true })
    const g = await start()
    const outcomes = await g.bot().pollPlatforms()
    expect(outcomes.filter((o) => o.error)).toEqual([])
    expect(wx.calls.map((c) => c.path)).toContain('/cgi-bin/stable_token')
    expect(wx.calls.filter((c) => c.path.startsWith('/cgi-bin/freepublish')).every((c) => c.token === 'STABLE_1')).toBe(true)
  })

  it('the sync settings are strict: a misspelt key stops the config with its path', () => {
    const config = loadConfig('config/sanshen.yaml')
    expect(() =>
      configSchema.parse({ ...config, accounts: { ...config.accounts, wechat: { ...config.accounts.wechat, sync: { draftbox: true } } } }),
    ).toThrow(/draftbox/)
  })
})
