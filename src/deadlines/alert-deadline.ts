import type { RepliesConfig } from '../config/deadlines-schema.js'
import { formatMinutes, type Deadline } from './deadline.js'
import { MINUTE_MS } from './shanghai-time.js'

/**
 * Public-opinion alerts (gd-youth-league 第十九条). Wall-clock time: opinion is monitored around
 * the clock (第十八条), so nights and holidays do not stop these timers.
 */

/** Red: the response plan must start (#启动预案) within two hours of the alert. */
export function redAlertDeadline(openedAt: number, replies: RepliesConfig): Deadline {
  const limit = replies.alerts.red.planWithinMinutes
  return {
    kind: 'red-alert',
    policy: 'red-alert-plan',
    description: `红色警报：立即以快报形式向主要领导汇报，${formatMinutes(limit)}内启动处置方案（#启动预案），同时向上级主管部门报告（gd-youth-league 第十九条）`,
    startedAt: openedAt,
    dueAt: openedAt + limit * MINUTE_MS,
    assumed: false,
    reasons: [],
  }
}

/** Yellow: a response plan is drawn up and reported to the leader in charge. */
export function yellowAlertDeadline(openedAt: number, replies: RepliesConfig): Deadline {
  const limit = replies.alerts.yellow.planDueMinutes
  return {
    kind: 'yellow-alert',
    policy: 'yellow-alert-plan',
    description: `黄色警报：提出舆情处置预案，向分管领导汇报；预案须在 ${formatMinutes(limit)}内提交（gd-youth-league 第十九条）`,
    startedAt: openedAt,
    dueAt: openedAt + limit * MINUTE_MS,
    assumed: false,
    reasons: [],
  }
}
