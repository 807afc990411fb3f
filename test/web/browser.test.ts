import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPlaygroundServer, type PlaygroundServer } from './helpers/playground-server.js'

/**
 * The playground and the dashboard in Debian's Chromium, headless. Screenshots go to
 * docs/screenshots when SANSHEN_SCREENSHOTS=1 (to refresh the README's pictures), else to a
 * temporary folder, so a test run never changes the working tree.
 */
const shots = process.env.SANSHEN_SCREENSHOTS === '1' ? 'docs/screenshots' : join(tmpdir(), 'sanshen-screenshots')

describe('in the browser', () => {
  let t: PlaygroundServer
  let browser: Browser
  let page: Page
  const outside: string[] = []

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true })
    t = await startPlaygroundServer()
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    // offline: every request must go to the loopback server (checked at the end)
    page.on('request', (r) => void (new URL(r.url()).host !== new URL(t.url).host && outside.push(r.url())))
  })
  afterAll(async () => {
    await browser?.close()
    await t?.close()
  })

  const as = (key: string) => page.click(`.member[data-key="${key}"]`)
  const send = async (text: string) => {
    await page.fill('#text', text)
    await page.click('#compose button[type=submit]')
  }
  const lastBot = () => page.locator('.msg.bot .bubble').last()

  it('playground: submit, approve as each approver, impostor refused, quote-reply, clock past a deadline', async () => {
    await page.goto(t.url)
    await page.waitForSelector('.member[data-key="impostor"]')
    await as('editor1')
    await send('#投稿 微信 团省委召开青年工作会议\n11月23日，团省委召开全省青年工作会议，部署下一阶段工作。')
    await expect.poll(() => lastBot().textContent()).toContain('【待审】D1')
    expect(await lastBot().locator('.mention').first().textContent()).toBe('@李副主任')

    await as('deputy')
    await send('#通过 D1')
    await expect.poll(() => lastBot().textContent()).toContain('请 王主任 审核')

    await as('impostor')
    await send('#通过 D1')
    await expect.poll(() => lastBot().textContent()).toContain('你不在审核名单中')

    await as('director')
    await page.locator('.msg.bot .bubble', { hasText: '第2/2级「终审」：请 王主任 审核' }).last().click()
    await expect.poll(() => page.textContent('#quoting')).toContain('引用')
    await send('通过')
    await expect.poll(() => lastBot().textContent()).toContain('可以发布')
    expect(await page.locator('.msg.member .quote').last().textContent()).toContain('【待审】D1')

    await as('editor2')
    await send('#投稿 微信 青年志愿者服务月启动\n本月起，全省青年志愿者开展服务月活动。')
    await as('deputy')
    await send('#通过 D2')
    await expect.poll(() => lastBot().textContent()).toContain('请 王主任 审核')
    await page.click('button[data-minutes="240"]')
    await expect.poll(() => page.textContent('#log')).toContain('D2 第2/2级「终审」 已超过规定时限')
    await expect.poll(() => page.textContent('#clock')).toContain('14:00')
    await page.screenshot({ path: join(shots, 'playground.png') })
  })

  it('playground: a drill plays step by step', async () => {
    const button = page.locator('[data-drill="draft-review"]')
    await button.click()
    await expect.poll(() => button.textContent()).toContain('第 2/8 步')
    await expect.poll(() => page.textContent('#log')).toContain('演练 1/8')
  })

  it('dashboard: log in and see the same drafts, their stages and the audit trail', async () => {
    // public messages through the webhook, an incident through the chat: the real bot stores them
    const hook = (body: object) =>
      fetch(`${t.url}/webhook/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer hook-secret' },
        body: JSON.stringify(body),
      })
    expect((await hook({ id: 'm1', account: 'wechat', author: '网友小周', text: '请问志愿者服务月怎么报名？' })).status).toBe(202)
    expect(
      (await hook({ id: 'm2', account: 'wechat', author: '网友小林', text: '你们发布的报名链接要求先交押金，是不是骗局？', sensitive: true })).status,
    ).toBe(202)
    await t.playground.say('propaganda', '#舆情 红 网传我团活动收费，多个账号转发')
    await page.goto(`${t.url}/dashboard`)
    await page.fill('input[name=token]', 'wrong')
    await page.click('form.login button')
    await expect.poll(() => page.textContent('body')).toContain('口令不正确')
    await page.fill('input[name=token]', 'dash-secret')
    await page.click('form.login button')
    await page.waitForSelector('#drafts')
    const drafts = await page.textContent('#drafts')
    expect(drafts).toContain('D2')
    expect(drafts).toContain('2/2 终审')
    expect(drafts).toContain('王主任、李副主任')
    expect(drafts).not.toContain('D1')
    expect(await page.textContent('#incidents')).toMatch(/A1[\s\S]*红色[\s\S]*网传我团活动收费/)
    expect(await page.textContent('#messages')).toMatch(/押金[\s\S]*剩余 (1:00:00|0:59:\d\d)[\s\S]*志愿者服务月怎么报名/)
    await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true })

    await page.goto(`${t.url}/dashboard/drafts/D1`)
    const audit = await page.textContent('#audit')
    expect(audit).toMatch(/投稿[\s\S]*通过[\s\S]*全部通过，可发布/)
    await page.goto(`${t.url}/dashboard/report`)
    expect(await page.locator('svg.chart').count()).toBe(4)
    await page.screenshot({ path: join(shots, 'weekly-report.png'), fullPage: true })

    // the 审签单 prints on one A4 page, without the navigation
    await page.goto(`${t.url}/dashboard/drafts/D1/record`)
    expect(await page.textContent('.sign-sheet')).toMatch(/第1级 初审[\s\S]*李副主任[\s\S]*通过[\s\S]*校验码/)
    await page.screenshot({ path: join(shots, 'sign-sheet.png'), fullPage: true })
    const pdf = await page.pdf({ format: 'A4', printBackground: false, preferCSSPageSize: true })
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1)
    if (process.env.SANSHEN_SCREENSHOTS === '1') writeFileSync(join(shots, 'sign-sheet.pdf'), pdf)

    // at phone width the overview is one card per draft, each field labelled, nothing squeezed to a character a line
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${t.url}/dashboard`)
    const title = page.locator('#drafts td[data-label="标题"]').first()
    expect((await title.boundingBox())!.width).toBeGreaterThan(250)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.screenshot({ path: join(shots, 'dashboard-phone.png'), fullPage: true })
    await page.close()
    expect(outside).toEqual([])
  })
})
