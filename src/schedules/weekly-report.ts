import type { PublicMessage } from '../comments/types.js'
import type { Incident } from '../alerts/incident.js'
import type { Config } from '../config/schema.js'
import { durationsBetween, groupCount, groupSummaries, type DurationSummary } from '../deadlines/weekly-report.js'
import { formatMinutes } from '../deadlines/deadline.js'
import { formatShanghai } from '../deadlines/shanghai-time.js'
import type { AuditEntry } from '../store/store.js'
import type { Draft } from '../workflow/types.js'
import { dormantAccounts, formatDormant, type DormantAccount } from './dormant.js'

/**
 * 每周总结阅评 (gd-youth-league 第九条, 第二十二条): the figures of one week from the audit log and the
 * stored drafts and messages, then the text the supervisors receive. Pure: the caller loads the data.
 *
 * Approval time is counted from a stage's start to the first approval of that stage, both inside
 * the week; a reply deadline counts in the week it falls due: met when answered by then.
 */

export interface WeekData {
  config: Config
  from: number
  to: number
  /** audit entries with from <= at < to */
  audit: AuditEntry[]
  drafts: Draft[]
  comments: PublicMessage[]
  incidents: Incident[]
}

export interface WeeklyFigures {
  from: number
  to: number
  /** drafts that passed their final review, per account key */
  published: { total: number; byAccount: Record<string, number> }
  /** per stage name, in minutes */
  approvalMinutes: Map<string, DurationSummary>
  rejectionsByReason: [string, number][]
  findingsByCategory: [string, number][]
  replies: { met: number; missed: number; missedIds: string[] }
  alerts: [string, number][]
  dormant: DormantAccount[]
}

const inWeek = (d: WeekData, at: number) => at >= d.from && at < d.to

export function weeklyFigures(d: WeekData): WeeklyFigures {
  const byId = new Map(d.drafts.map((x) => [x.id, x]))
  const finals = d.audit.filter((e) => e.action === 'final')
  const byAccount: Record<string, number> = {}
  for (const e of finals) {
    const account = byId.get(e.subject)?.account
    if (account) byAccount[account] = (byAccount[account] ?? 0) + 1
  }

  const stageOf = (e: AuditEntry) => (typeof e.detail?.stage === 'number' ? e.detail.stage : undefined)
  const staged = d.audit
    .filter((e) => (e.action === 'stage-started' || e.action === 'approved') && stageOf(e) !== undefined)
    .map((e) => ({ ...e, subject: `${e.subject}#${stageOf(e)}` }))
  const durations = durationsBetween(staged, (e) => e.action === 'stage-started', (e) => e.action === 'approved')
  const stageName = (key: string) => {
    const [id, stage] = key.split('#')
    const draft = byId.get(id!)
    return draft ? (d.config.chains[draft.chain]?.stages[Number(stage)]?.name ?? `第${Number(stage) + 1}级`) : undefined
  }
  const approvalMinutes = groupSummaries([...durations], ([key]) => stageName(key), ([, ms]) => ms / 60_000)

  const due = d.comments.filter((m) => inWeek(d, m.deadline.dueAt))
  const missed = due.filter((m) => !m.reply || m.reply.at > m.deadline.dueAt)

  return {
    from: d.from,
    to: d.to,
    published: { total: finals.length, byAccount },
    approvalMinutes,
    rejectionsByReason: groupCount(d.audit.filter((e) => e.action === 'rejected'), (e) => String(e.detail?.reason ?? '（未写理由）')),
    findingsByCategory: groupCount(
      d.drafts.flatMap((x) => x.versions.filter((v) => inWeek(d, v.at)).flatMap((v) => v.findings)),
      (h) => d.config.checklist?.categories?.[h.category]?.name ?? h.category,
    ),
    replies: { met: due.length - missed.length, missed: missed.length, missedIds: missed.map((m) => m.id) },
    alerts: groupCount(d.incidents.filter((i) => inWeek(d, i.openedAt)), (i) => i.level),
    dormant: dormantAccounts(d.config, byAccount),
  }
}

const LEVEL_ZH: Record<string, string> = { red: '红色', yellow: '黄色', blue: '蓝色' }

function minutes(m: number | undefined): string {
  return m === undefined ? '—' : formatMinutes(m)
}

export function formatWeeklyReport(config: Config, f: WeeklyFigures): string {
  const accounts = Object.entries(f.published.byAccount).map(([a, n]) => `${config.accounts[a]?.name ?? a} ${n}`).join('、')
  const stages = [...f.approvalMinutes].map(([name, s]) => `  ${name}：${s.count} 次，中位 ${minutes(s.median)}，90% 在 ${minutes(s.p90)} 内`)
  const list = (rows: [string, number][]) => (rows.length ? rows.map(([k, n]) => `${k} ${n}`).join('；') : '无')
  return [
    `📊 每周总结阅评（${formatShanghai(f.from)} — ${formatShanghai(f.to)}）`,
    `发布（终审通过）：${f.published.total} 篇${accounts ? `（${accounts}）` : ''}`,
    '各级审核用时：',
    ...(stages.length ? stages : ['  本周无审核记录']),
    `驳回原因：${list(f.rejectionsByReason)}`,
    `检查提示（按类别）：${list(f.findingsByCategory)}`,
    `留言答复：按时 ${f.replies.met} 条，逾期 ${f.replies.missed} 条${f.replies.missedIds.length ? `（${f.replies.missedIds.join('、')}）` : ''}`,
    `舆情：${f.alerts.length ? f.alerts.map(([l, n]) => `${LEVEL_ZH[l] ?? l} ${n}`).join('、') : '无'}`,
    ...formatDormant(config, f.dormant),
    '依据 gd-youth-league 第九条：每周对发布内容进行总结阅评；终审人对发布内容负直接责任（第二十二条）。',
  ].join('\n')
}
