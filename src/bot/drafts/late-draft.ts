import { msg } from './texts.js'
import type { Draft } from '../../workflow/types.js'

/** gd-youth-league 第十五条(一): a department's draft reaches the editors at least one day before it is published. */
const MIN_LEAD_MS = 24 * 60 * 60_000

/** The warning for a draft that arrives too late for its planned publication, or undefined. */
export function lateDraftWarning(d: Pick<Draft, 'id' | 'createdAt' | 'plannedPublishAt'>): string | undefined {
  if (d.plannedPublishAt === undefined || d.plannedPublishAt - d.createdAt >= MIN_LEAD_MS) return undefined
  const hours = Math.max(0, Math.round((d.plannedPublishAt - d.createdAt) / 3_600_000))
  return msg.lateDraft(d, d.plannedPublishAt, hours)
}
