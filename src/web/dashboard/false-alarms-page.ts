import { auditSubject, type FalseAlarmRecord, falseAlarms, LEARN_AFTER, markCount } from '../../bot/false-alarms/learned.js'
import type { Config } from '../../config/schema.js'
import { personName } from '../../config/people.js'
import type { Store } from '../../store/store.js'
import { type Html, html, page } from '../html.js'
import { auditTable } from './draft-page.js'
import { formatTime } from './format.js'

function row(config: Config, r: FalseAlarmRecord): Html {
  const marks = r.marks.map(
    (m) => html`<li>${personName(config, m.by)} · ${formatTime(m.at)} · <a href="/dashboard/drafts/${m.draft}">${m.draft}</a></li>`,
  )
  const state =
    r.learnedAt !== undefined
      ? html`已学会（${formatTime(r.learnedAt)}），不再提示
        <form method="post" action="/dashboard/false-alarms/${r.id}/restore"><button type="submit">恢复提示 Restore</button></form>`
      : html`待定：再有 ${LEARN_AFTER - markCount(r)} 人在其他稿件上标记即不再提示${r.restored ? `（${personName(config, r.restored.by)} ${formatTime(r.restored.at)} 恢复过）` : ''}`
  return html`<tr id="fa-${r.id}"><td>「${r.text}」${r.term !== r.text ? `（${r.term}）` : ''}</td><td>${config.checklist.categories[r.category]?.name ?? r.category}</td>
    <td>${markCount(r)}</td><td><ul>${marks}</ul></td><td>${state}</td></tr>`
}

/**
 * The findings reviewers marked as false alarms (#误报): learned ones first (no longer raised, each
 * with a form to restore it), then those still being counted, restored ones among them.
 */
export async function falseAlarmsPage(config: Config, store: Store): Promise<string> {
  const shown = await falseAlarms.list(store)
  shown.sort(
    (a, b) => Number(b.learnedAt !== undefined) - Number(a.learnedAt !== undefined) || markCount(b) - markCount(a) || a.id.localeCompare(b.id),
  )
  const body = shown.length
    ? html`<p>同一检查提示被 ${LEARN_AFTER} 位审核人在 ${LEARN_AFTER} 篇不同稿件上标为误报后，本单位今后的稿件和答复不再提示它；禁发内容等拦截项始终提示。</p>
      <table id="false-alarms"><thead><tr><th>检查提示</th><th>类别</th><th>次数</th><th>标记人 · 时间 · 稿件</th><th>状态</th></tr></thead>
      <tbody>${shown.map((r) => row(config, r))}</tbody></table>`
    : html`<p>还没有人用「#误报」标记过检查提示。</p>`
  const trail = (await Promise.all(shown.map((r) => store.audit(auditSubject(r.id))))).flat().sort((a, b) => a.at - b.at)
  return page('误报学习 False alarms', html`${body}${trail.length ? auditTable(config, trail) : ''}`, { nav: true })
}
