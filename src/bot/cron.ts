import { createTask, schedule, type ScheduledTask } from 'node-cron'
import type { SchedulesConfig } from '../config/deadlines-schema.js'
import type { ScheduleName } from './schedules.js'

/**
 * What node-cron runs: the morning digest and the weekly report. The dormant-account list is a
 * section of the weekly report (每周总结阅评), so it gets no cron run of its own: the supervisors
 * would read the same list twice on the same morning. `runSchedule('dormant')` still works for
 * drills; it stays quiet in a week the report went out.
 */
export function cronPlan(config: SchedulesConfig): Array<[ScheduleName, string]> {
  return [
    ['digest', config.digest],
    ['weekly', config.weekly],
  ]
}

/**
 * Starts the regular reports on node-cron in Asia/Shanghai, whatever the host's time zone.
 * Returns the function that stops them all.
 */
export function startCron(
  config: SchedulesConfig,
  run: (name: ScheduleName) => Promise<unknown>,
  onError: (err: unknown, name: ScheduleName) => void,
): () => Promise<void> {
  const tasks: ScheduledTask[] = cronPlan(config).map(([name, expression]) =>
    schedule(expression, () => run(name).catch((err: unknown) => onError(err, name)), {
      timezone: 'Asia/Shanghai',
      name: `sanshen-${name}`,
      noOverlap: true,
    }),
  )
  return async () => {
    for (const t of tasks) await t.stop()
  }
}

/**
 * The runs the cron plan would have made in (from, to], in order: a simulated clock moved forward
 * (the playground) sends the digest and the weekly report at the moments the real schedule would.
 */
export function runsBetween(config: SchedulesConfig, from: number, to: number): Array<{ name: ScheduleName; at: number }> {
  const tasks = cronPlan(config).map(([name, expression]) => ({ name, task: createTask(expression, () => undefined, { timezone: 'Asia/Shanghai' }) }))
  const runs: Array<{ name: ScheduleName; at: number }> = []
  for (let at = Math.floor(from / 60_000) * 60_000 + 60_000; at <= to; at += 60_000) {
    for (const { name, task } of tasks) if (task.match(new Date(at))) runs.push({ name, at })
  }
  for (const { task } of tasks) void task.destroy()
  return runs
}
