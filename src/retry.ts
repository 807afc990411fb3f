/**
 * The one retry policy: exponential back-off from a first delay up to a ceiling, one attempts limit
 * for the sweep's jobs, and an error that says retrying cannot help. The outbox, the platform polls,
 * the DingTalk connection and the sweep all retry this way.
 */

/** The wait before try `attempt` (1: the first retry): first · 2^(attempt−1), at most `maxMs`. */
export function backoff(attempt: number, o: { firstMs: number; maxMs: number }): number {
  return Math.min(o.firstMs * 2 ** Math.max(0, attempt - 1), o.maxMs)
}

/** How many times the sweep runs a failing job before it gives the job up. */
export const MAX_ATTEMPTS = 5

/** Whether a job on its `attempts`-th run will not be run again if it fails: a handler says so before it gives up. */
export function isLastAttempt(attempts: number): boolean {
  return attempts >= MAX_ATTEMPTS
}

/** Thrown by a job handler when trying again cannot help (a refusal the platform will repeat): the job ends now. */
export class PermanentFailure extends Error {
  override name = 'PermanentFailure'
}

/** What a job did: `said` something (a reminder counted in the metrics), or found `nothing-to-do` (its subject moved on). */
export type JobResult = 'said' | 'nothing-to-do'
