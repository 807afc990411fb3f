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
/** the WeChat draft box entries (src/bot/platform-sync/publish-guard.ts) */
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
/** The last step of a pass, after every collection of TERMS. */
const JOBS = 'jobs'
/** Documents or jobs read at a time: what a pass holds in memory. */
const PAGE = 500
/** A progress line every this many. */
const LOG_EVERY = 50_000

interface IndexMeta extends StoredDoc {
  /** the INDEX_VERSION the stored documents and jobs were last gone over for */
  version: number
  /** how far a pass to `to` got: everything before `cursor` of `step` (a collection, or JOBS) is done */
  pass?: { to: number; step: string; cursor: string }
}

export interface IndexingLog {
  info(data: object, msg: string): void
}

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

/** Commits one page of `collection` again with today's terms; returns the next cursor and how many. */
async function reindexPage(store: Store, collection: string, cursor: string, limit: number): Promise<{ next: string; n: number }> {
  const page = await store.listPage(collection, cursor, limit)
  // All at once (pipelined on Redis). A conflict means another instance changed the doc meanwhile, and it committed its terms.
  await Promise.all(page.items.map((doc) => store.commit(collection, doc, doc.rev, [], termsOf(collection, doc))))
  return { next: page.next, n: page.items.length }
}

/**
 * Gives one page of jobs scheduled before jobs had subjects theirs (a replan must find them by
 * subject, an outbox entry is found by its conversation), and today's id. A job scheduled again
 * (a claimed one too) comes back at its due time, as after a crash.
 */
async function rescheduleJobsPage(store: Store, cursor: string, limit: number): Promise<{ next: string; n: number }> {
  const page = await store.jobsPage(cursor, limit)
  await Promise.all(
    page.items.map(async (job) => {
      const subject = job.subject ?? subjectFor(job)
      const id = currentId(job)
      if (typeof subject !== 'string' || (subject === job.subject && id === job.id)) return
      await store.schedule({ id, dueAt: job.dueAt, kind: job.kind, payload: job.payload, subject })
      if (id !== job.id) await store.cancel(job.id)
    }),
  )
  return { next: page.next, n: page.items.length }
}

/**
 * Gives documents stored before their terms existed (an older Redis, a migrated JSON file) their
 * terms, jobs stored before jobs had subjects their subject, and jobs under an older id today's:
 * once per INDEX_VERSION, so a normal start reads one document. The pass goes page by page, so a
 * province's millions hold a page of memory, and records its progress after each: killed, it
 * resumes there on the next start. Another instance starting at once does the same pass; every
 * step is idempotent and the progress is compare-and-set, so neither undoes the other.
 */
export async function ensureIndexed(store: Store, log?: IndexingLog, pageSize = PAGE): Promise<void> {
  let meta = await store.get<IndexMeta>(INDEX_META.collection, INDEX_META.id)
  if ((meta?.version ?? 0) >= INDEX_VERSION) return
  const steps = [...TERMS.keys(), JOBS]
  const resume = meta?.pass?.to === INDEX_VERSION ? meta.pass : undefined
  const from = meta?.version ?? 0
  log?.info({ from, to: INDEX_VERSION, ...(resume ? { resumeAt: resume.step } : {}) }, 'index terms: going over stored documents and jobs')

  /** Records `pass` (none: the pass is done) unless another instance changed the record first; false once that one finished. */
  async function record(pass?: IndexMeta['pass']): Promise<boolean> {
    const rev = meta?.rev ?? 0
    const doc: IndexMeta = { id: INDEX_META.id, rev, version: pass ? from : INDEX_VERSION, ...(pass ? { pass } : {}) }
    const saved = await store.commit(INDEX_META.collection, doc, rev, [])
    if (saved !== false) {
      meta = { ...doc, rev: saved }
      return true
    }
    meta = await store.get<IndexMeta>(INDEX_META.collection, INDEX_META.id)
    return (meta?.version ?? 0) < INDEX_VERSION
  }

  for (let step = Math.max(0, steps.indexOf(resume?.step ?? '')); step < steps.length; step++) {
    const name = steps[step]!
    let cursor = name === resume?.step ? resume.cursor : ''
    let done = 0
    do {
      const page = name === JOBS ? await rescheduleJobsPage(store, cursor, pageSize) : await reindexPage(store, name, cursor, pageSize)
      cursor = page.next
      if (Math.floor((done + page.n) / LOG_EVERY) > Math.floor(done / LOG_EVERY))
        log?.info({ step: name, done: done + page.n }, 'index terms: in progress')
      done += page.n
      const next = cursor !== '' ? { step: name, cursor } : steps[step + 1] && { step: steps[step + 1]!, cursor: '' }
      if (next && !(await record({ to: INDEX_VERSION, ...next }))) {
        log?.info({ step: name }, 'index terms: another instance finished the pass')
        return
      }
    } while (cursor !== '')
    log?.info({ step: name, done }, 'index terms: step done')
  }
  // complete: recorded over another instance's progress if need be, unless that one finished too
  while ((meta?.version ?? 0) < INDEX_VERSION) await record()
  log?.info({ version: INDEX_VERSION }, 'index terms: done')
}
