import { alertTitle, type RepliesConfig } from '../config/deadlines-schema.js'
import { citeAfter, type Regulation } from '../config/regulation.js'
import { formatMinutes, type Deadline } from './deadline.js'
import { MINUTE_MS } from './shanghai-time.js'

/**
 * Public-opinion alerts, citing the preset's article (regulation.cites.alerts). Wall-clock time:
 * opinion is monitored around the clock, so nights and holidays do not stop these timers.
 */

/** Red: the response plan must start (#启动预案) within two hours of the alert. */
export function redAlertDeadline(openedAt: number, replies: RepliesConfig, regulation?: Regulation): Deadline {
  const limit = replies.alerts.red.planWithinMinutes
  return {
    kind: 'red-alert',
    policy: 'red-alert-plan',
    description: `红色警报：立即以快报形式向${alertTitle(replies, 'red')}汇报，${formatMinutes(limit)}内启动处置方案（#启动预案），同时向上级主管部门报告${citeAfter(regulation, 'alerts')}`,
    startedAt: openedAt,
    dueAt: openedAt + limit * MINUTE_MS,
    assumed: false,
    reasons: [],
  }
}

/** Yellow: a response plan is drawn up and reported to the leader in charge. */
export function yellowAlertDeadline(openedAt: number, replies: RepliesConfig, regulation?: Regulation): Deadline {
  const limit = replies.alerts.yellow.planDueMinutes
  return {
    kind: 'yellow-alert',
    policy: 'yellow-alert-plan',
    description: `黄色警报：提出舆情处置预案，向${alertTitle(replies, 'yellow')}汇报；预案须在 ${formatMinutes(limit)}内提交${citeAfter(regulation, 'alerts')}`,
    startedAt: openedAt,
    dueAt: openedAt + limit * MINUTE_MS,
    assumed: false,
    reasons: [],
  }
}

/** Red, 同时向上级主管部门报告: the report to the higher authority is recorded (#已上报) within this time; undefined when not configured. */
export function upwardReportDeadline(openedAt: number, replies: RepliesConfig, regulation?: Regulation): Deadline | undefined {
  const upward = replies.alerts.red.reportUpward
  if (!upward) return undefined
  return {
    kind: 'upward-report',
    policy: 'upward-report',
    description: `红色警报：同时向上级主管部门（${upward.to}）报告，报告后记录「#已上报」${citeAfter(regulation, 'alerts')}`,
    startedAt: openedAt,
    dueAt: openedAt + upward.withinMinutes * MINUTE_MS,
    assumed: false,
    reasons: [],
  }
}
