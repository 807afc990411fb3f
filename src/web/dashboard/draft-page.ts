import { collections } from '../../bot/collections.js'
import type { Config } from '../../config/schema.js'
import type { AuditEntry, Store } from '../../store/store.js'
import { accountName, personName } from '../../config/people.js'
import { auditActionName } from '../../workflow/audit-actions.js'
import { type Html, html, page } from '../html.js'
import { chainLabel, formatTime, STATUS_LABEL } from './format.js'

/** The detail of an audit entry without what the columns already show. */
function detailOf(config: Config, e: AuditEntry): string {
  const d = { ...(e.detail ?? {}) }
  const parts: string[] = []
  if (typeof d.stage === 'number') parts.push(`第${d.stage + 1}级`)
  if (typeof d.person === 'string') parts.push(personName(config, d.person))
  if (typeof d.via === 'string' && d.via !== 'primary') parts.push(`方式 ${d.via}`)
  if (Array.isArray(d.onBehalfOf)) parts.push(`代 ${d.onBehalfOf.map((p) => personName(config, String(p))).join('、')}`)
  if (typeof d.from === 'string' && typeof d.to === 'string') parts.push(`${personName(config, d.from)} → ${personName(config, d.to)}`)
  for (const k of ['reason', 'text', 'by'] as const) if (typeof d[k] === 'string') parts.push(String(d[k]))
  return parts.join('，')
}

/** The audit trail of one draft, message or alert, oldest first. */
export function auditTable(config: Config, trail: AuditEntry[]): Html {
  const rows = trail.map(
    (e) => html`<tr><td>${formatTime(e.at)}</td><td>${e.actor === 'bot' ? '三审助手' : personName(config, e.actor)}</td>
      <td>${auditActionName(e.action)}</td><td>${e.version ?? ''}</td><td><code>${e.hash?.slice(0, 12) ?? ''}</code></td><td>${detailOf(config, e)}</td></tr>`,
  )
  return html`<section><h2>审核记录 Audit trail</h2><table id="audit"><thead><tr><th>时间</th><th>操作人</th><th>操作</th><th>版本</th><th>哈希</th><th>说明</th></tr></thead>
  <tbody>${rows}</tbody></table></section>`
}

/** One draft's full record: every version's text and hash, then the audit trail, oldest first. */
export async function draftPage(config: Config, store: Store, id: string): Promise<string | undefined> {
  const draft = await collections.drafts.get(store, id)
  if (!draft) return undefined
  const trail = await store.audit(id)
  const versions = [...draft.versions].reverse().map(
    (v) => html`<article class="version"><h3>第${v.version}版「${v.title}」</h3>
      <p class="meta">${formatTime(v.at)} · 哈希 <code>${v.hash}</code>${v.findings.length ? ` · 检查提示 ${v.findings.length} 项` : ''}</p>
      <pre>${v.body}</pre></article>`,
  )
  const body = html`<p><a href="/dashboard">← 返回总览</a> · <a href="/dashboard/drafts/${draft.id}/record">审签单（打印）</a></p>
  <section><h2>${draft.id} · ${STATUS_LABEL[draft.status]} · ${accountName(config, draft.account)} · ${config.categories[draft.category]?.name ?? draft.category}</h2>
  <p>投稿人 ${draft.submitter.name} · 审批流程 ${chainLabel(config, draft.chain)}${draft.rejection ? ` · 驳回理由：${draft.rejection.reason}` : ''}</p></section>
  <section><h2>各版本 Versions</h2>${versions}</section>
  ${auditTable(config, trail)}`
  return page(`稿件 ${draft.id}`, body, { nav: true })
}
