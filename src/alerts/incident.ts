import { redAlertDeadline, upwardReportDeadline, yellowAlertDeadline } from '../deadlines/alert-deadline.js'
import type { Deadline } from '../deadlines/deadline.js'
import type { RepliesConfig } from '../config/deadlines-schema.js'
import type { Regulation } from '../config/regulation.js'
import type { StoredDoc } from '../store/store.js'

/**
 * Public-opinion incidents: red starts a timer for the response plan (two hours by default),
 * yellow a plan due for the leader in charge, blue is recorded with brief advice. Pure.
 */

export type AlertLevel = 'red' | 'yellow' | 'blue'

export interface Incident extends StoredDoc {
  id: string
  rev: number
  level: AlertLevel
  description: string
  reportedBy: string
  group?: string
  openedAt: number
  /** red and yellow only */
  deadline?: Deadline
  status: 'open' | 'plan-started' | 'recorded'
  plan?: { by: string; at: number; note?: string }
  /** red: 同时向上级主管部门报告, its own item: who recorded it and when (#已上报) */
  report?: UpwardReport
}

export interface UpwardReport {
  /** the higher authority */
  to: string
  deadline: Deadline
  by?: string
  at?: number
  note?: string
}

const LEVEL_WORDS: Record<string, AlertLevel> = {
  红: 'red',
  红色: 'red',
  red: 'red',
  黄: 'yellow',
  黄色: 'yellow',
  yellow: 'yellow',
  蓝: 'blue',
  蓝色: 'blue',
  blue: 'blue',
}

/** "红 某校食堂视频在微博发酵" → level and description. */
export function parseAlert(rest: string): { level: AlertLevel; description: string } | undefined {
  const m = /^(\S+?)(?:色?(?:预警|警报))?(?:\s+|[:：]\s*)([\s\S]+)$/.exec(rest.trim())
  const level = m ? LEVEL_WORDS[m[1]!.toLowerCase()] : undefined
  const description = m?.[2]?.trim()
  return level && description ? { level, description } : undefined
}

export function openIncident(
  id: string,
  level: AlertLevel,
  description: string,
  by: string,
  now: number,
  rules: { replies: RepliesConfig; regulation?: Regulation | undefined },
  group?: string,
): Incident {
  const { replies, regulation } = rules
  const deadline =
    level === 'red' ? redAlertDeadline(now, replies, regulation) : level === 'yellow' ? yellowAlertDeadline(now, replies, regulation) : undefined
  const upward = level === 'red' ? upwardReportDeadline(now, replies, regulation) : undefined
  return {
    id,
    rev: 0,
    level,
    description,
    reportedBy: by,
    ...(group ? { group } : {}),
    openedAt: now,
    ...(deadline ? { deadline } : {}),
    ...(upward ? { report: { to: replies.alerts.red.reportUpward!.to, deadline: upward } } : {}),
    status: level === 'blue' ? 'recorded' : 'open',
  }
}

export type ReportOutcome = { ok: true; incident: Incident } | { ok: false; code: 'no-report-needed' | 'already-reported' }

/** #已上报: records who reported the red alert to the higher authority, and when; stops its reminders. */
export function recordReport(i: Incident, by: string, now: number, note?: string): ReportOutcome {
  if (!i.report) return { ok: false, code: 'no-report-needed' }
  if (i.report.at !== undefined) return { ok: false, code: 'already-reported' }
  return { ok: true, incident: { ...i, report: { ...i.report, by, at: now, ...(note ? { note } : {}) } } }
}

export type PlanOutcome = { ok: true; incident: Incident } | { ok: false; code: 'no-plan-needed' | 'already-started' }

/** #启动预案: stops the timer of a red or yellow incident. */
export function startPlan(i: Incident, by: string, now: number, note?: string): PlanOutcome {
  if (i.level === 'blue') return { ok: false, code: 'no-plan-needed' }
  if (i.status === 'plan-started') return { ok: false, code: 'already-started' }
  return { ok: true, incident: { ...i, status: 'plan-started', plan: { by, at: now, ...(note ? { note } : {}) } } }
}

/** The timers still running: the plan until it starts, the report upward until it is recorded. */
export function activeIncidentDeadlines(i: Incident): Deadline[] {
  return [...(i.status === 'open' && i.deadline ? [i.deadline] : []), ...(i.report && i.report.at === undefined ? [i.report.deadline] : [])]
}
