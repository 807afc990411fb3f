/**
 * The Store port. Kept deliberately small (documents, counters, an audit log and due-time jobs),
 * like grammY's session storage: the memory, SQLite and Redis stores all fit behind it and pass
 * one contract test suite (test/store/contract.ts).
 *
 * Queries never read the world: a commit may carry index terms for its document ("open",
 * "group:<id>", "approver:<person>" …, each with a score such as a deadline), kept in the same
 * transaction or script as the document, and `findBy` reads one term; jobs carry the subject they
 * are about, so a subject's jobs are found and cancelled without reading the schedule.
 */

/** One state change: who did what to which subject, at which version. Append-only. */
export interface AuditEntry {
  at: number
  /** person key or contact id of whoever acted; "bot" for the bot itself */
  actor: string
  action: string
  /** the id of the draft, comment or incident the entry is about (D12, C7, A3 …) */
  subject: string
  version?: number
  hash?: string
  detail?: Record<string, unknown>
}

/** Every stored document has an id and a revision the store maintains for compare-and-set. */
export interface StoredDoc {
  id: string
  rev: number
}

/** Delayed work: a reminder, a stage timeout, an escalation. Scored by due time. */
export interface Job {
  /** unique and meaningful (e.g. "D12:stage-timeout:v2:s1"; starting with the subject and ":" is cheapest on Redis): scheduling the same id again replaces it */
  id: string
  dueAt: number
  kind: string
  payload: Record<string, unknown>
  /** how many times this job has been claimed (1 on the first claim) */
  attempts: number
  /** the draft, message or incident the job is about: `jobsOf` and `cancelSubject` go by it */
  subject?: string
}

/**
 * The index terms of one document, term -> score. A commit replaces the document's terms with
 * these (none when omitted); `findBy` returns a term's documents by ascending score.
 */
export type IndexTerms = Record<string, number>

/** A score range within one term, bounds included. */
export interface ScoreRange {
  min?: number
  max?: number
}

/** A score range and a page of it: lowest scores first, or highest with `reverse` (newest first for a time). */
export interface TermRange extends ScoreRange {
  /** at most this many documents */
  limit?: number
  /** skip this many documents first (the next page) */
  offset?: number
  reverse?: boolean
}

export type NewJob = Omit<Job, 'attempts'>

/**
 * What a change implies, written with its document in one transaction (SQLite) or one script
 * (Redis): the transactional outbox. A kill or a failure at any instant leaves the change with all
 * of its consequences, or none of them.
 */
export interface Consequences {
  /** every job of these subjects is removed first (a message's reminders planned afresh) */
  cancelSubjects?: string[]
  /** jobs removed by id, after the subjects' */
  cancel?: string[]
  /** jobs added or replaced (as `schedule`), after the removals: time-outs, reminders, outbox messages */
  schedule?: NewJob[]
  /**
   * Markers created with the change, e.g. a chat command's id, so that after an unknown outcome
   * (a time-out) `get(collection, id)` tells whether the change happened. One that exists already
   * makes the whole commit a conflict: nothing is written. Stored as `{ id, rev: 1, at }` under
   * the index term MARKED_AT (scored by `at`), which `purge` clears once they are old.
   */
  markers?: Marker[]
}

export interface Marker {
  collection: string
  id: string
  at: number
}

/** The index term a marker is kept under, scored by its time. */
export const MARKED_AT = 'marked'

/** A marker as stored (Consequences.markers); `void` when it was written to say the change did not happen. */
export interface MarkerDoc extends StoredDoc {
  at: number
  void?: boolean
}

/** The stored form of a marker, the same in every store. */
export const markerDoc = (m: Marker): MarkerDoc => ({ id: m.id, rev: 1, at: m.at })

/** One page of a pass over many items: start with cursor "", go on with `next` until it is "". */
export interface Page<T> {
  items: T[]
  next: string
}

export interface Store {
  /** Next value of a named counter, starting at 1: gives the short ids D1, D2 … C1 … */
  nextSeq(name: string): Promise<number>
  get<T extends StoredDoc>(collection: string, id: string): Promise<T | undefined>
  list<T extends StoredDoc>(collection: string): Promise<T[]>
  /**
   * About `limit` live documents of `collection` from `cursor` on, in no set order: a pass over a
   * collection too big to hold (a migration). Each document there for the whole pass comes at least
   * once, one changed meanwhile maybe twice; a cursor stays valid across restarts.
   */
  listPage<T extends StoredDoc>(collection: string, cursor: string, limit: number): Promise<Page<T>>
  /**
   * Writes `doc` if the stored revision equals `expectedRev` (0: the doc must not exist yet) and
   * appends `audit` in the same atomic step, with everything the change implies (`then`: its jobs,
   * its outbox messages, its markers). On success the stored doc has rev = expectedRev + 1 and that
   * number is returned; on a conflict (a revision, or a marker that exists) nothing changes and
   * false is returned.
   */
  commit<T extends StoredDoc>(
    collection: string,
    doc: T,
    expectedRev: number,
    audit: AuditEntry[],
    terms?: IndexTerms,
    then?: Consequences,
  ): Promise<number | false>
  /**
   * The documents of `collection` indexed under `term`, by ascending score (descending with
   * `reverse`), equal scores in id order (reversed too); archived documents under the terms they kept.
   */
  findBy<T extends StoredDoc>(collection: string, term: string, range?: TermRange): Promise<T[]>
  /** How many documents `findBy` would return for this range, without reading them. */
  count(collection: string, term: string, range?: ScoreRange): Promise<number>
  /**
   * Moves up to `limit` documents indexed under `term` with a score below `before` (e.g. "closed",
   * scored by closing time) out of the live set into the archive: `get` still returns them,
   * `list` no longer does; their audit stays. Their terms that start with one of `keep` (the
   * history's: by date, account, person) stay, so `findBy` and `count` on those still find them;
   * every other term goes, `term` included. Returns how many moved.
   */
  archive(collection: string, term: string, before: number, limit: number, keep?: readonly string[]): Promise<number>
  /**
   * Deletes up to `limit` documents indexed under `term` with a score below `before`, with all
   * their terms (documents worth nothing after a while: job-message markers). Their audit stays.
   * Returns how many went.
   */
  purge(collection: string, term: string, before: number, limit: number): Promise<number>
  /** The audit trail of one subject, oldest first. */
  audit(subject: string): Promise<AuditEntry[]>
  /** Every audit entry with from <= at < to, oldest first (for digests and weekly reports). */
  auditBetween(from: number, to: number): Promise<AuditEntry[]>
  /** Adds or replaces a job (same id: new due time and payload, attempts reset). */
  schedule(job: NewJob): Promise<void>
  cancel(jobId: string): Promise<void>
  /**
   * Atomically claims up to `limit` jobs with dueAt <= now: each is leased until now + leaseMs
   * (so a crashed worker's job comes back) and returned to exactly one caller, even with several
   * bot instances on one Redis.
   */
  claimDue(now: number, leaseMs: number, limit: number): Promise<Job[]>
  /** Done with a claimed job: it will never be returned again. */
  complete(jobId: string): Promise<void>
  /** The jobs of one subject not yet completed, soonest claimable first. */
  jobsOf(subject: string): Promise<Job[]>
  /** One job not yet completed (claimed or not), by id: a point read, however many jobs its subject has. */
  job(id: string): Promise<Job | undefined>
  /**
   * Up to `limit` jobs of one kind not yet completed, soonest claimable first (the outbox's
   * undelivered entries): a bounded read, however many jobs of other kinds there are.
   */
  jobsOfKind(kind: string, limit: number): Promise<Job[]>
  /** Removes every job of `subject`, claimed or not; returns how many there were. */
  cancelSubject(subject: string): Promise<number>
  /** Jobs not yet completed, soonest first. Reads them all: for tests only. */
  pendingJobs(): Promise<Job[]>
  /** About `limit` jobs not yet completed from `cursor` on, in no set order: a pass over every job, as listPage. */
  jobsPage(cursor: string, limit: number): Promise<Page<Job>>
  close(): Promise<void>
}

/** An archived document on its way from one store's archive to another (a Redis archive exported to a SQLite file). */
export interface ArchivedDoc {
  collection: string
  id: string
  /** the document's JSON */
  body: string
  /** the terms it kept (Store.archive) */
  terms: IndexTerms
}

/**
 * The store cannot be reached now (Redis down, a timeout): nothing was changed. The chat answers
 * it with one plain sentence instead of the driver's message.
 */
export class StoreUnavailableError extends Error {
  constructor(which: string, cause: unknown) {
    super(`${which} unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause })
    this.name = 'StoreUnavailableError'
  }
}

/**
 * The store's files cannot be written now (a disk full or remounted read-only, a file made
 * immutable) or are damaged: the change was refused before or rolled back by SQLite, so nothing
 * was changed. The chat answers 「存储不可写」, /healthz 503.
 */
export class StoreNotWritableError extends Error {
  constructor(
    readonly reason: 'read-only' | 'full' | 'damaged' | 'io',
    detail: string,
    cause?: unknown,
  ) {
    super(`store not writable (${reason}): ${detail}`, { cause })
    this.name = 'StoreNotWritableError'
  }
}
