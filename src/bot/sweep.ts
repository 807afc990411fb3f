import { runAsJob } from '../chat/outbox.js'
import type { Job } from '../store/store.js'
import { isLastAttempt, type JobResult, PermanentFailure } from '../retry.js'
import type { BotDeps } from './deps.js'

/** Jobs claimed per store call: large enough that 10k jobs due at once take a few round trips. */
const SWEEP_BATCH = 500
/** Subjects whose jobs run at the same time within a batch. */
const SWEEP_LANES = 16

/** Does a job's work and says what it did; throws to be run again, or PermanentFailure when that cannot help. */
export type JobHandler = (deps: BotDeps, job: Job) => Promise<JobResult>

/**
 * Does all work due at the clock's current time. Jobs are claimed with a lease, so with several
 * bot instances each job runs once; a job whose handler fails comes back when its lease ends.
 */
export async function sweep(deps: BotDeps, handlers: Record<string, JobHandler>, leaseMs = 60_000): Promise<number> {
  let done = 0
  const runOne = async (job: Job): Promise<void> => {
    const handler = handlers[job.kind]
    try {
      if (handler) {
        // what the handler says gets ids a retry of this job reproduces: said once (src/chat/outbox.ts)
        if ((await runAsJob(job, () => handler(deps, job))) === 'said') deps.telemetry.reminderSent(job.kind)
      } else deps.log.warn({ job }, 'no handler for job kind; dropping it')
      await deps.store.complete(job.id)
      done++
    } catch (err) {
      // A job that keeps failing (e.g. a room the bot has left) must not come back every minute forever.
      if (err instanceof PermanentFailure || isLastAttempt(job.attempts)) {
        deps.log.error(
          { err, job },
          err instanceof PermanentFailure ? 'job cannot succeed; giving it up' : `job failed ${job.attempts} times; giving it up`,
        )
        await deps.store.complete(job.id).catch(() => undefined)
      } else deps.log.error({ err, job: job.id, attempts: job.attempts }, 'job failed; it will be retried when its lease ends')
    }
  }
  for (;;) {
    const jobs = await deps.store.claimDue(deps.clock.now(), leaseMs, SWEEP_BATCH)
    if (jobs.length === 0) return done
    // Different subjects are independent, so their jobs run side by side (the store's round trips
    // overlap); one subject's jobs keep their order, soonest first, as claimed.
    const bySubject = new Map<string, Job[]>()
    for (const job of jobs) {
      const key = job.subject ?? job.id
      const lane = bySubject.get(key)
      if (lane) lane.push(job)
      else bySubject.set(key, [job])
    }
    const lanes = [...bySubject.values()]
    await Promise.all(
      Array.from({ length: Math.min(SWEEP_LANES, lanes.length) }, async () => {
        for (let lane = lanes.shift(); lane; lane = lanes.shift()) for (const job of lane) await runOne(job)
      }),
    )
  }
}
