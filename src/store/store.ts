/**
 * The Store port. Kept deliberately small (documents, counters, an audit log and due-time jobs),
 * like grammY's session storage: the embedded file store and the Redis store both fit behind it
 * and pass one contract test suite (test/store/contract.ts).
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
  /** unique and meaningful (e.g. "stage-timeout:D12:v2:s1"): scheduling the same id again replaces it */
  id: string
  dueAt: number
  kind: string
  payload: Record<string, unknown>
  /** how many times this job has been claimed (1 on the first claim) */
  attempts: number
}

export type NewJob = Omit<Job, 'attempts'>

export interface Store {
  /** Next value of a named counter, starting at 1: gives the short ids D1, D2 … C1 … */
  nextSeq(name: string): Promise<number>
  get<T extends StoredDoc>(collection: string, id: string): Promise<T | undefined>
  list<T extends StoredDoc>(collection: string): Promise<T[]>
  /**
   * Writes `doc` if the stored revision equals `expectedRev` (0: the doc must not exist yet) and
   * appends `audit` in the same atomic step. On success the stored doc has rev = expectedRev + 1
   * and that number is returned; on a conflict nothing changes and false is returned.
   */
  commit<T extends StoredDoc>(collection: string, doc: T, expectedRev: number, audit: AuditEntry[]): Promise<number | false>
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
  /** Jobs not yet completed, soonest first (status pages, tests). */
  pendingJobs(): Promise<Job[]>
  close(): Promise<void>
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
