import type { DeadlineContext } from '../../deadlines/deadline.js'
import type { AuditEntry, StoredDoc } from '../../store/store.js'
import type { BotDeps } from '../deps.js'

export function deadlineContext(deps: Pick<BotDeps, 'calendar' | 'config'>): DeadlineContext {
  return { calendar: deps.calendar, replies: deps.config.replies, regulation: deps.config.regulation }
}

/** One audit entry per event, `type` becoming the action and the rest its detail. */
export function auditEntries<E extends { type: string }>(subject: string, actor: string, events: readonly E[], at: number): AuditEntry[] {
  return events.map(({ type, ...detail }) => ({ at, actor, action: type, subject, ...(Object.keys(detail).length ? { detail } : {}) }))
}

/** The audit entries of a change to a public message (or an incident): subject is its id. */
export function commentAudit<E extends { type: string }>(doc: StoredDoc, actor: string, events: readonly E[], at: number): AuditEntry[] {
  return auditEntries(doc.id, actor, events, at)
}
