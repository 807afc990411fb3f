import type { DeadlineContext } from '../deadlines/deadline.js'
import type { AuditEntry, StoredDoc } from '../store/store.js'
import type { BotDeps } from './deps.js'

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

export interface Step<T, R> {
  result: R
  /** what to write, when the decision changes something */
  write?: { doc: T; audit: AuditEntry[] }
}

/**
 * Read, decide, write with compare-and-set (the draft-store pattern), retrying when another
 * instance changed the document in between. Undefined when there is no such document.
 */
export async function updateDoc<T extends StoredDoc, R>(deps: BotDeps, collection: string, id: string, decide: (doc: T) => Step<T, R>): Promise<R | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const doc = await deps.store.get<T>(collection, id)
    if (!doc) return undefined
    const step = decide(doc)
    if (!step.write) return step.result
    if ((await deps.store.commit(collection, step.write.doc, doc.rev, step.write.audit)) !== false) return step.result
  }
  throw new Error(`${id} kept changing under us; please try again`)
}
