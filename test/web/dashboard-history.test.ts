import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dashboardCookie } from './helpers/web-server.js'
import { postJson, startPlaygroundServer, type PlaygroundServer } from './helpers/playground-server.js'

const DAY = 86_400_000

/**
 * A month of simulated activity through the real bot (the playground's group on a manual clock),
 * then the dashboard's history over real HTTP: search, the audit trail, messages and alerts with
 * their outcome, and CSV exports for the month.
 */
describe('dashboard history over a month', () => {
  let t: PlaygroundServer
  let cookie: string
  const get = (path: string) => fetch(`${t.url}${path}`, { redirect: 'manual', headers: { cookie } })
  const say = (who: string, text: string) => postJson(`${t.url}/api/playground/say`, { who, text })

  beforeAll(async () => {
    t = await startPlaygroundServer()
    // START is Mon 2026-11-23 10:00 Beijing; 30 days, one draft a day, every fifth rejected, every seventh withdrawn
    for (let i = 1; i <= 30; i++) {
      await say('editor1', `#投稿 微信 第${i}期工作简报\n第${i}期正文。来源：办公室`)
      const id = `D${i}`
      if (i % 5 === 0) await say('deputy', `#驳回 ${id} 数据需核实`)
      else if (i % 7 === 0) await say('editor1', `#撤回 ${id}`)
      else if (i % 3 !== 0) {
        await say('deputy', `#通过 ${id}`)
        await say('director', `#通过 ${id}`)
      } // else left pending
      if (i % 10 === 0) await say('editor1', `#留言 微信 网友${i}：第${i}期什么时候发？`)
      t.clock.advance(DAY)
    }
    // the 31st: a blocked draft (forbidden words), a formula-looking title, a red alert with its plan
    await say('editor1', '#投稿 微信 周末活动\n现场禁止网-赌。')
    await say('editor1', '#投稿 微信 =HYPERLINK("http://x")\n正文，"引号"。来源：办公室')
    await say('deputy', '#舆情 红 网传活动收费')
    await say('deputy', '#启动预案 A1')
    await say('editor1', '#已回复 C1 已发布，谢谢关注')
    cookie = await dashboardCookie(t.url)
  }, 120_000)
  afterAll(() => t.close())

  it('lists every draft whatever its outcome, newest first, behind the login', async () => {
    expect((await fetch(`${t.url}/dashboard/history`, { redirect: 'manual' })).status).toBe(303)
    const html = await (await get('/dashboard/history')).text()
    expect(html).toContain('共 32 篇')
    for (const status of ['已通过', '已驳回', '已撤回', '被拦截', '审核中']) expect(html).toContain(`<td>${status}</td>`)
    expect(html.indexOf('>D32<')).toBeLessThan(html.indexOf('>D1<'))
    // escaped, not markup
    expect(html).toContain('=HYPERLINK(&quot;http://x&quot;)')
  })

  it('searches by id, title, account, person, status and Beijing date range', async () => {
    expect(await (await get('/dashboard/history?id=d7')).text()).toMatch(/共 1 篇[\s\S]*第7期工作简报[\s\S]*已撤回/)
    expect(await (await get(`/dashboard/history?q=${encodeURIComponent('第1')}`)).text()).toContain('共 11 篇') // 第1期, 第10–19期
    expect(await (await get('/dashboard/history?account=weibo')).text()).toContain('共 0 篇')
    expect(await (await get('/dashboard/history?status=rejected')).text()).toContain('共 6 篇')
    // the director approved 1,2,4,8,11,13,16,17,19,22,23,26,29 (not multiples of 3, 5 or 7)
    expect(await (await get(`/dashboard/history?person=${encodeURIComponent('王主任')}`)).text()).toContain('共 13 篇')
    expect(await (await get('/dashboard/history?person=director')).text()).toContain('共 13 篇')
    // 23 Nov is D1; 1–7 Dec are D9–D15
    expect(await (await get('/dashboard/history?from=2026-12-01&to=2026-12-07')).text()).toMatch(/共 7 篇[\s\S]*>D15<[\s\S]*>D9</)
    const bad = await get('/dashboard/history?from=yesterday')
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('年-月-日')
  })

  it('opens each draft with its audit trail', async () => {
    const html = await (await get('/dashboard/drafts/D5')).text()
    expect(html).toContain('已驳回')
    expect(html).toContain('数据需核实')
    expect(html).toMatch(/id="audit"[\s\S]*投稿[\s\S]*驳回/)
  })

  it('shows every public message and alert with its deadline and outcome', async () => {
    const html = await (await get('/dashboard/messages')).text()
    expect(html).toMatch(/C1<\/a><\/td>[\s\S]*?逾期回复/) // asked on day 10, answered on day 31
    expect(html).toMatch(/C3<\/a><\/td>[\s\S]*?未回复，已逾期/)
    expect(html).toMatch(/A1<\/a><\/td><td>红色<\/td><td>网传活动收费[\s\S]*?已启动预案/)
  })

  it('opens each message and alert with its deadlines, outcome and audit trail', async () => {
    const c1 = await (await get('/dashboard/messages/c1')).text()
    expect(c1).toContain('网友10：第10期什么时候发？')
    expect(c1).toMatch(/答复期限：/)
    expect(c1).toContain('逾期回复')
    expect(c1).toContain('已发布，谢谢关注')
    expect(c1).toMatch(/id="audit"[\s\S]*<td>/)
    const a1 = await (await get('/dashboard/messages/A1')).text()
    expect(a1).toContain('启动预案期限')
    expect(a1).toMatch(/id="audit"[\s\S]*<td>/)
    expect((await get('/dashboard/messages/C99')).status).toBe(404)
  })

  it('exports a period as CSV that Excel opens: BOM, CRLF, quoted, formulas defused', async () => {
    const res = await get('/dashboard/export.csv?kind=drafts&from=2026-12-23&to=2026-12-23')
    expect(res.headers.get('content-type')).toContain('text/csv')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder().decode(bytes.slice(3))
    const lines = text.split('\r\n')
    expect(lines[0]).toBe('编号,标题,账号,类别,投稿人,状态,版本,版本哈希,终审人,终审时间,送审时间,最后变动,驳回理由')
    expect(text).toContain('D32,"\'=HYPERLINK(""http://x"")"')
    expect(text).toContain('D31,周末活动')
    expect(text).toContain('被拦截')
    expect(lines.filter(Boolean)).toHaveLength(3)
    const month = await (await get('/dashboard/export.csv?kind=drafts&from=2026-11-23&to=2026-12-22')).text()
    expect(month.split('\r\n').filter(Boolean)).toHaveLength(31) // header + D1–D30
    // dates a spreadsheet sorts (ISO, with the year), the final approver and the approved version's hash
    const d22 = month.split('\r\n').find((l) => l.startsWith('D22,'))!
    expect(d22).toMatch(
      /^D22,第22期工作简报,微信 [^,]+,[^,]+,[^,]+,已通过,1,[0-9a-f]{64},[^,]+,2026-12-14 \d\d:\d\d,2026-12-14 10:00,2026-12-14 \d\d:\d\d,$/,
    )
    expect(month).not.toMatch(/\d+月\d+日/)
    expect(await (await get('/dashboard/export.csv?kind=messages')).text()).toMatch(/C1,.*逾期回复/)
    expect(await (await get('/dashboard/export.csv?kind=alerts')).text()).toMatch(/A1,红色,网传活动收费/)
    expect((await get('/dashboard/export.csv?kind=passwords')).status).toBe(400)
  })

  it('weekly report: the blocked draft is not counted as submitted, and a cut reason ends with an ellipsis', async () => {
    await say('opinion1', '#投稿 微信 长理由测试\n正文。来源：办公室')
    await say('deputy', '#驳回 D33 这篇稿件的数据来源需要重新核实并补充出处')
    const html = await (await get('/dashboard/report')).text()
    // this calendar week, Monday Dec 21 to now (Wednesday): D29, D30, D32, D33 submitted; D31 was blocked
    expect(html).toContain('12月21日（周一）至12月23日（周三）（本周至今）')
    expect(html).toMatch(/送审 <b>4<\/b>/)
    // last week, the week the chat's weekly report covers: Monday Dec 14 to Sunday Dec 20, D22–D28
    const last = await (await get('/dashboard/report?week=1')).text()
    expect(last).toContain('12月14日（周一）至12月20日（周日）')
    expect(last).toMatch(/送审 <b>7<\/b>/)
    expect((await get('/dashboard/report?week=-1')).status).toBe(400)
    expect(html).toContain('这篇稿件的数据来源需要…')
    expect(html).toContain('各审核级用时（时长）')
  })
})
