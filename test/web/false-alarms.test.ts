import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditSubject, falseAlarmId, falseAlarms } from '../../src/bot/false-alarms/learned.js'
import { postJson, startPlaygroundServer, type PlaygroundServer } from './helpers/playground-server.js'
import { dashboardCookie, refusals } from './helpers/web-server.js'

const BODY = '党委书记张建国出席会议。大家再接再励，按步就班，警钟常鸣，迫不急待地投入工作。来源：办公室'
const ID = falseAlarmId({ category: 'typo', term: '警钟常鸣', text: '警钟常鸣' })
const RESTORE = `/dashboard/false-alarms/${ID}/restore`

describe('dashboard: learned false alarms', () => {
  let t: PlaygroundServer
  let cookie: string
  const say = async (who: string, text: string): Promise<string> => {
    const { json } = await postJson(`${t.url}/api/playground/say`, { who, text })
    return json.messages.map((m: { text: string }) => m.text).join('\n')
  }
  const get = (path: string) => fetch(`${t.url}${path}`, { redirect: 'manual', headers: { cookie } })
  const post = (path: string, headers: Record<string, string>) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: '',
    })

  beforeEach(async () => {
    t = await startPlaygroundServer()
    await say('editor1', `#投稿 微信 工作动态\n${BODY}`)
    await say('editor2', `#投稿 微信 工作动态二\n${BODY}`)
    await say('deputy', '#误报 D1 3')
    await say('opinion1', '#误报 D2 3')
    await say('deputy', '#误报 D1 2')
    cookie = await dashboardCookie(t.url)
  })
  afterEach(() => t.close())

  it('lists learned and pending marks with who, when and which drafts, linked from the nav', async () => {
    const res = await get('/dashboard/false-alarms')
    expect(res.status).toBe(200)
    const page = await res.text()
    expect(page).toContain('<a href="/dashboard/false-alarms">误报学习')
    expect(page).toMatch(/「警钟常鸣」[\s\S]*?错别字[\s\S]*?<td>2<\/td>[\s\S]*?href="\/dashboard\/drafts\/D1"[\s\S]*?已学会[\s\S]*?恢复提示/)
    expect(page).toMatch(/「按步就班」[\s\S]*?<td>1<\/td>[\s\S]*?待定/)
    expect(page.indexOf('警钟常鸣')).toBeLessThan(page.indexOf('按步就班'))
    expect(page).toContain('李副主任')
  })

  it('restores a learned finding from its own form, audited; refuses a cross-site post (403) and a visitor without a session', async () => {
    const host = new URL(t.url).host
    for (const headers of [
      { 'sec-fetch-site': 'cross-site', cookie },
      { origin: 'https://evil.example', cookie },
      { origin: `http://sub.${host}`, cookie },
    ]) {
      expect((await post(RESTORE, headers)).status, JSON.stringify(headers)).toBe(403)
    }
    expect(refusals(t.logs).filter((r) => r === 'cross-site')).toHaveLength(3)
    const anonymous = await post(RESTORE, { 'sec-fetch-site': 'same-origin' })
    expect(anonymous.status).toBe(303)
    expect(anonymous.headers.get('location')).toBe('/dashboard/login')
    expect((await falseAlarms.get(t.store, ID))?.learnedAt).toBeDefined()
    await say('editor2', `#投稿 微信 工作动态三\n${BODY}`)
    expect(await say('deputy', '#检查 D3')).not.toContain('警钟常鸣')

    const own = await post(RESTORE, { 'sec-fetch-site': 'same-origin', origin: t.url, cookie })
    expect(own.status).toBe(303)
    expect(own.headers.get('location')).toBe('/dashboard/false-alarms')
    expect(await say('editor1', `#投稿 微信 工作动态四\n${BODY}`)).toContain('警钟常鸣')
    const audit = await t.store.audit(auditSubject(ID))
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['false-alarm-learned', 'opinion1'],
      ['false-alarm-restored', 'dashboard'],
    ])
    const page = await (await get('/dashboard/false-alarms')).text()
    expect(page).toMatch(/「警钟常鸣」[\s\S]*?<td>0<\/td>[\s\S]*?恢复过/)
    expect(page).toMatch(/id="audit"[\s\S]*?误报已学会：不再提示[\s\S]*?误报撤销：恢复提示/)
    // restoring again, or something that was never learned, is a 404, not a change
    expect((await post(RESTORE, { cookie })).status).toBe(404)
    expect((await post('/dashboard/false-alarms/not-an-id/restore', { cookie })).status).toBe(404)
    expect(await t.store.audit(auditSubject(ID))).toHaveLength(2)
  })
})
