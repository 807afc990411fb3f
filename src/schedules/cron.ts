import { schedule, type ScheduledTask } from 'node-cron'
import type { SchedulesConfig } from '../config/deadlines-schema.js'
import { SCHEDULES, type ScheduleName } from './run-schedule.js'

/**
 * Starts the regular reports on node-cron in Asia/Shanghai, whatever the host's time zone.
 * Returns the function that stops them all.
 */
export function startCron(config: SchedulesConfig, run: (name: ScheduleName) => Promise<unknown>, onError: (err: unknown, name: ScheduleName) => void): () => Promise<void> {
  const tasks: ScheduledTask[] = SCHEDULES.map((name) =>
    schedule(config[name], () => run(name).catch((err: unknown) => onError(err, name)), { timezone: 'Asia/Shanghai', name: `sanshen-${name}`, noOverlap: true }),
  )
  return async () => {
    for (const t of tasks) await t.stop()
  }
}
