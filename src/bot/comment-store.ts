import type { DeadlineContext } from '../deadlines/deadline.js'
import type { AuditEntry, StoredDoc } from '../store/store.js'
import type { BotDeps } from './deps.js'
import { updateDoc as updateDocWith } from './update-doc.js'

/** Where public messages (C7) and incidents (A1) are kept. */
export const COMMENTS = 'comments'
export const INCIDENTS = 'incidents'

export function deadlineContext(deps: BotDeps): DeadlineContext {
  return { calendar: deps.calendar, replies: deps.config.replies }
}

/** One audit entry per event, `type` becoming the action and the rest its detail. */
export function auditEntries<E extends { type: string }>(subject: string, actor: string, events: readonly E[], at: number): AuditEntry[] {
  return events.map(({ type, ...detail }) => ({ at, actor, action: type, subject, ...(Object.keys(detail).length ? { detail } : {}) }))
}

/** The audit entries of a change to a public message (or an incident): subject is its id. */
export function commentAudit<E extends { type: string }>(doc: StoredDoc, actor: string, events: readonly E[], at: number): AuditEntry[] {
  return auditEntries(doc.id, actor, events, at)
}

export interface Step<T, R> {
  result: R
  /** what to write, when the decision changes something */
  write?: { doc: T; audit: AuditEntry[] }
}

const asBuilt = (_doc: StoredDoc, _actor: string, entries: readonly AuditEntry[]): AuditEntry[] => [...entries]

/**
 * The form src/bot/handlers/alerts.ts uses, where the decision brings its audit entries ready-made:
 * the compare-and-set loop itself is src/bot/update-doc.ts. New code calls that directly.
 */
export async function updateDoc<T extends StoredDoc, R>(deps: BotDeps, collection: string, id: string, decide: (doc: T) => Step<T, R>): Promise<R | undefined> {
  const updated = await updateDocWith<T, AuditEntry, R>(deps.store, collection, id, '', (doc) => {
    const { result, write } = decide(doc)
    return write ? { result, change: { doc: write.doc, events: write.audit, at: deps.clock.now() } } : { result }
  }, asBuilt)
  return updated?.result
}
