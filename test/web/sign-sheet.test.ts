import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSignSheet, signSheetChecksum } from '../../src/bot/drafts/sign-sheet.js'
import { collections } from '../../src/bot/collections.js'
import { loadConfig } from '../../src/config/load.js'
import { dashboardCookie } from './helpers/web-server.js'
import { postJson, startPlaygroundServer, type PlaygroundServer } from './helpers/playground-server.js'

/**
 * The 审签单: one draft's review as the record an inspection asks for, from the dashboard (a page that
 * prints on A4) and from the chat (#审签单 D1), with a checksum that the dashboard and
 * `npm run verify-record` confirm against the store.
 */
describe('审签单 (sign sheet)', () => {
  let t: PlaygroundServer
  let cookie: string
  const say = async (who: string, text: string) =>
    ((await postJson(`${t.url}/api/playground/say`, { who, text })).json.messages as { text: string; from?: string }[]).map((m) => m.text)
  const get = (path: string) => fetch(`${t.url}${path}`, { redirect: 'manual', headers: { cookie } })

  beforeAll(async () => {
    t = await startPlaygroundServer()
    // a typo the proofreader finds, a rejection, a revision that fixes it, two approvals
    await say('editor1', '#投稿 微信 团省委召开青年工作会议\n全体团干部要再接再励，推动工作落地见效。来源：团省委办公室')
    await say('deputy', '#驳回 D1 请改正错别字')
    await say('editor1', '#修改 D1\n团省委召开青年工作会议\n全体团干部要再接再厉，推动工作落地见效。来源：团省委办公室')
    await say('deputy', '#通过 D1')
    await say('director', '#通过 D1 同意发布')
    cookie = await dashboardCookie(t.url)
  }, 60_000)
  afterAll(() => t.close())

  it('prints every version with its hash, every stage’s reviewer, decision and time, the findings and how each was resolved', async () => {
    const res = await get('/dashboard/drafts/D1/record')
    expect(res.status).toBe(200)
    const page = await res.text()
    const draft = (await collections.drafts.get(t.store, 'D1'))!
    for (const v of draft.versions) expect(page).toContain(v.hash)
    expect(page).toMatch(/第1级 初审<\/td><td>李副主任<\/td><td>通过<\/td>/)
    expect(page).toMatch(/第2级 终审<\/td><td>王主任<\/td><td>通过<\/td>[\s\S]*?同意发布/)
    expect(page).toMatch(/再接再励[\s\S]*?第2版已修改/)
    expect(page).toMatch(/驳回[\s\S]*?请改正错别字/)
    expect(page).toContain('尚无发布核对记录')
    expect(page).toMatch(/校验码 <b>[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}<\/b>/)
    expect((await get('/dashboard/drafts/D99/record')).status).toBe(404)
    expect((await fetch(`${t.url}/dashboard/drafts/D1/record`, { redirect: 'manual' })).status).toBe(303)
  })

  it('#审签单 D1 in the chat: the record in short, the same checksum, where to print it', async () => {
    const page = await (await get('/dashboard/drafts/D1/record')).text()
    const code = /校验码 <b>([0-9A-F-]+)<\/b>/.exec(page)![1]!
    const reply = (await say('director', '#审签单 D1')).at(-1)!
    expect(reply).toContain('D1「团省委召开青年工作会议」审签单')
    expect(reply).toMatch(/第1级「初审」：李副主任通过/)
    expect(reply).toMatch(/第2级「终审」：王主任通过（.*同意发布）/)
    expect(reply).toContain('检查提示 1 项：第2版已修改 1 项')
    expect(reply).toContain(`校验码 ${code}`)
    expect(reply).toContain('/dashboard/drafts/D1/record')
    expect((await say('director', '#审签单')).at(-1)).toContain('请写明稿件编号')
    expect((await say('director', '#审签单 D99')).at(-1)).toContain('D99')
  })

  it('the dashboard confirms a printed checksum, and refuses it once the record has changed', async () => {
    const page = await (await get('/dashboard/drafts/D1/record')).text()
    const code = /校验码 <b>([0-9A-F-]+)<\/b>/.exec(page)![1]!
    const ok = await (await get(`/dashboard/verify?id=d1&code=${code.toLowerCase().replace(/-/g, ' ')}`)).text()
    expect(ok).toMatch(/id="verdict">✔ D1 审签单校验码/)
    const forged = await (await get('/dashboard/verify?id=D1&code=0000-0000-0000-0000')).text()
    expect(forged).toMatch(/id="verdict">✘ D1 的校验码 0000-0000-0000-0000 与存储中的审核记录不一致/)
    expect((await get('/dashboard/verify?id=%3Cscript%3E&code=x')).status).toBe(400)
    expect((await get('/dashboard/verify')).status).toBe(200)
    // a later change (a remark) is part of the record: the old printout no longer matches
    await say('director', '#意见 D1 已归档')
    const after = await (await get(`/dashboard/verify?id=D1&code=${code}`)).text()
    expect(after).toContain('✘ D1 的校验码')
  })

  it('the checksum depends on the record only: the same stored state gives the same code, field order aside', async () => {
    const config = loadConfig('config/sanshen.yaml')
    const draft = (await collections.drafts.get(t.store, 'D1'))!
    const trail = await t.store.audit('D1')
    const a = signSheetChecksum(buildSignSheet(config, draft, trail))
    const reordered = Object.fromEntries(Object.entries(draft).reverse()) as typeof draft
    expect(signSheetChecksum(buildSignSheet(config, reordered, trail))).toBe(a)
    expect(signSheetChecksum(buildSignSheet(config, { ...draft, status: 'withdrawn' }, trail))).not.toBe(a)
  })
})
