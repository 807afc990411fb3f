import { z } from 'zod'
import { collection } from '../../bot/collections.js'
import { loadSignSheet, verifySignSheet } from '../../bot/drafts/verify-sign-sheet.js'
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify'
import type { Clock } from '../../clock.js'
import type { Config } from '../../config/schema.js'
import type { Store, StoredDoc } from '../../store/store.js'
import { html, page } from '../html.js'
import type { Metrics } from '../metrics.js'
import { refuse } from '../refuse.js'
import { draftPage } from './draft-page.js'
import { falseAlarmsPage } from './false-alarms-page.js'
import { restoreFinding } from '../../bot/false-alarms/learned.js'
import { exportCsv, exportQuery } from './export-csv.js'
import { historyPage, messageDetailPage, messagesPage } from './history.js'
import { historyQuery } from './history-search.js'
import { overviewPage } from './overview-page.js'
import { reportPage, reportQuery } from './report-page.js'
import { signSheetPage, verifyPage } from './sign-sheet-page.js'
import type { FloodLimit } from '../flood-limit.js'
import { crossSiteReason } from './same-origin.js'
import { COOKIE, issueSession, sessionOf, tokenMatches } from './session.js'

/**
 * The supervisors' dashboard under /dashboard, behind SANSHEN_DASHBOARD_TOKEN. The
 * token is typed once into a login form; the browser then holds an HttpOnly, SameSite=Strict
 * session cookie (see session.ts). It writes to the store only to end a session and to restore a
 * finding learned as a false alarm, both from its own forms.
 */
export interface DashboardOptions {
  config: Config
  store: Store
  clock: Clock
  env: Record<string, string | undefined>
  metrics: Metrics
  guard: onRequestHookHandler
  /**
   * Wrong tokens allowed, from all sources together: the per-source guard alone lets many
   * addresses guess in parallel. When it is spent, every login waits (429) until it refills.
   */
  loginFailures: FloodLimit
}

/** the one configured token: wrong guesses against it are counted together, whatever their source */
const TOKEN_KEY = 'dashboard-token'

interface EndedSession extends StoredDoc {
  expiry: number
}
const verifyQuery = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[Dd]\d{1,9}$/),
  code: z.string().trim().min(4).max(40),
})

const endedSessions = collection<EndedSession>('dashboard-sessions')

function loginPage(error?: string): string {
  return page(
    '督办登录 Dashboard login',
    html`<form method="post" action="/dashboard/login" class="login">
      <label>访问口令 Access token <input type="password" name="token" autocomplete="current-password" autofocus required></label>
      <button type="submit">登录 Log in</button>${error ? html`<p class="error">${error}</p>` : ''}</form>`,
  )
}

export function registerDashboard(app: FastifyInstance, o: DashboardOptions): void {
  const token = () => o.env.SANSHEN_DASHBOARD_TOKEN || undefined
  const secure = (request: FastifyRequest) => (request.protocol === 'https' ? '; Secure' : '')

  /** A session logged out of stays refused until its cookie would have expired anyway. */
  const ended = async (id: string) => Boolean(await endedSessions.get(o.store, id))

  const requireLogin = async (request: FastifyRequest, reply: FastifyReply) => {
    const t = token()
    if (!t) return refuse(o.metrics, request, reply, 'not-configured', 'SANSHEN_DASHBOARD_TOKEN')
    const session = sessionOf(t, request.headers.cookie, Date.now())
    if (!session || (await ended(session.id))) return reply.redirect('/dashboard/login', 303)
    reply.header('cache-control', 'no-store')
    return undefined
  }
  /** the dashboard's forms (login, logout, restoring a false alarm) are taken from its own pages only (same-origin.ts) */
  const sameOrigin = async (request: FastifyRequest, reply: FastifyReply) => {
    const why = crossSiteReason(request)
    return why ? refuse(o.metrics, request, reply, 'cross-site', why) : undefined
  }
  const htmlReply = (reply: FastifyReply, body: string, code = 200) => reply.code(code).type('text/html; charset=utf-8').send(body)
  /** A 400 or 404 page: what was wrong, and a link back to where one can try again. */
  const problemReply = (reply: FastifyReply, code: 400 | 404, title: string, text: string, back: string, backLabel: string) =>
    htmlReply(reply, page(title, html`<p>${text}<a href="${back}">${backLabel}</a></p>`, { nav: true }), code)

  app.get('/dashboard/login', async (_request, reply) => htmlReply(reply, loginPage()))
  app.post('/dashboard/login', { onRequest: [o.guard, sameOrigin] }, async (request, reply) => {
    const t = token()
    if (!t) return refuse(o.metrics, request, reply, 'not-configured', 'SANSHEN_DASHBOARD_TOKEN')
    if (!o.loginFailures.has(TOKEN_KEY)) {
      o.metrics.refused.inc({ route: '/dashboard/login', reason: 'locked' })
      request.log.warn({ ip: request.ip, reason: 'locked' }, 'dashboard login refused')
      return htmlReply(reply, loginPage('登录失败次数过多，已暂停登录，请稍后再试 Too many wrong tokens; try again later'), 429)
    }
    if (!tokenMatches(t, (request.body as { token?: unknown } | undefined)?.token)) {
      o.loginFailures.allow(TOKEN_KEY)
      o.metrics.refused.inc({ route: '/dashboard/login', reason: 'bad-token' })
      request.log.warn({ ip: request.ip, reason: 'bad-token' }, 'dashboard login refused')
      return htmlReply(reply, loginPage('口令不正确 Wrong token'), 401)
    }
    const session = issueSession(t, Date.now())
    reply.header(
      'set-cookie',
      `${COOKIE}=${session.value}; Max-Age=${session.maxAgeSeconds}; Path=/dashboard; HttpOnly; SameSite=Strict${secure(request)}`,
    )
    return reply.redirect('/dashboard', 303)
  })
  app.post('/dashboard/logout', { onRequest: sameOrigin }, async (request, reply) => {
    const t = token()
    const session = t ? sessionOf(t, request.headers.cookie, Date.now()) : undefined
    if (session && !(await ended(session.id))) {
      await endedSessions.commit(o.store, { id: session.id, rev: 0, expiry: session.expiry }, 0, [
        { at: o.clock.now(), actor: 'dashboard', action: 'dashboard-logout', subject: `session:${session.id.slice(0, 6)}` },
      ])
    }
    reply.header('set-cookie', `${COOKIE}=; Max-Age=0; Path=/dashboard; HttpOnly; SameSite=Strict${secure(request)}`)
    return reply.redirect('/dashboard/login', 303)
  })

  app.get('/dashboard', { preHandler: requireLogin }, async (_request, reply) => htmlReply(reply, await overviewPage(o.config, o.store, o.clock)))
  app.get('/dashboard/report', { preHandler: requireLogin }, async (request, reply) => {
    const q = reportQuery.safeParse(request.query)
    if (!q.success) return problemReply(reply, 400, '查询有误 Bad query', 'week 须为 0（本周）到 520 之间的整数。', '/dashboard/report', '本周')
    return htmlReply(reply, await reportPage(o.config, o.store, o.clock.now(), q.data.week))
  })
  app.get('/dashboard/history', { preHandler: requireLogin }, async (request, reply) => {
    const q = historyQuery.safeParse(request.query)
    if (!q.success) return problemReply(reply, 400, '查询有误 Bad query', '查询条件有误（日期须为 年-月-日）。', '/dashboard/history', '重新查询')
    return htmlReply(reply, await historyPage(o.config, o.store, q.data))
  })
  app.get('/dashboard/messages', { preHandler: requireLogin }, async (request, reply) => {
    const q = historyQuery.pick({ from: true, to: true, page: true }).safeParse(request.query)
    if (!q.success) return problemReply(reply, 400, '查询有误 Bad query', '日期须为 年-月-日。', '/dashboard/messages', '重新查询')
    return htmlReply(reply, await messagesPage(o.config, o.store, o.clock.now(), q.data))
  })
  app.get('/dashboard/messages/:id', { preHandler: requireLogin }, async (request, reply) => {
    const id = (request.params as { id: string }).id.toUpperCase()
    const body = await messageDetailPage(o.config, o.store, o.clock.now(), id)
    return body ? htmlReply(reply, body) : problemReply(reply, 404, '未找到 Not found', `没有留言或舆情 ${id}。`, '/dashboard/messages', '返回')
  })
  app.get('/dashboard/export.csv', { preHandler: requireLogin }, async (request, reply) => {
    const q = exportQuery.safeParse(request.query)
    if (!q.success) return reply.code(400).type('text/plain; charset=utf-8').send('kind 须为 drafts、messages 或 alerts；from/to 须为 年-月-日。')
    const name = `sanshen-${q.data.kind}-${q.data.from ?? 'all'}-${q.data.to ?? 'all'}.csv`
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(await exportCsv(o.config, o.store, o.clock.now(), q.data))
  })
  app.get('/dashboard/drafts/:id/record', { preHandler: requireLogin }, async (request, reply) => {
    const id = (request.params as { id: string }).id.toUpperCase()
    const found = await loadSignSheet(o.config, o.store, id)
    if (!found) return problemReply(reply, 404, '未找到 Not found', `没有稿件 ${id}。`, '/dashboard', '返回总览')
    return htmlReply(reply, signSheetPage(found.sheet, found.checksum, o.clock.now()))
  })
  app.get('/dashboard/verify', { preHandler: requireLogin }, async (request, reply) => {
    const q = verifyQuery.safeParse(request.query)
    if (!q.success) return htmlReply(reply, verifyPage(), Object.keys(request.query ?? {}).length ? 400 : 200)
    const result = await verifySignSheet(o.config, o.store, q.data.id, q.data.code)
    return htmlReply(reply, verifyPage({ id: q.data.id, ...result }))
  })
  app.get('/dashboard/false-alarms', { preHandler: requireLogin }, async (_request, reply) =>
    htmlReply(reply, await falseAlarmsPage(o.config, o.store)),
  )
  app.post('/dashboard/false-alarms/:id/restore', { onRequest: sameOrigin, preHandler: requireLogin }, async (request, reply) => {
    const id = (request.params as { id: string }).id
    if (!/^[0-9a-f]{20}$/.test(id) || !(await restoreFinding(o.store, id, 'dashboard', o.clock.now()))) {
      return problemReply(reply, 404, '未找到 Not found', '没有这条已学会的误报（可能已被恢复）。', '/dashboard/false-alarms', '返回误报学习')
    }
    return reply.redirect('/dashboard/false-alarms', 303)
  })
  app.get('/dashboard/drafts/:id', { preHandler: requireLogin }, async (request, reply) => {
    const id = (request.params as { id: string }).id.toUpperCase()
    const body = await draftPage(o.config, o.store, id)
    return body ? htmlReply(reply, body) : problemReply(reply, 404, '未找到 Not found', `没有稿件 ${id}。`, '/dashboard', '返回总览')
  })
}
