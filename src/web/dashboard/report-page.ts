import { weekData } from '../../bot/schedules.js'
import type { Config } from '../../config/schema.js'
import { weeklyFigures } from '../../reports/weekly-report.js'
import type { Store } from '../../store/store.js'
import { html, page, Html } from '../html.js'
import { cut, formatDuration, formatTime } from './format.js'
import { barChart } from './svg-chart.js'

const WEEK_MS = 7 * 24 * 60 * 60 * 1000

/**
 * The weekly report (每周总结阅评) with server-drawn SVG charts: the figures of the scheduled report
 * (src/schedules/weekly-report.ts, the same function and rules) over the seven days up to and
 * including now; the playground's clock stands still between advances, so what just happened counts.
 */
export async function reportPage(config: Config, store: Store, now: number): Promise<string> {
  const from = now - WEEK_MS
  const to = now + 1
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
  const body = html`<p>统计区间 ${formatTime(f.from)} — ${formatTime(f.to)}（北京时间）</p>
  <ul class="figures"><li>送审 <b>${f.submitted}</b> 篇</li><li>审核通过可发布 <b>${f.published.total}</b> 篇</li>
  <li>驳回 <b>${f.rejectionsByReason.reduce((n, [, c]) => n + c, 0)}</b> 次</li><li>留言按时回复 <b>${f.replies.met}</b> / 逾期 <b>${f.replies.missed}</b></li></ul>
  <div class="charts">${[stageChart, rejectChart, findingChart, replyChart].map((svg) => new Html(`<figure>${svg}</figure>`))}</div>`
  return page('每周总结阅评 Weekly report', body, { nav: true })
}
