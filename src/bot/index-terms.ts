/**
 * The index terms each kind of document is committed with (Store.commit, Store.findBy), so that
 * the chat's lists read what is open rather than every document ever stored. Who is asked to
 * approve a draft also depends on leaves and deputies, which change without the draft changing;
 * that filter therefore runs over the open drafts, never over an index of approvers.
 */
import type { Incident } from '../alerts/incident.js'
import { OUTBOX, type OutboxPayload, outboxSubject } from '../chat/outbox.js'
import { stageTimeoutId } from './drafts/stage-timeout-id.js'
import { isOpen, type PublicMessage } from '../public-messages/types.js'
import type { IndexTerms, Job, Store, StoredDoc } from '../store/store.js'
import type { Draft } from '../workflow/types.js'
const COMMENTS = 'comments'
const INCIDENTS = 'incidents'

const DRAFTS = 'drafts'

/** Index terms, by collection. Scores: a draft's creation time, a message's deadline, an incident's opening. */
export const term = {
  /** drafts under review (status pending) */
  pending: 'pending',
  pendingIn: (group: string) => `pending:group:${group}`,
  /** a submitter's drafts not yet through: pending, rejected or blocked */
  openBy: (contactId: string) => `open:submitter:${contactId}`,
  /** public messages not replied to, incidents not closed */
  open: 'open',
  openFor: (handler: string) => `open:handler:${handler}`,
  /** done with (a draft approved or withdrawn, a message replied to, an incident handled), scored by when: what archiving takes */
  closed: 'closed',
} as const

function draftTerms(d: Draft): IndexTerms {
  const terms: IndexTerms = {}
  if (d.status === 'pending') {
    terms[term.pending] = d.createdAt
    terms[term.pendingIn(d.group)] = d.createdAt
  }
  if (d.status === 'pending' || d.status === 'rejected' || d.status === 'blocked') terms[term.openBy(d.submitter.contactId)] = d.createdAt
  if (d.status === 'approved' || d.status === 'withdrawn') terms[term.closed] = d.updatedAt
  return terms
}

function messageTerms(m: PublicMessage): IndexTerms {
  return isOpen(m) ? { [term.open]: m.deadline.dueAt, [term.openFor(m.handler)]: m.deadline.dueAt } : { [term.closed]: m.updatedAt }
}

function incidentTerms(i: Incident): IndexTerms {
  return i.status === 'open' ? { [term.open]: i.openedAt } : { [term.closed]: i.plan?.at ?? i.openedAt }
}

/** Collections whose closed documents are archived. */
export const ARCHIVED = [DRAFTS, COMMENTS, INCIDENTS] as const

/** The terms of `doc` in `collection` (none for collections nobody queries by term). */
export function termsOf(collection: string, doc: StoredDoc): IndexTerms {
  if (collection === DRAFTS) return draftTerms(doc as Draft)
  if (collection === COMMENTS) return messageTerms(doc as PublicMessage)
  if (collection === INCIDENTS) return incidentTerms(doc as Incident)
  return {}
}

/** Bump when termsOf or the jobs' ids or subjects change, so that start-up goes over the stored ones again, once. */
const INDEX_VERSION = 3
const INDEX_META = { collection: 'meta', id: 'index-terms' }

/** The subject a job stored before jobs had subjects is about: its conversation for an outbox entry, else its draft or message. */
function subjectFor(job: Job): unknown {
  return job.kind === OUTBOX ? outboxSubject((job.payload as OutboxPayload).to) : (job.payload.subject ?? job.payload.draft)
}

/** The id the bot gives `job` today: stage time-outs began with their kind before. */
function currentId(job: Job): string {
  const { draft, version, stage } = job.payload
  if (job.kind !== 'stage-timeout' || typeof draft !== 'string' || typeof version !== 'number' || typeof stage !== 'number') return job.id
  return stageTimeoutId(draft, version, stage)
}

/**
 * Gives documents stored before their terms existed (an older Redis, a migrated JSON file) their
 * terms, jobs stored before jobs had subjects their subject, and jobs under an older id today's:
 * once per INDEX_VERSION, so a normal start reads one document. The one place outside tests that
 * reads every pending job.
 */
export async function ensureIndexed(store: Store): Promise<void> {
  const meta = await store.get<StoredDoc & { version: number }>(INDEX_META.collection, INDEX_META.id)
  if ((meta?.version ?? 0) >= INDEX_VERSION) return
  for (const collection of ARCHIVED) {
    for (const doc of await store.list(collection)) {
      // A conflict means another instance changed the doc meanwhile, and it committed its terms.
      await store.commit(collection, doc, doc.rev, [], termsOf(collection, doc))
    }
  }
  // Jobs scheduled before jobs had subjects: a replan must find them by subject, and an outbox
  // entry is found by its conversation. A job scheduled again (a claimed one too) comes back at
  // its due time, as after a crash.
  for (const job of await store.pendingJobs()) {
    const subject = job.subject ?? subjectFor(job)
    const id = currentId(job)
    if (typeof subject !== 'string' || (subject === job.subject && id === job.id)) continue
    await store.schedule({ id, dueAt: job.dueAt, kind: job.kind, payload: job.payload, subject })
    if (id !== job.id) await store.cancel(job.id)
  }
  await store.commit(INDEX_META.collection, { id: INDEX_META.id, rev: meta?.rev ?? 0, version: INDEX_VERSION }, meta?.rev ?? 0, [])
}
