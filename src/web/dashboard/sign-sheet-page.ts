import type { SignSheet } from '../../bot/drafts/sign-sheet.js'
import { type Html, html, page } from '../html.js'
import { formatTime, STATUS_LABEL } from './format.js'

/**
 * The 审签单 as a page that prints on one A4 sheet from any browser (print.css rules in app.css:
 * no navigation, small type, tables that do not split a row). The checksum at the foot is what
 * `npm run verify-record` and /dashboard/verify confirm against the store.
 */
export function signSheetPage(sheet: SignSheet, checksum: string, printedAt: number): string {
  const empty = (cols: number, text: string): Html => html`<tr><td colspan="${cols}" class="empty">${text}</td></tr>`
  const stageRows = sheet.stages.flatMap((s, i) =>
    s.decisions.length
      ? s.decisions.map(
          (
            d,
            j,
          ) => html`<tr>${j === 0 ? html`<td rowspan="${s.decisions.length}">第${i + 1}级 ${s.name}</td>` : ''}<td>${d.who}</td><td>${d.decision}</td>
            <td>${formatTime(d.at)}</td><td>第${d.version}版</td><td>${d.remark ?? ''}</td></tr>`,
        )
      : [html`<tr><td>第${i + 1}级 ${s.name}</td><td colspan="5" class="empty">未审</td></tr>`],
  )
  const versionRows = sheet.versions.map(
    (v) =>
      html`<tr><td>第${v.version}版</td><td>${v.title}</td><td>${formatTime(v.at)}</td><td>${v.chars} 字</td><td><code>${v.hash}</code></td></tr>`,
  )
  const findingRows = sheet.findings.map(
    (f) => html`<tr><td>第${f.version}版</td><td>${f.category}</td><td>${f.text}</td><td>${f.note ?? ''}</td><td>${f.resolution}</td></tr>`,
  )
  const historyRows = sheet.history.map(
    (h) =>
      html`<tr><td>${formatTime(h.at)}</td><td>${h.who}</td><td>${h.action}</td><td>${h.version ? `第${h.version}版` : ''}</td><td>${h.remark ?? ''}</td></tr>`,
  )
  const publishedRows = sheet.published.map((p) => html`<tr><td>${formatTime(p.at)}</td><td>${p.verdict}</td><td>${p.post ?? ''}</td></tr>`)
  const body = html`<p class="no-print"><a href="/dashboard/drafts/${sheet.id}">← 稿件 ${sheet.id}</a> · <button type="button" onclick="print()">打印 Print</button></p>
  <article class="sign-sheet">
  <h2>新媒体发布审签单 · ${sheet.id}</h2>
  <table class="fields"><tbody>
    <tr><th>账号</th><td>${sheet.account}</td><th>类别</th><td>${sheet.category}</td></tr>
    <tr><th>标题</th><td colspan="3">${sheet.title}</td></tr>
    <tr><th>投稿人</th><td>${sheet.submitter}</td><th>送审时间</th><td>${formatTime(sheet.submittedAt)}</td></tr>
    <tr><th>状态</th><td colspan="3">${STATUS_LABEL[sheet.status]}</td></tr>
  </tbody></table>
  <h3>版本</h3><table><thead><tr><th>版本</th><th>标题</th><th>时间</th><th>字数</th><th>哈希（SHA-256）</th></tr></thead><tbody>${versionRows}</tbody></table>
  <h3>各级审核</h3><table><thead><tr><th>审核级</th><th>审核人</th><th>意见</th><th>时间</th><th>所审版本</th><th>说明</th></tr></thead><tbody>${stageRows}</tbody></table>
  <h3>检查与三校提示及处理</h3><table><thead><tr><th>版本</th><th>类别</th><th>内容</th><th>说明</th><th>处理</th></tr></thead>
    <tbody>${findingRows.length ? findingRows : empty(5, '机器检查无提示')}</tbody></table>
  <h3>审核经过</h3><table><thead><tr><th>时间</th><th>操作人</th><th>操作</th><th>版本</th><th>说明</th></tr></thead><tbody>${historyRows}</tbody></table>
  <h3>发布核对</h3><table><thead><tr><th>时间</th><th>结果</th><th>发布标题</th></tr></thead>
    <tbody>${publishedRows.length ? publishedRows : empty(3, '尚无发布核对记录（未接入平台接口，或尚未发布）')}</tbody></table>
  <p class="checksum">校验码 <b>${checksum}</b> · 打印于 ${formatTime(printedAt)} · 核验：看板「核验审签单」或 <code>npm run verify-record -- ${sheet.id} ${checksum}</code></p>
  </article>`
  return page(`审签单 ${sheet.id}`, body, { nav: true })
}

/** The verification form and, after a check, its answer. */
export function verifyPage(result?: { id: string; ok: boolean; text: string }): string {
  const body = html`<section><h2>核验审签单 Verify a printed record</h2>
  <form method="get" action="/dashboard/verify" class="filters">
    <label>稿件编号 <input name="id" value="${result?.id ?? ''}" size="6" required></label>
    <label>校验码 <input name="code" size="22" placeholder="3F2A-91BC-0D4E-77A1" required></label>
    <button type="submit">核验 Verify</button></form>
  ${result ? html`<p class="${result.ok ? 'ok' : 'error'}" id="verdict">${result.text}</p>` : ''}</section>`
  return page('核验审签单 Verify a record', body, { nav: true })
}
