import { collections } from '../../bot/collections.js'
import { term } from '../../bot/index-terms.js'
import { undeliverable } from '../../chat/outbox.js'
import type { Clock } from '../../clock.js'
import type { Config } from '../../config/schema.js'
import type { Store } from '../../store/store.js'
import { dutyOf, type DutyContext } from '../../workflow/duty.js'
import { accountName, personName } from '../../config/people.js'
import { engineContextAt } from '../../workflow/engine.js'
import { leavesNotEnded } from '../../bot/engine-context.js'
import { currentVersion, type Draft } from '../../workflow/types.js'
import { html, page } from '../html.js'
import { formatDuration, formatTime, LEVEL_LABEL } from './format.js'
import { listOpenIncidents, listOpenMessages } from './store-views.js'
import { unconfiguredSection } from './unconfigured.js'
import { POLLS, type PollState } from '../../bot/platform-sync/poll-state.js'
import { STREAM_NAMES } from '../../bot/platform-sync/texts.js'

/** The names of those asked to act on a pending draft now; "?" when its chain is no longer in the config. */
function askedNames(d: Draft, ctx: DutyContext): string {
  try {
    return (
      dutyOf(d, ctx)
        .asked.map((p) => personName(ctx.config, p))
        .join('、') || '无人可审（主管在群里发 #指定 编号 @某人）'
    )
  } catch {
    return '?'
  }
}

/**
 * The supervisors' overview: drafts pending (stage, who, how long), public messages open with a
 * live countdown (sensitive first), open incidents. `data-due` and `data-now` carry the bot's
 * clock, so the countdown is right even when the playground's simulated clock is ahead.
 */
export async function overviewPage(config: Config, store: Store, clock: Clock): Promise<string> {
  const now = clock.now()
  const ctx = engineContextAt(config, now, await leavesNotEnded(store, now))
  const drafts = (await collections.drafts.findBy(store, term.pending)).sort((a, b) => a.stageSince - b.stageSince)
  const messages = await listOpenMessages(store)
  const incidents = await listOpenIncidents(store)
  const undelivered = await undeliverable(store, now, config.chat.outbox.alertAfterMinutes * 60_000)

  const draftRows = drafts.map((d) => {
    const stages = config.chains[d.chain]?.stages ?? []
    return html`<tr><td data-label="编号"><a href="/dashboard/drafts/${d.id}">${d.id}</a></td><td data-label="标题">${currentVersion(d).title}</td>
      <td data-label="账号">${accountName(config, d.account)}</td><td data-label="审核级">${d.stage + 1}/${stages.length} ${stages[d.stage]?.name ?? ''}</td>
      <td data-label="待谁审核">${askedNames(d, ctx)}</td><td data-label="本级已等">${formatDuration(now - d.stageSince)}</td><td data-label="送审至今">${formatDuration(now - d.createdAt)}</td></tr>`
  })
  const messageRows = messages.map(
    (
      m,
    ) => html`<tr class="${m.sensitive ? 'sensitive' : ''}"><td data-label="编号"><a href="/dashboard/messages/${m.id}">${m.id}</a></td><td data-label="类别">${m.sensitive ? '⚠️ 敏感' : '一般'}</td>
      <td data-label="账号">${accountName(config, m.account)}</td><td data-label="留言人">${m.author}</td><td class="text" data-label="内容">${m.text}</td>
      <td data-label="经办人">${m.handler ? personName(config, m.handler) : ''}</td>
      <td data-label="剩余时间">${m.dueAt !== undefined ? html`<time class="countdown" data-due="${m.dueAt}" title="${m.rule ?? ''}">${formatTime(m.dueAt)}</time>` : '—'}</td></tr>`,
  )
  const incidentRows = incidents.map(
    (
      i,
    ) => html`<tr class="level-${i.level}"><td data-label="编号"><a href="/dashboard/messages/${i.id}">${i.id}</a></td><td data-label="级别">${LEVEL_LABEL[i.level]}</td><td class="text" data-label="描述">${i.description}</td>
      <td data-label="发生">${formatTime(i.openedAt)}</td>
      <td data-label="预案时限">${i.deadline ? html`<time class="countdown" data-due="${i.deadline.dueAt}">${formatTime(i.deadline.dueAt)}</time>` : '—'}</td></tr>`,
  )
  const undeliveredRows = undelivered.map(
    (e) =>
      html`<tr><td>${e.to}</td><td class="text">${e.text}</td><td>${formatTime(e.createdAt)}</td><td>${e.tries}</td><td>${e.lastError ?? ''}</td></tr>`,
  )
  const polls = (await store.list<PollState>(POLLS)).sort((a, b) => a.id.localeCompare(b.id))
  const pollRows = polls.map((p) => {
    const limited = p.backoffUntil !== undefined && p.backoffUntil > now
    return html`<tr class="${limited ? 'sensitive' : ''}"><td data-label="账号">${accountName(config, p.account)}</td><td data-label="内容">${STREAM_NAMES[p.stream] ?? p.stream}</td>
      <td data-label="上次成功">${p.lastOkAt !== undefined ? formatTime(p.lastOkAt) : '—'}</td><td data-label="累计">${p.totalTaken}</td>
      <td class="text" data-label="最近错误">${p.lastError && p.failures > 0 ? `${p.lastError.code ?? ''} ${p.lastError.message}` : ''}</td>
      <td data-label="状态">${limited ? `暂停至 ${formatTime(p.backoffUntil!)}` : '正常'}</td></tr>`
  })
  const empty = (cols: number, text: string) => html`<tr><td colspan="${cols}" class="empty">${text}</td></tr>`
  // Shown only when something is stuck: the bot keeps retrying, a person should look at the platform.
  const outboxSection = undelivered.length
    ? html`<section><h2>未送达的机器人消息 Undelivered bot messages (${undelivered.length})</h2><table id="undelivered">
    <thead><tr><th>发往</th><th>内容</th><th>产生</th><th>已重试</th><th>最近错误</th></tr></thead><tbody>${undeliveredRows}</tbody></table></section>`
    : ''
  const body = html`<p class="clock" data-now="${now}">当前时间 Now: ${formatTime(now)}（北京时间）</p>${outboxSection}${await unconfiguredSection(config, store)}
  <section><h2>待审稿件 Drafts pending (${drafts.length})</h2><table id="drafts" class="cards">
    <thead><tr><th>编号</th><th>标题</th><th>账号</th><th>审核级</th><th>待谁审核</th><th>本级已等</th><th>送审至今</th></tr></thead>
    <tbody>${draftRows.length ? draftRows : empty(7, '没有待审稿件')}</tbody></table></section>
  <section><h2>待回复留言 Public messages open (${messages.length})</h2><table id="messages" class="cards">
    <thead><tr><th>编号</th><th>类别</th><th>账号</th><th>留言人</th><th>内容</th><th>经办人</th><th>剩余时间</th></tr></thead>
    <tbody>${messageRows.length ? messageRows : empty(7, '没有待回复留言')}</tbody></table></section>
  <section><h2>舆情事件 Open incidents (${incidents.length})</h2><table id="incidents" class="cards">
    <thead><tr><th>编号</th><th>级别</th><th>描述</th><th>发生</th><th>预案时限</th></tr></thead>
    <tbody>${incidentRows.length ? incidentRows : empty(5, '没有未结束的舆情事件')}</tbody></table></section>
  <section><h2>平台接口 Platform polling (${polls.length})</h2><table id="platforms" class="cards">
    <thead><tr><th>账号</th><th>内容</th><th>上次成功</th><th>累计</th><th>最近错误</th><th>状态</th></tr></thead>
    <tbody>${pollRows.length ? pollRows : empty(6, '没有配置平台接口（见 README「平台接口」）')}</tbody></table></section>`
  return page('督办总览 Dashboard', body, { nav: true, script: 'dashboard.js' })
}
