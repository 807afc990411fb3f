import type { Incident } from '../alerts/incident.js'
import type { PublicMessage } from '../public-messages/types.js'
import type { AuditEntry, Consequences, ScoreRange, Store, StoredDoc, TermRange } from '../store/store.js'
import { termsOf } from './index-terms.js'
import type { Draft, Leave } from '../workflow/types.js'

/**
 * The store's collections, each named once with its document type, so no call site passes a
 * collection name as a string with a generic nobody checks. A thin typed layer over the Store port
 * (whose methods stay as they are): `collections.drafts.get(store, 'D12')` is `Promise<Draft | undefined>`.
 */
export interface Collection<T extends StoredDoc> {
  /** the stored name: part of the data, so it never changes (public messages are kept in `comments`) */
  readonly name: string
  get(store: Store, id: string): Promise<T | undefined>
  list(store: Store): Promise<T[]>
  /** commits with the document's index terms (index-terms.ts) and what the change implies */
  commit(store: Store, doc: T, expectedRev: number, audit: AuditEntry[], implied?: Consequences): Promise<number | false>
  findBy(store: Store, term: string, range?: TermRange): Promise<T[]>
  count(store: Store, term: string, range?: ScoreRange): Promise<number>
}

/** A typed view of the collection stored under `name`. */
export function collection<T extends StoredDoc>(name: string): Collection<T> {
  return {
    name,
    get: (store, id) => store.get<T>(name, id),
    list: (store) => store.list<T>(name),
    commit: (store, doc, expectedRev, audit, implied) => store.commit(name, doc, expectedRev, audit, termsOf(name, doc), implied),
    findBy: (store, term, range) => store.findBy<T>(name, term, range),
    count: (store, term, range) => store.count(name, term, range),
  }
}

/** A person key bound to a contact id (src/bot/identity.ts). */
export interface Binding extends StoredDoc {
  /** person key */
  id: string
  contactId: string
}

/** An outside system's id for a public message (account:MsgId), so a retried push is taken once. */
export interface ExternalKey extends StoredDoc {
  message: string
}

/** A report run recorded once per schedule and Shanghai date (`digest:2026-05-04`): with several instances, one sends it. */
export type ScheduleRun = StoredDoc

/** A command the bot offered to resend for one person in one chat (`#是`), until `until` (src/bot/resend.ts). */
export interface PendingResend extends StoredDoc {
  /** `${room or 'dm'}:${contactId}` */
  id: string
  /** the whole message to run, as the person would have typed it; empty once used */
  text: string
  until: number
}

export const collections = {
  drafts: collection<Draft>('drafts'),
  leaves: collection<Leave>('leaves'),
  bindings: collection<Binding>('bindings'),
  publicMessages: collection<PublicMessage>('comments'),
  externalKeys: collection<ExternalKey>('comment-external-ids'),
  incidents: collection<Incident>('incidents'),
  scheduleRuns: collection<ScheduleRun>('schedule-runs'),
  resends: collection<PendingResend>('resends'),
}
