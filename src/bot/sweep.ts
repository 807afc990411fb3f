import type { Job } from '../store/store.js'
import type { BotDeps } from './deps.js'

const MAX_ATTEMPTS = 5

/** Does a job's work; false when there was nothing left to do (the draft or message moved on). */
export type JobHandler = (deps: BotDeps, job: Job) => Promise<boolean>

/**
 * Does all work due at the clock's current time. Jobs are claimed with a lease, so with several
 * bot instances each job runs once; a job whose handler fails comes back when its lease ends.
 */
export async function sweep(deps: BotDeps, handlers: Record<string, JobHandler>, leaseMs = 60_000): Promise<number> {
  let done = 0
  for (;;) {
    const jobs = await deps.store.claimDue(deps.clock.now(), leaseMs, 50)
    if (jobs.length === 0) return done
    for (const job of jobs) {
      const handler = handlers[job.kind]
      try {
        if (handler) {
          if (await handler(deps, job)) deps.telemetry.reminderSent(job.kind)
        } else deps.log.warn({ job }, 'no handler for job kind; dropping it')
        await deps.store.complete(job.id)
        done++
      } catch (err) {
        // A job that keeps failing (e.g. a room the bot has left) must not come back every minute forever.
        if (job.attempts >= MAX_ATTEMPTS) {
          deps.log.error({ err, job }, `job failed ${job.attempts} times; giving it up`)
          await deps.store.complete(job.id).catch(() => undefined)
        } else deps.log.error({ err, job: job.id, attempts: job.attempts }, 'job failed; it will be retried when its lease ends')
      }
    }
  }
}
