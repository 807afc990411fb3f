import { collections } from '../../src/bot/collections.js'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DRAFT, postJson, startPlaygroundServer, type PlaygroundServer } from './helpers/playground-server.js'
import { ManualClock } from '../../src/clock.js'
import { ENV, publicMessage, refusals, seed, sensitiveMessage, startTestServer } from './helpers/web-server.js'

const login = (url: string, token: string) =>
  fetch(`${url}/dashboard/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${encodeURIComponent(token)}`,
  })

describe('dashboard', () => {
  let t: PlaygroundServer
  let cookie: string
  const get = (path: string, c = cookie) => fetch(`${t.url}${path}`, { redirect: 'manual', headers: c ? { cookie: c } : {} })

  beforeEach(async () => {
    t = await startPlaygroundServer()
    const say = (who: string, text: string) => postJson(`${t.url}/api/playground/say`, { who, text })
    await say('editor1', DRAFT)
    await say('deputy', '#通过 D1')
    await say('editor2', '#投稿 微博 第二篇<b>标题</b>\n正文二')
    await say('opinion1', '#驳回 D2 来源未注明')
    await say('editor2', '#修改 D2\n新标题\n正文二（来源：团省委）')
    const now = t.clock.now()
    await seed(t.store, 'comments', publicMessage('C1', now, { text: '一般的留言' }))
    await seed(t.store, 'comments', sensitiveMessage('C2', now, '敏感的留言'))
    await seed(t.store, 'incidents', {
      id: 'A1',
      rev: 0,
      level: 'red',
      description: '网传活动收费',
      status: 'open',
      openedAt: now,
      deadline: { dueAt: now + 7_200_000 },
    })
    const res = await login(t.url, 'dash-secret')
    expect(res.status).toBe(303)
    const set = res.headers.get('set-cookie')!
    expect(set).toMatch(/HttpOnly/)
    expect(set).toMatch(/SameSite=Strict/)
    expect(set).not.toContain('dash-secret')
    cookie = set.split(';')[0]!
  })
  afterEach(() => t.close())

  it('sends a visitor without a session to the login form, and refuses a wrong token with 401', async () => {
    const res = await get('/dashboard', '')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/dashboard/login')
    expect(await (await get('/dashboard/login', '')).text()).toContain('访问口令')
    expect((await login(t.url, 'guess')).status).toBe(401)
    expect((await get('/dashboard', 'sanshen_dashboard=9999999999999.forged')).status).toBe(303)
    expect(refusals(t.logs)).toContain('bad-token')
  })

  it('lists a person the bot heard but the configuration does not name, with the YAML to paste', async () => {
    await postJson(`${t.url}/api/playground/say`, { who: 'outsider', text: '#我是谁' })
    const body = await (await get('/dashboard')).text()
    expect(body).toContain('未写入配置的群和人')
    expect(body).toMatch(/<pre class="yaml">people:\n {2}wxid_outsider: \{ name: 实习生小周, id: wxid_outsider, roles: \[\] \}/)
  })

  it('shows pending drafts with stage, who must act and how long; open messages sensitive first; open incidents', async () => {
    t.clock.advance(90 * 60_000)
    const html = await (await get('/dashboard')).text()
    expect(html).toMatch(
      /D1<\/a><\/td><td data-label="标题">团省委召开青年工作会议[\s\S]*?2\/2 终审<\/td>\s*<td data-label="待谁审核">王主任<\/td><td data-label="本级已等">1小时30分/,
    )
    expect(html).toContain('1/2 初审')
    expect(html).toContain('舆情部陈部长、舆情部林部长')
    expect(html.indexOf('敏感的留言')).toBeLessThan(html.indexOf('一般的留言'))
    expect(html).toMatch(/class="countdown" data-due="\d+"/)
    expect(html).toContain('网传活动收费')
    expect(html).toContain('红色')
  })

  it('names who must act now as the bot does: someone on leave is passed over, a leave that has ended is not', async () => {
    const now = t.clock.now()
    await collections.leaves.commit(t.store, { id: 'director', rev: 0, until: now + 86_400_000, setBy: 'director' }, 0, [])
    await collections.leaves.commit(t.store, { id: 'opinion1', rev: 0, until: now - 60_000, setBy: 'opinion1' }, 0, [])
    const html = await (await get('/dashboard')).text()
    expect(html).toMatch(
      /D1<\/a><\/td><td data-label="标题">团省委召开青年工作会议[\s\S]*?2\/2 终审<\/td>\s*<td data-label="待谁审核">李副主任<\/td>/,
    )
    expect(html).toContain('舆情部陈部长、舆情部林部长')
  })

  it('shows a draft’s full audit trail with each version’s text and hash, escaping what the editor typed', async () => {
    const html = await (await get('/dashboard/drafts/d2')).text()
    const draft = await collections.drafts.get(t.store, 'D2')
    for (const v of draft!.versions) expect(html).toContain(v.hash)
    expect(html).toContain('第1版「第二篇&lt;b&gt;标题&lt;/b&gt;」')
    expect(html).toContain('正文二（来源：团省委）')
    expect(html).toMatch(/驳回<\/td>[\s\S]*来源未注明/)
    expect(html).toMatch(/投稿[\s\S]*驳回[\s\S]*修改/)
    expect((await get('/dashboard/drafts/D99')).status).toBe(404)
  })

  it('draws the weekly report with server-side SVG charts: the scheduled report’s figures over the last seven days', async () => {
    const say = (who: string, text: string) => postJson(`${t.url}/api/playground/say`, { who, text })
    // beforeEach, all at T: D1 submitted and through 初审 at once (0 min); D2 rejected at 初审 and revised
    t.clock.advance(45 * 60_000)
    await say('director', '#通过 D1') // D1 终审: 45 min
    t.clock.advance(15 * 60_000)
    await say('opinion1', '#通过 D2') // D2 初审, from its revision at T: 60 min
    t.clock.advance(60_000)
    const html = await (await get('/dashboard/report')).text()
    expect(html).toMatch(/送审 <b>2<\/b>/) // D1 and D2; a revision is not a new submission
    expect(html).toMatch(/审核通过可发布 <b>1<\/b>/)
    expect(html).toMatch(/驳回 <b>1<\/b>/)
    expect(html.match(/<svg /g)).toHaveLength(4)
    expect(html).toContain('来源未注明')
    // 初审 0 and 60 min: median 30, p90 at rank 0.9 = 54; 终审 45 and 45
    expect(html).toMatch(
      />初审（2 次）<\/text>[\s\S]*?>30分钟<\/text>[\s\S]*?>54分钟<\/text>[\s\S]*?>终审（1 次）<\/text>[\s\S]*?>45分钟<\/text>[\s\S]*?>45分钟<\/text>/,
    )
    // C2 (sensitive) fell due an hour after T, unanswered; C1 is due tomorrow and not counted yet
    expect(html).toMatch(/留言按时回复 <b>0<\/b> \/ 逾期 <b>1<\/b>/)
    expect(html).not.toMatch(/<script[^>]+src="http/)
  })

  it('logs out by clearing the cookie', async () => {
    const res = await fetch(`${t.url}/dashboard/logout`, { method: 'POST', redirect: 'manual', headers: { cookie } })
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0/)
  })
})

describe('dashboard login and logout against other sites and many sources', () => {
  let t: Awaited<ReturnType<typeof startTestServer>> | undefined
  afterEach(() => t?.close())
  const form = (path: string, headers: Record<string, string>, body = '') =>
    fetch(`${t!.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    })

  it('refuses a cross-site logout form (403) and leaves the session as it was; the dashboard’s own form logs out', async () => {
    t = await startTestServer()
    const cookie = (await login(t.url, 'dash-secret')).headers.get('set-cookie')!.split(';')[0]!
    const dashboard = () => fetch(`${t!.url}/dashboard`, { redirect: 'manual', headers: { cookie } })
    const host = new URL(t.url).host
    // what browsers send for a form on another site: the Strict cookie stays home, the answer would clear it
    for (const headers of [
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      { 'sec-fetch-site': 'same-site', origin: `http://sub.${host}` },
      { origin: 'https://evil.example' },
      { origin: 'null' },
    ]) {
      const res = await form('/dashboard/logout', headers)
      expect(res.status, JSON.stringify(headers)).toBe(403)
      expect(res.headers.get('set-cookie')).toBeNull()
      expect((await form('/dashboard/logout', { ...headers, cookie })).status).toBe(403)
    }
    expect((await dashboard()).status).toBe(200)
    expect(refusals(t.logs).filter((r) => r === 'cross-site')).toHaveLength(8)
    // a cross-site login (under the attacker's token) is refused the same way
    expect((await form('/dashboard/login', { 'sec-fetch-site': 'cross-site' }, 'token=dash-secret')).status).toBe(403)

    const own = await form('/dashboard/logout', { 'sec-fetch-site': 'same-origin', origin: t.url, cookie })
    expect(own.status).toBe(303)
    expect(own.headers.get('set-cookie')).toMatch(/Max-Age=0/)
    expect((await dashboard()).status).toBe(303)
  })

  it('limits wrong tokens per token, whatever their source: after 10 every login waits (429), until the allowance comes back', async () => {
    const floodClock = new ManualClock(0)
    t = await startTestServer({ env: { ...ENV, SANSHEN_TRUST_PROXY: '1' }, limits: { floodClock } })
    const from = (ip: string, token: string) => form('/dashboard/login', { 'x-forwarded-for': ip }, `token=${token}`)
    const statuses: number[] = []
    for (let i = 0; i < 30; i++) statuses.push((await from(`198.51.100.${i}`, `guess${i}`)).status)
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(20).fill(429)])
    // while it waits, the right token waits too: otherwise the guesses would go on
    const locked = await from('203.0.113.9', 'dash-secret')
    expect(locked.status).toBe(429)
    expect(await locked.text()).toContain('登录失败次数过多')
    floodClock.advance(30_000)
    expect((await from('203.0.113.9', 'dash-secret')).status).toBe(303)
    expect((await from('198.51.100.77', 'guess-again')).status).toBe(401)
    expect((await from('198.51.100.78', 'guess-more')).status).toBe(429)
  })
})

describe('dashboard without a token configured', () => {
  it('is closed (503), and login is refused', async () => {
    const t = await startTestServer({ env: {} })
    expect((await fetch(`${t.url}/dashboard`)).status).toBe(503)
    expect((await login(t.url, '')).status).toBe(503)
    await t.close()
  })
})
