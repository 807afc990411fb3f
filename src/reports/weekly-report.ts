import type { PublicMessage } from '../public-messages/types.js'
import type { Incident } from '../alerts/incident.js'
import { accountName } from '../config/people.js'
import type { Config } from '../config/schema.js'
import { citationWithWords } from '../config/regulation.js'
import { groupCount, groupSummaries, type DurationSummary } from '../deadlines/stats.js'
import { formatMinutes } from '../deadlines/deadline.js'
import type { AuditEntry } from '../store/store.js'
import type { Draft } from '../workflow/types.js'
import { periodLabel } from './week.js'
import { dormantAccounts, formatDormant, type DormantAccount } from './dormant.js'

/**
 * 每周总结阅评 (the weekly review the preset's regulation cites as weeklyReview): the figures of one week from the audit log and the
 * stored drafts and messages, then the text the supervisors receive. Pure: the caller loads the data.
 * The one source of these figures: the weekly report sent to the supervisors (the seven Shanghai
 * days before the run) and the dashboard's report page (the seven days up to now) both use it.
 *
 * The window is half-open, from <= at < to, and everything counts in the window where it ended:
 * - a stage's approval time runs from the stage's start to its completion (stage-started →
 *   stage-complete), and counts in the window it completed in, however long ago it started. A 会签
 *   stage (allOf: two approvers) is done at its last approval, so its first approval is not the
 *   stage's time. Stages completed without a decision (a repeated approver counted once, a skipped
 *   submitter) are not approval work and are left out; a rejected or restarted pass never
 *   completes and is not counted.
 * - a reply deadline counts in the window it falls due: met when answered by then, missed
 *   otherwise. So `to` must not lie in the future.
 * - publications, submissions, rejections, alerts and checklist findings count when they happened.
 */

export interface WeekData {
  config: Config
  from: number
  to: number
  /** the audit entries of the week (from <= at < to); any others are ignored, except as a stage's start */
  audit: AuditEntry[]
  /** every draft (looked up for account, chain and findings) */
  drafts: Draft[]
  comments: PublicMessage[]
  incidents: Incident[]
}

export interface WeeklyFigures {
  from: number
  to: number
  /** drafts that passed their final review, per account key */
  published: { total: number; byAccount: Record<string, number> }
  /** drafts submitted (first versions; revisions are not counted again) */
  submitted: number
  /** per stage name, in minutes */
  approvalMinutes: Map<string, DurationSummary>
  rejectionsByReason: [string, number][]
  findingsByCategory: [string, number][]
  /** findings reviewers marked as false alarms (#误报), per category */
  falseAlarms: [string, number][]
  replies: { met: number; missed: number; missedIds: string[] }
  alerts: [string, number][]
  dormant: DormantAccount[]
}

const inWeek = (d: WeekData, at: number) => at >= d.from && at < d.to

const stageOf = (e: AuditEntry) => (typeof e.detail?.stage === 'number' ? e.detail.stage : undefined)

/**
 * Approval time per stage completed in the week, in ms. The stage-complete entry carries its
 * stage's start (`since`); entries written before it did are paired with the latest stage-started
 * entry of the same draft and stage among those given.
 */
function stageTimes(d: WeekData): { draft: string; stage: number; ms: number }[] {
  const started = new Map<string, number>()
  const out: { draft: string; stage: number; ms: number }[] = []
  for (const e of [...d.audit].sort((a, b) => a.at - b.at)) {
    const stage = stageOf(e)
    if (stage === undefined) continue
    const key = `${e.subject}#${stage}`
    if (e.action === 'stage-started') started.set(key, e.at)
    if (e.action !== 'stage-complete') continue
    const since = typeof e.detail?.since === 'number' ? e.detail.since : started.get(key)
    started.delete(key)
    if (since === undefined || e.detail?.auto !== undefined || !inWeek(d, e.at)) continue
    out.push({ draft: e.subject, stage, ms: e.at - since })
  }
  return out
}

export function weeklyFigures(d: WeekData): WeeklyFigures {
  const byId = new Map(d.drafts.map((x) => [x.id, x]))
  const audit = d.audit.filter((e) => inWeek(d, e.at))
  const finals = audit.filter((e) => e.action === 'final')
  const byAccount: Record<string, number> = {}
  for (const e of finals) {
    const account = byId.get(e.subject)?.account
    if (account) byAccount[account] = (byAccount[account] ?? 0) + 1
  }

  const stageName = ({ draft, stage }: { draft: string; stage: number }) => {
    const chain = byId.get(draft)?.chain
    return chain === undefined ? undefined : (d.config.chains[chain]?.stages[stage]?.name ?? `第${stage + 1}级`)
  }
  const approvalMinutes = groupSummaries(stageTimes(d), stageName, (t) => t.ms / 60_000)

  const blockedAtSubmission = new Set(audit.filter((e) => e.action === 'blocked').map((e) => `${e.subject}@${e.at}`))
  const due = d.comments.filter((m) => inWeek(d, m.deadline.dueAt))
  const missed = due.filter((m) => !m.reply || m.reply.at > m.deadline.dueAt)

  return {
    from: d.from,
    to: d.to,
    published: { total: finals.length, byAccount },
    // a draft the checker stopped never went to review: it is not counted as submitted
    submitted: audit.filter((e) => e.action === 'submitted' && !blockedAtSubmission.has(`${e.subject}@${e.at}`)).length,
    approvalMinutes,
    rejectionsByReason: groupCount(
      audit.filter((e) => e.action === 'rejected'),
      (e) => String(e.detail?.reason ?? '（未写理由）'),
    ),
    findingsByCategory: groupCount(
      d.drafts.flatMap((x) => x.versions.filter((v) => inWeek(d, v.at)).flatMap((v) => v.findings)),
      (h) => d.config.checklist?.categories?.[h.category]?.name ?? h.category,
    ),
    falseAlarms: groupCount(
      d.audit.filter((e) => e.action === 'false-alarm' && inWeek(d, e.at)),
      (e) => {
        const c = String(e.detail?.category ?? '?')
        return d.config.checklist?.categories?.[c]?.name ?? c
      },
    ),
    replies: { met: due.length - missed.length, missed: missed.length, missedIds: missed.map((m) => m.id) },
    alerts: groupCount(
      d.incidents.filter((i) => inWeek(d, i.openedAt)),
      (i) => i.level,
    ),
    dormant: dormantAccounts(d.config, byAccount),
  }
}

const LEVEL_ZH: Record<string, string> = { red: '红色', yellow: '黄色', blue: '蓝色' }

function minutes(m: number | undefined): string {
  return m === undefined ? '—' : formatMinutes(m)
}

export function formatWeeklyReport(config: Config, f: WeeklyFigures): string {
  const accounts = Object.entries(f.published.byAccount)
    .map(([a, n]) => `${accountName(config, a)} ${n}`)
    .join('、')
  const stages = [...f.approvalMinutes].map(([name, s]) => `  ${name}：${s.count} 次，中位 ${minutes(s.median)}，90% 在 ${minutes(s.p90)} 内`)
  const list = (rows: [string, number][]) => (rows.length ? rows.map(([k, n]) => `${k} ${n}`).join('；') : '无')
  return [
    `📊 每周总结阅评（${periodLabel(f.from, f.to)}）`,
    `发布（终审通过）：${f.published.total} 篇${accounts ? `（${accounts}）` : ''}`,
    '各级审核用时：',
    ...(stages.length ? stages : ['  本周无审核记录']),
    `驳回原因：${list(f.rejectionsByReason)}`,
    `检查提示（按类别）：${list(f.findingsByCategory)}`,
    `审核人标记的误报：${list(f.falseAlarms)}`,
    `留言答复：按时 ${f.replies.met} 条，逾期 ${f.replies.missed} 条${f.replies.missedIds.length ? `（${f.replies.missedIds.join('、')}）` : ''}`,
    `舆情：${f.alerts.length ? f.alerts.map(([l, n]) => `${LEVEL_ZH[l] ?? l} ${n}`).join('、') : '无'}`,
    ...formatDormant(config, f.dormant),
    ...basis(config),
  ].join('\n')
}

/** The report's closing line: the preset's own article on the weekly review, when it cites one. */
function basis(config: Config): string[] {
  const rule = citationWithWords(config.regulation, 'weeklyReview')
  return rule ? [`依据${rule}。`] : []
}
