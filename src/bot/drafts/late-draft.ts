import { leadTimeHoursOf, type Config } from '../../config/schema.js'
import type { Draft } from '../../workflow/types.js'
import { msg } from './texts.js'

/** The warning for a draft that arrives later than the preset's lead time before its planned publication, or undefined. */
export function lateDraftWarning(config: Config, d: Pick<Draft, 'id' | 'createdAt' | 'plannedPublishAt'>): string | undefined {
  const leadMs = leadTimeHoursOf(config) * 3_600_000
  if (d.plannedPublishAt === undefined || leadMs === 0 || d.plannedPublishAt - d.createdAt >= leadMs) return undefined
  const hours = Math.max(0, Math.round((d.plannedPublishAt - d.createdAt) / 3_600_000))
  return msg.lateDraft(config, d, d.plannedPublishAt, hours)
}
