/**
 * The index terms each kind of document is committed with (Store.commit, Store.findBy), so that
 * the chat's lists, the reports and the dashboard read what they show rather than every document
 * ever stored. Who is asked to approve a draft also depends on leaves and deputies, which change
 * without the draft changing; that filter therefore runs over the open drafts, never over an index
 * of approvers.
 */
import type { Incident } from '../alerts/incident.js'
import { markTerms, OUTBOX, OUTBOX_MARKS, type OutboxPayload, outboxSubject } from '../chat/outbox.js'
import { stageTimeoutId } from './drafts/stage-timeout-id.js'
import { isOpen, type PublicMessage } from '../public-messages/types.js'
import type { IndexTerms, Job, Store, StoredDoc } from '../store/store.js'
import { peopleOf, type Draft, type Leave } from '../workflow/types.js'
const COMMENTS = 'comments'
const INCIDENTS = 'incidents'
const DRAFTS = 'drafts'
const LEAVES = 'leaves'
/** the WeChat draft box entries (src/platform-sync/publish-guard.ts) */
export const DRAFT_BOX = 'wechat-draft-box'

/** A WeChat draft box entry, as far as its terms go. */
interface BoxEntry extends StoredDoc {
  account: string
  addedAt: number
  gone?: boolean
}

/**
 * Index terms, by collection. Scores: a draft's creation time (its last change for `closed` and
 * `reviewedIn`), a message's deadline (its arrival for `received`), an incident's opening, a leave's end.
 */
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
  /** the history's terms, kept when archived (HISTORY_TERMS): every draft by creation, by account, status and person */
  created: 'created',
  account: (account: string) => `account:${account}`,
  status: (status: Draft['status']) => `status:${status}`,
  /** a person key or a submitter's name (peopleOf) */
  person: (who: string) => `person:${who}`,
  /** every public message by its reply deadline: the week's deadlines met and missed */
  due: 'due',
  /** every public message by arrival (history) */
  received: 'received',
  /** every incident by opening (history, weekly report) */
  opened: 'opened',
  /** incidents whose report upward is not recorded yet, by its deadline (they outlive the plan) */
  reportDue: 'report-due',
  /** leaves by their end: who is away now */
  until: 'until',
  /** an account's drafts approved or in review, by last change: what a published post is compared with */
  reviewedIn: (account: string) => `reviewed:account:${account}`,
  /** an account's draft box entries still in the box, by when added */
  inBoxOf: (account: string) => `box:account:${account}`,
} as const

/** Terms an archived draft, message or incident keeps (Store.archive), so the dashboard's history still finds it. */
export const HISTORY_TERMS = [term.created, 'account:', 'status:', 'person:', term.received, term.opened] as const

function draftTerms(d: Draft): IndexTerms {
  const terms: IndexTerms = {
    [term.created]: d.createdAt,
    [term.account(d.account)]: d.createdAt,
    [term.status(d.status)]: d.createdAt,
  }
  for (const who of peopleOf(d)) terms[term.person(who)] = d.createdAt
  if (d.status === 'approved' || d.status === 'pending') terms[term.reviewedIn(d.account)] = d.updatedAt
  if (d.status === 'pending') {
    terms[term.pending] = d.createdAt
    terms[term.pendingIn(d.group)] = d.createdAt
  }
  if (d.status === 'pending' || d.status === 'rejected' || d.status === 'blocked') terms[term.openBy(d.submitter.contactId)] = d.createdAt
  if (d.status === 'approved' || d.status === 'withdrawn') terms[term.closed] = d.updatedAt
  return terms
}

function messageTerms(m: PublicMessage): IndexTerms {
  // read tolerantly, like the dashboard: a message stored without a deadline has none to meet
  const always: IndexTerms = m.deadline ? { [term.due]: m.deadline.dueAt, [term.received]: m.receivedAt } : { [term.received]: m.receivedAt }
  return isOpen(m)
    ? { ...always, [term.open]: m.deadline.dueAt, [term.openFor(m.handler)]: m.deadline.dueAt }
    : { ...always, [term.closed]: m.updatedAt }
}

function incidentTerms(i: Incident): IndexTerms {
  const terms: IndexTerms = { [term.opened]: i.openedAt }
  if (i.status === 'open') terms[term.open] = i.openedAt
  else terms[term.closed] = i.plan?.at ?? i.openedAt
  if (i.report && i.report.at === undefined) terms[term.reportDue] = i.report.deadline.dueAt
  return terms
}

function boxTerms(e: BoxEntry): IndexTerms {
  return e.gone ? {} : { [term.inBoxOf(e.account)]: e.addedAt }
}

/** Collections whose closed documents are archived. */
export const ARCHIVED = [DRAFTS, COMMENTS, INCIDENTS] as const

const TERMS = new Map<string, (doc: never) => IndexTerms>([
  [DRAFTS, draftTerms],
  [COMMENTS, messageTerms],
  [INCIDENTS, incidentTerms],
  [LEAVES, (l: Leave) => ({ [term.until]: l.until })],
  [DRAFT_BOX, boxTerms],
  [OUTBOX_MARKS, markTerms],
])

/** The terms of `doc` in `collection` (none for collections nobody queries by term). */
export function termsOf(collection: string, doc: StoredDoc): IndexTerms {
  return TERMS.get(collection)?.(doc as never) ?? {}
}

/** Bump when termsOf or the jobs' ids or subjects change, so that start-up goes over the stored ones again, once. */
const INDEX_VERSION = 4
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
  for (const collection of TERMS.keys()) {
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
