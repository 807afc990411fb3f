import type { AuditEntry, Consequences, Store, StoredDoc } from '../store/store.js'
import type { Collection } from './collections.js'

/** How one kind of document turns the events of a change into audit entries. */
export type AuditOf<T, E> = (doc: T, actor: string, events: readonly E[], at: number) => AuditEntry[]

export interface Decision<T, E, R> {
  result: R
  /** the next state and what happened, when the decision changes something, with what it implies (committed with it) */
  change?: { doc: T; events: readonly E[]; at: number; implied?: Consequences }
}

export interface Updated<R> {
  result: R
  /** what the committed change implied: its outbox entries are for follow-ups.ts' dispatch */
  implied?: Consequences
  /** the document's revision now: the new one after a change, else the one read */
  rev: number
}

const ATTEMPTS = 5

/**
 * Read, decide, write with compare-and-set, retrying when another instance changed the document in
 * between; the change, its audit entries and its consequences (jobs, outbox messages) land together
 * or not at all. `decide` runs again on
 * each attempt with the fresh document. Undefined when there is no such document.
 */
export async function updateDoc<T extends StoredDoc, E, R>(
  store: Store,
  collection: Collection<T>,
  id: string,
  actor: string,
  decide: (doc: T) => Decision<T, E, R> | Promise<Decision<T, E, R>>,
  auditOf: AuditOf<T, E>,
): Promise<Updated<R> | undefined> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const doc = await collection.get(store, id)
    if (!doc) return undefined
    const { result, change } = await decide(doc)
    if (!change) return { result, rev: doc.rev }
    const rev = await collection.commit(store, change.doc, doc.rev, auditOf(change.doc, actor, change.events, change.at), change.implied)
    if (rev !== false) return { result, rev, ...(change.implied ? { implied: change.implied } : {}) }
  }
  throw new Error(`${id} kept changing under us; please try again`)
}
