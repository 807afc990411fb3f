import type { Incident } from '../../alerts/incident.js'
import { formatClock, formatShanghai, shanghaiDate, shanghaiMinuteOfDay } from '../../deadlines/shanghai-time.js'
import type { Config } from '../../config/schema.js'
import type { Draft } from '../../workflow/types.js'

/** "2天3小时" / "1小时5分" / "4分钟": how long something has waited, the way supervisors say it. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000))
  const d = Math.floor(minutes / 1440)
  const h = Math.floor((minutes % 1440) / 60)
  const m = minutes % 60
  if (d > 0) return `${d}天${h}小时`
  if (h > 0) return `${h}小时${m}分`
  return `${m}分钟`
}

export const formatTime = formatShanghai

/** "2026-12-09 12:22" (Beijing time): what a spreadsheet sorts and filters as a date. */
export function isoTime(ms: number): string {
  return `${shanghaiDate(ms)} ${formatClock(shanghaiMinuteOfDay(ms))}`
}

/** `text` cut to `max` characters, with an ellipsis when something was cut so nobody reads it as whole. */
export function cut(text: string, max: number): string {
  const chars = [...text]
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text
}

/** A draft's status as the dashboard's pages, filter and export name it. */
export const STATUS_LABEL: Record<Draft['status'], string> = {
  pending: '审核中',
  approved: '已通过',
  rejected: '已驳回',
  withdrawn: '已撤回',
  blocked: '被拦截',
}

export const LEVEL_LABEL: Record<Incident['level'], string> = { red: '红色', yellow: '黄色', blue: '蓝色' }

/** A chain as people name it: its stages in order, "初审 → 终审". */
export function chainLabel(config: Config, chain: string): string {
  return config.chains[chain]?.stages.map((s) => s.name).join(' → ') ?? '（已从配置中删除的流程）'
}
