import type { Config } from '../config/schema.js'
import { resolveRefs, supervisorsOf } from '../config/people.js'
import type { AlertLevel } from './incident.js'

/** Red: the principal leaders; yellow: the leader in charge (replies.alerts.<level>.notify, else the supervisors); blue: nobody. */
export function alertAudience(config: Config, level: AlertLevel): string[] {
  if (level === 'blue') return []
  const refs = config.replies.alerts[level].notify
  return refs ? resolveRefs(config, refs) : supervisorsOf(config)
}
