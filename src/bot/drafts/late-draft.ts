import { formatShanghai } from '../../deadlines/shanghai-time.js'
import type { Draft } from '../../workflow/types.js'

/** gd-youth-league 第十五条(一): a department's draft reaches the editors at least one day before it is published. */
const MIN_LEAD_MS = 24 * 60 * 60_000

/** The warning for a draft that arrives too late for its planned publication, or undefined. */
export function lateDraftWarning(d: Pick<Draft, 'id' | 'createdAt' | 'plannedPublishAt'>): string | undefined {
  if (d.plannedPublishAt === undefined || d.plannedPublishAt - d.createdAt >= MIN_LEAD_MS) return undefined
  const hours = Math.max(0, Math.round((d.plannedPublishAt - d.createdAt) / 3_600_000))
  return (
    `⚠️ ${d.id} 计划于 ${formatShanghai(d.plannedPublishAt)} 发布，距收稿仅 ${hours} 小时，不足一天` +
    `（gd-youth-league 第十五条(一)：提前三天商定选题，至少提前一天提交稿件）。请审核人留意时间，必要时调整发布计划。`
  )
}
