import type { Incident } from '../../alerts/incident.js'
import { collections } from '../../bot/collections.js'
import { accountName, personName } from '../../config/people.js'
import type { Config } from '../../config/schema.js'
import type { PublicMessage } from '../../public-messages/types.js'
import type { Store } from '../../store/store.js'
import { currentVersion } from '../../workflow/types.js'
import { html, page } from '../html.js'
import { auditTable } from './draft-page.js'
import { formatTime, LEVEL_LABEL, STATUS_LABEL } from './format.js'
import { type HistoryQuery, incidentsIn, messagesIn, type Period, SCAN_LIMIT, searchDrafts } from './history-search.js'

/** The history pages: drafts, public messages and alerts of a period, a page at a time, with links to the CSV. */

/** rows per page of the history and messages pages */
const PAGE = 200

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
export function messageOutcome(m: PublicMessage, now: number, time = formatTime): string {
  if (m.reply) return m.reply.at <= m.deadline.dueAt ? `按时回复（${time(m.reply.at)}）` : `逾期回复（${time(m.reply.at)}）`
  return now > m.deadline.dueAt ? '未回复，已逾期' : '未回复'
}

export function incidentOutcome(i: Incident, now: number, time = formatTime): string {
  const parts: string[] = []
  if (i.plan) parts.push(`已启动预案（${time(i.plan.at)}${i.deadline && i.plan.at > i.deadline.dueAt ? '，逾期' : ''}）`)
  else if (i.deadline) parts.push(now > i.deadline.dueAt ? '未启动预案，已逾期' : '未启动预案')
  else parts.push('已记录')
  if (i.report) parts.push(i.report.by ? `已上报${i.report.to}` : `待上报${i.report.to}（期限 ${time(i.report.deadline.dueAt)}）`)
  return parts.join('；')
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
