import { z } from 'zod'
import type { Incident } from '../../alerts/incident.js'
import { collections } from '../../bot/collections.js'
import { accountName, personName } from '../../config/people.js'
import type { Config } from '../../config/schema.js'
import type { PublicMessage } from '../../public-messages/types.js'
import { term } from '../../bot/index-terms.js'
import type { ScoreRange, Store } from '../../store/store.js'
import { currentVersion, finalApproval, peopleOf, type Draft } from '../../workflow/types.js'
import { html, page } from '../html.js'
import { toCsv } from './csv.js'
import { auditTable } from './draft-page.js'
import { formatTime, isoTime, LEVEL_LABEL, STATUS_LABEL } from './format.js'

/**
 * The supervisors' look back: every draft whatever became of it, every public message and alert
 * with its deadline and outcome, and a period as CSV. Filters come from the query string (zod);
 * dates are Beijing calendar days, both ends included.
 *
 * Years of a province's drafts are never read whole: a search reads one index term (by account,
 * status or person, else by date), archived documents included (they keep these terms), newest
 * first, one page at a time, and counts without reading. Only a search the term does not answer
 * by itself (a title, two filters) reads documents to filter them, and at most SCAN_LIMIT of them.
 */
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
const blank = (v: unknown) => (v === '' ? undefined : v)
export const historyQuery = z.object({
  id: z.preprocess(blank, z.string().max(20).optional()),
  q: z.preprocess(blank, z.string().max(200).optional()),
  account: z.preprocess(blank, z.string().max(50).optional()),
  person: z.preprocess(blank, z.string().max(50).optional()),
  status: z.preprocess(blank, z.enum(['pending', 'approved', 'rejected', 'withdrawn', 'blocked']).optional()),
  from: z.preprocess(blank, day.optional()),
  to: z.preprocess(blank, day.optional()),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).optional()),
})
export type HistoryQuery = z.infer<typeof historyQuery>

/** rows per page of the history and messages pages */
const PAGE = 200
/** documents a filtering search reads at most (newest first) */
const SCAN_LIMIT = 10_000
/** rows of one CSV export at most */
const EXPORT_LIMIT = 50_000

export const exportQuery = z.object({
  kind: z.enum(['drafts', 'messages', 'alerts']),
  from: z.preprocess(blank, day.optional()),
  to: z.preprocess(blank, day.optional()),
})

const SHANGHAI = '+08:00'
/** The from..to Beijing days of a history or export query (YYYY-MM-DD, either end open). */
type Period = { from?: string | undefined; to?: string | undefined }
/** [start, end) of the Beijing days from..to; open ends when not given */
function period(q: Period): [number, number] {
  const start = q.from ? Date.parse(`${q.from}T00:00:00${SHANGHAI}`) : -Infinity
  const end = q.to ? Date.parse(`${q.to}T00:00:00${SHANGHAI}`) + 86_400_000 : Infinity
  return [start, end]
}

/** The period as an index score range (times are whole milliseconds, bounds included). */
function scoreRange(q: Period): ScoreRange {
  const [start, end] = period(q)
  return { ...(start > -Infinity ? { min: start } : {}), ...(end < Infinity ? { max: end - 1 } : {}) }
}

/** One page of a search, how many matched in all, and whether the search stopped at SCAN_LIMIT. */
interface Found<T> {
  items: T[]
  total: number
  capped: boolean
}

/** The person terms a person filter may mean: the text itself, and every configured person whose key or name contains it. */
function personTerms(config: Config, who: string): string[] {
  const like = (a: string) => a.toLowerCase().includes(who.toLowerCase())
  const keys = Object.keys(config.people).filter((k) => like(k) || like(personName(config, k)))
  return [...new Set([who, ...keys])].map(term.person)
}

/**
 * The drafts of a history query, newest first, `limit` of them from `offset`. Reads the filter's
 * term with the fewest documents; when that term is the whole query, a page and a count, else up
 * to SCAN_LIMIT documents filtered here. A person filter matches configured people by key or name
 * and submitters by their exact name.
 */
async function searchDrafts(config: Config, store: Store, q: HistoryQuery, offset: number, limit: number): Promise<Found<Draft>> {
  if (q.id) {
    const d = await collections.drafts.get(store, q.id.trim().toUpperCase())
    const items = filterDrafts(config, d ? [d] : [], q)
    return { items: items.slice(offset, offset + limit), total: items.length, capped: false }
  }
  const range = scoreRange(q)
  const sources = [
    ...(q.account ? [[term.account(q.account)]] : []),
    ...(q.status ? [[term.status(q.status)]] : []),
    ...(q.person ? [personTerms(config, q.person)] : []),
  ]
  if (sources.length === 0) sources.push([term.created])
  const sized = await Promise.all(
    sources.map(async (candidates) => {
      const counts = await Promise.all(candidates.map((t) => collections.drafts.count(store, t, range)))
      // a term without documents in the period adds nothing to read
      const terms = candidates.filter((_, i) => counts[i]! > 0)
      return { terms, size: counts.reduce((a, b) => a + b, 0) }
    }),
  )
  const { terms, size } = sized.reduce((a, b) => (b.size < a.size ? b : a))
  if (terms.length === 0) return { items: [], total: 0, capped: false }
  // the term is the whole query: no document needs reading beyond the page
  if (terms.length === 1 && !q.q && sources.length === 1) {
    const items = await collections.drafts.findBy(store, terms[0]!, { ...range, reverse: true, offset, limit })
    return { items, total: size, capped: false }
  }
  const read = await Promise.all(terms.map((t) => collections.drafts.findBy(store, t, { ...range, reverse: true, limit: SCAN_LIMIT })))
  const unique = [...new Map(read.flat().map((d) => [d.id, d])).values()]
  const scanned = unique.sort((a, b) => b.createdAt - a.createdAt).slice(0, SCAN_LIMIT)
  const items = filterDrafts(config, scanned, q)
  return { items: items.slice(offset, offset + limit), total: items.length, capped: size > SCAN_LIMIT }
}

/** Links to the pages before and after this one, keeping the query. */
function pager(path: string, q: Record<string, unknown>, pageNo: number, total: number) {
  if (total <= PAGE) return ''
  const link = (n: number, label: string) => {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(q)) if (v !== undefined && k !== 'page') params.set(k, String(v))
    params.set('page', String(n))
    return html`<a href="${path}?${params.toString()}">${label}</a>`
  }
  const last = Math.ceil(total / PAGE)
  return html`<p class="pager">第 ${pageNo}/${last} 页 ${pageNo > 1 ? link(pageNo - 1, '← 上一页') : ''} ${pageNo < last ? link(pageNo + 1, '下一页 →') : ''}</p>`
}

function filterDrafts(config: Config, drafts: Draft[], q: HistoryQuery): Draft[] {
  const [start, end] = period(q)
  const like = (a: string, b: string) => a.toLowerCase().includes(b.toLowerCase())
  return drafts
    .filter((d) => d.createdAt >= start && d.createdAt < end)
    .filter((d) => !q.id || d.id.toUpperCase() === q.id.trim().toUpperCase())
    .filter((d) => !q.q || d.versions.some((v) => like(v.title, q.q!)))
    .filter((d) => !q.account || d.account === q.account)
    .filter((d) => !q.status || d.status === q.status)
    .filter((d) => !q.person || peopleOf(d).some((p) => p === q.person || like(personName(config, p), q.person!) || like(p, q.person!)))
    .sort((a, b) => b.createdAt - a.createdAt)
}

function filterForm(config: Config, q: HistoryQuery) {
  const option = (value: string, label: string, selected: string | undefined) =>
    html`<option value="${value}"${selected === value ? ' selected' : ''}>${label}</option>`
  return html`<form method="get" action="/dashboard/history" class="filters">
    <label>编号 <input name="id" value="${q.id ?? ''}" size="5"></label>
    <label>标题 <input name="q" value="${q.q ?? ''}"></label>
    <label>账号 <select name="account"><option value="">全部</option>${Object.entries(config.accounts).map(([k, a]) => option(k, a.name, q.account))}</select></label>
    <label>人员 <input name="person" value="${q.person ?? ''}" size="8"></label>
    <label>状态 <select name="status"><option value="">全部</option>${Object.entries(STATUS_LABEL).map(([k, s]) => option(k, s, q.status))}</select></label>
    <label>从 <input type="date" name="from" value="${q.from ?? ''}"></label>
    <label>到 <input type="date" name="to" value="${q.to ?? ''}"></label>
    <button type="submit">查找 Search</button></form>`
}

function exportLinks(q: Period) {
  const range = `${q.from ? `&from=${q.from}` : ''}${q.to ? `&to=${q.to}` : ''}`
  return html`<p class="exports">导出 CSV（所选日期）：<a href="/dashboard/export.csv?kind=drafts${range}">稿件</a> · <a href="/dashboard/export.csv?kind=messages${range}">公众留言</a> · <a href="/dashboard/export.csv?kind=alerts${range}">舆情警报</a></p>`
}

export async function historyPage(config: Config, store: Store, q: HistoryQuery): Promise<string> {
  const pageNo = q.page ?? 1
  const { items: drafts, total, capped } = await searchDrafts(config, store, q, (pageNo - 1) * PAGE, PAGE)
  const rows = drafts.map((d) => {
    const v = currentVersion(d)
    return html`<tr><td><a href="/dashboard/drafts/${d.id}">${d.id}</a></td><td>${v.title}</td><td>${accountName(config, d.account)}</td>
      <td>${d.submitter.name}</td><td>${STATUS_LABEL[d.status]}</td><td>${formatTime(d.createdAt)}</td><td>${formatTime(d.updatedAt)}</td></tr>`
  })
  const body = html`${filterForm(config, q)}${exportLinks(q)}
  <p>共 ${total} 篇${capped ? `（只查了所选日期内最近的 ${SCAN_LIMIT} 篇，请缩小日期范围）` : ''}</p>${pager('/dashboard/history', q, pageNo, total)}
  <table id="drafts"><thead><tr><th>编号</th><th>标题</th><th>账号</th><th>投稿人</th><th>状态</th><th>送审时间</th><th>最后变动</th></tr></thead><tbody>${rows}</tbody></table>`
  return page('稿件历史 Draft history', body, { nav: true })
}

/** How a public message ended, against its deadline. */
function messageOutcome(m: PublicMessage, now: number, time = formatTime): string {
  if (m.reply) return m.reply.at <= m.deadline.dueAt ? `按时回复（${time(m.reply.at)}）` : `逾期回复（${time(m.reply.at)}）`
  return now > m.deadline.dueAt ? '未回复，已逾期' : '未回复'
}

function incidentOutcome(i: Incident, now: number, time = formatTime): string {
  const parts: string[] = []
  if (i.plan) parts.push(`已启动预案（${time(i.plan.at)}${i.deadline && i.plan.at > i.deadline.dueAt ? '，逾期' : ''}）`)
  else if (i.deadline) parts.push(now > i.deadline.dueAt ? '未启动预案，已逾期' : '未启动预案')
  else parts.push('已记录')
  if (i.report) parts.push(i.report.by ? `已上报${i.report.to}` : `待上报${i.report.to}（期限 ${time(i.report.deadline.dueAt)}）`)
  return parts.join('；')
}

/** Public messages received in the period, newest first, one page (archived ones included). */
async function messagesIn(store: Store, q: Period, offset: number, limit: number): Promise<Found<PublicMessage>> {
  const range = scoreRange(q)
  const [page, total] = await Promise.all([
    collections.publicMessages.findBy(store, term.received, { ...range, reverse: true, offset, limit }),
    collections.publicMessages.count(store, term.received, range),
  ])
  // read tolerantly: a message stored without its text is not shown
  return { items: page.filter((m) => typeof m.text === 'string'), total, capped: false }
}

/** Incidents opened in the period, newest first, one page (archived ones included). */
async function incidentsIn(store: Store, q: Period, offset: number, limit: number): Promise<Found<Incident>> {
  const range = scoreRange(q)
  const [items, total] = await Promise.all([
    collections.incidents.findBy(store, term.opened, { ...range, reverse: true, offset, limit }),
    collections.incidents.count(store, term.opened, range),
  ])
  return { items, total, capped: false }
}

export async function messagesPage(config: Config, store: Store, now: number, q: Period & { page?: number | undefined }): Promise<string> {
  const pageNo = q.page ?? 1
  const offset = (pageNo - 1) * PAGE
  const [found, foundIncidents] = await Promise.all([messagesIn(store, q, offset, PAGE), incidentsIn(store, q, offset, PAGE)])
  const messages = found.items
  const incidents = foundIncidents.items
  const mRows = messages.map(
    (
      m,
    ) => html`<tr><td><a href="/dashboard/messages/${m.id}">${m.id}</a></td><td>${accountName(config, m.account)}</td><td>${m.author}</td><td>${m.text}</td><td>${m.sensitive ? '敏感' : '一般'}</td>
      <td>${personName(config, m.handler)}</td><td>${formatTime(m.receivedAt)}</td><td>${m.deadline.description}，${formatTime(m.deadline.dueAt)}</td><td>${messageOutcome(m, now)}</td></tr>`,
  )
  const iRows = incidents.map(
    (
      i,
    ) => html`<tr><td><a href="/dashboard/messages/${i.id}">${i.id}</a></td><td>${LEVEL_LABEL[i.level]}</td><td>${i.description}</td><td>${personName(config, i.reportedBy)}</td><td>${formatTime(i.openedAt)}</td>
      <td>${i.deadline ? formatTime(i.deadline.dueAt) : '—'}</td><td>${incidentOutcome(i, now)}</td></tr>`,
  )
  const body = html`<form method="get" action="/dashboard/messages" class="filters"><label>从 <input type="date" name="from" value="${q.from ?? ''}"></label>
    <label>到 <input type="date" name="to" value="${q.to ?? ''}"></label><button type="submit">查找 Search</button></form>${exportLinks(q)}
  ${pager('/dashboard/messages', q, pageNo, Math.max(found.total, foundIncidents.total))}
  <section><h2>公众留言 Public messages（${found.total}）</h2><table id="messages"><thead><tr><th>编号</th><th>账号</th><th>留言人</th><th>内容</th><th>类别</th><th>经办人</th><th>收到</th><th>答复期限</th><th>结果</th></tr></thead><tbody>${mRows}</tbody></table></section>
  <section><h2>舆情警报 Alerts（${foundIncidents.total}）</h2><table id="alerts"><thead><tr><th>编号</th><th>级别</th><th>描述</th><th>报告人</th><th>时间</th><th>预案期限</th><th>结果</th></tr></thead><tbody>${iRows}</tbody></table></section>`
  return page('留言与舆情 Messages and alerts', body, { nav: true })
}

/** One public message (C7) or alert (A3): what it was, its deadlines and outcome, and its audit trail. */
export async function messageDetailPage(config: Config, store: Store, now: number, id: string): Promise<string | undefined> {
  const back = html`<p><a href="/dashboard/messages">← 留言与舆情</a></p>`
  if (id.startsWith('C')) {
    const m = await collections.publicMessages.get(store, id)
    if (!m || typeof m.text !== 'string') return undefined
    const body = html`${back}<section><h2>${m.id} · ${m.sensitive ? '敏感留言' : '一般留言'} · ${accountName(config, m.account)}</h2>
      <p>${m.author}：${m.text}</p>
      <ul><li>收到 ${formatTime(m.receivedAt)} · 经办人 ${personName(config, m.handler)}</li>
      <li>答复期限：${m.deadline.description}，${formatTime(m.deadline.dueAt)}</li>
      ${m.acknowledge ? html`<li>当日受理回复期限 ${formatTime(m.acknowledge.dueAt)}${m.acknowledgedAt ? `，已于 ${formatTime(m.acknowledgedAt)} 受理` : ''}</li>` : ''}
      <li>结果：${messageOutcome(m, now)}${m.reply?.text ? `：${m.reply.text}` : ''}</li></ul></section>
      ${auditTable(config, await store.audit(id))}`
    return page(`留言 ${m.id}`, body, { nav: true })
  }
  const i = await collections.incidents.get(store, id)
  if (!i) return undefined
  const body = html`${back}<section><h2>${i.id} · ${LEVEL_LABEL[i.level]}舆情</h2><p>${i.description}</p>
    <ul><li>报告 ${personName(config, i.reportedBy)} · ${formatTime(i.openedAt)}</li>
    ${i.deadline ? html`<li>启动预案期限 ${formatTime(i.deadline.dueAt)}</li>` : ''}
    ${i.report ? html`<li>向${i.report.to}报告期限 ${formatTime(i.report.deadline.dueAt)}</li>` : ''}
    <li>结果：${incidentOutcome(i, now)}</li></ul></section>
    ${auditTable(config, await store.audit(id))}`
  return page(`舆情 ${i.id}`, body, { nav: true })
}

type Cells = (string | number | undefined)[]

/** The rows of an export, and a last row saying so when the period held more than one export takes. */
function exportRows<T>(found: Found<T>, row: (item: T) => Cells): Cells[] {
  const rows = found.items.map(row)
  return found.capped || found.total > found.items.length ? [...rows, [`（只导出了最近的 ${found.items.length} 条：请缩小日期范围）`]] : rows
}

/**
 * The account as a spreadsheet cell: its platform first ("微博 @广东共青团"), so a Weibo handle
 * neither reads as a formula nor needs the ' that defuses one.
 */
function accountCell(config: Config, key: string): string {
  const platform = config.accounts[key]?.platform
  return `${platform === 'weibo' ? '微博' : platform === 'wechat' ? '微信' : ''} ${accountName(config, key)}`.trim()
}

export async function exportCsv(config: Config, store: Store, now: number, q: z.infer<typeof exportQuery>): Promise<string> {
  const t = (ms: number | undefined) => (ms === undefined ? '' : isoTime(ms))
  switch (q.kind) {
    case 'drafts': {
      return toCsv(
        ['编号', '标题', '账号', '类别', '投稿人', '状态', '版本', '版本哈希', '终审人', '终审时间', '送审时间', '最后变动', '驳回理由'],
        exportRows(await searchDrafts(config, store, q, 0, EXPORT_LIMIT), (d) => {
          const v = currentVersion(d)
          const final = finalApproval(d)
          return [
            d.id,
            v.title,
            accountCell(config, d.account),
            config.categories[d.category]?.name ?? d.category,
            d.submitter.name,
            STATUS_LABEL[d.status],
            v.version,
            v.hash,
            final ? personName(config, final.person) : '',
            t(final?.at),
            t(d.createdAt),
            t(d.updatedAt),
            d.rejection?.reason,
          ]
        }),
      )
    }
    case 'messages':
      return toCsv(
        ['编号', '账号', '留言人', '内容', '类别', '经办人', '收到', '答复期限', '结果'],
        exportRows(await messagesIn(store, q, 0, EXPORT_LIMIT), (m) => [
          m.id,
          accountCell(config, m.account),
          m.author,
          m.text,
          m.sensitive ? '敏感' : '一般',
          personName(config, m.handler),
          t(m.receivedAt),
          t(m.deadline.dueAt),
          messageOutcome(m, now, isoTime),
        ]),
      )
    case 'alerts':
      return toCsv(
        ['编号', '级别', '描述', '报告人', '时间', '预案期限', '结果'],
        exportRows(await incidentsIn(store, q, 0, EXPORT_LIMIT), (i) => [
          i.id,
          LEVEL_LABEL[i.level],
          i.description,
          personName(config, i.reportedBy),
          t(i.openedAt),
          t(i.deadline?.dueAt),
          incidentOutcome(i, now, isoTime),
        ]),
      )
  }
}
