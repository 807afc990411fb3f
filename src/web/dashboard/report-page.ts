import { weekData } from '../../bot/schedules.js'
import type { Config } from '../../config/schema.js'
import { z } from 'zod'
import { calendarWeek, periodLabel } from '../../reports/week.js'
import { weeklyFigures } from '../../reports/weekly-report.js'
import type { Store } from '../../store/store.js'
import { html, page, Html } from '../html.js'
import { cut, formatDuration } from './format.js'
import { barChart } from './svg-chart.js'

/** `?week=1` is last week (the one the chat's weekly report covers), 0 this week so far. */
export const reportQuery = z.object({ week: z.coerce.number().int().min(0).max(520).default(0) })

/**
 * The weekly report (每周总结阅评) with server-drawn SVG charts: the figures of the scheduled report
 * (reports/weekly-report.ts, the same function and rules) over a calendar week, Monday to Sunday;
 * the current week runs up to now (inclusive: the playground's clock stands still between advances).
 */
export async function reportPage(config: Config, store: Store, now: number, back = 0): Promise<string> {
  const week = calendarWeek(now, back)
  const from = week.from
  const to = Math.min(week.to, now + 1)
  const f = weeklyFigures({ config, from, to, ...(await weekData(store, from, to)) })
  const minutes = (m: number | undefined) => Math.round(m ?? 0)
  const stageChart = barChart(
    [...f.approvalMinutes].map(([stage, s]) => ({ label: `${stage}（${s.count} 次）`, values: [minutes(s.median), minutes(s.p90)] })),
    { title: '各审核级用时（时长） Approval time per stage', series: ['中位数 median', '90%分位 p90'], format: (v) => formatDuration(v * 60_000) },
  )
  const rejectChart = barChart(
    f.rejectionsByReason.map(([reason, n]) => ({ label: cut(reason, 12), values: [n] })),
    {
      title: '驳回理由 Rejections by reason',
      series: ['次数'],
    },
  )
  const findingChart = barChart(
    f.findingsByCategory.map(([category, n]) => ({ label: category, values: [n] })),
    {
      title: '检查提示类别 Checklist findings by category',
      series: ['次数'],
    },
  )
  const replyChart = barChart(
    [
      { label: '按时回复 met', values: [f.replies.met] },
      { label: '逾期 missed', values: [f.replies.missed] },
    ],
    { title: '留言回复时限 Reply deadlines', series: ['条数'] },
  )
  const weekLink = (n: number, label: string) => html`<a href="/dashboard/report?week=${n}">${label}</a>`
  const body = html`<p>统计区间 ${periodLabel(f.from, f.to)}${back === 0 ? '（本周至今）' : ''}；群里的周报每周一发上周（周一至周日）。</p>
  <p class="pager">${weekLink(back + 1, '← 前一周')} ${back > 0 ? weekLink(back - 1, '后一周 →') : ''} ${back !== 1 ? weekLink(1, '上周') : ''}</p>
  <ul class="figures"><li>送审 <b>${f.submitted}</b> 篇</li><li>审核通过可发布 <b>${f.published.total}</b> 篇</li>
  <li>驳回 <b>${f.rejectionsByReason.reduce((n, [, c]) => n + c, 0)}</b> 次</li><li>留言按时回复 <b>${f.replies.met}</b> / 逾期 <b>${f.replies.missed}</b></li></ul>
  <div class="charts">${[stageChart, rejectChart, findingChart, replyChart].map((svg) => new Html(`<figure>${svg}</figure>`))}</div>`
  return page('每周总结阅评 Weekly report', body, { nav: true })
}
