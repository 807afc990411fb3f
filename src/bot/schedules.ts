import { collections } from './collections.js'
import type { BotDeps } from './deps.js'
import { tellPeople } from './notify.js'
import { addDays, shanghaiDate, weekday, type DateString } from '../deadlines/shanghai-time.js'
import { supervisorsOf } from '../config/people.js'
import { buildDigest } from '../reports/digest.js'
import { dormantAccounts, formatDormant } from '../reports/dormant.js'
import { calendarWeek } from '../reports/week.js'
import { formatWeeklyReport, weeklyFigures, type WeekData, type WeeklyFigures } from '../reports/weekly-report.js'
import type { Store } from '../store/store.js'
import { term } from './index-terms.js'

const SCHEDULES = ['digest', 'weekly', 'dormant'] as const
export type ScheduleName = (typeof SCHEDULES)[number]

export interface ScheduleRun {
  name: ScheduleName
  /** what the supervisors were sent, when something was sent */
  text?: string
  /** why nothing was sent; in-weekly-report: the dormant list already went out with this week's weekly report */
  skipped?: 'day-off' | 'nothing-to-report' | 'already-ran' | 'in-weekly-report'
  figures?: WeeklyFigures
}

async function claimRun(deps: BotDeps, name: ScheduleName, date: string): Promise<boolean> {
  const id = `${name}:${date}`
  const entry = { at: deps.clock.now(), actor: 'bot', action: 'schedule-ran', subject: `schedule:${name}`, detail: { date } }
  return (await collections.scheduleRuns.commit(deps.store, { id, rev: 0 }, 0, [entry])) !== false
}

/** Whether the weekly report went out this Shanghai week (Monday to today). */
async function weeklySentThisWeek(deps: BotDeps, today: DateString): Promise<boolean> {
  const sinceMonday = (weekday(today) + 6) % 7
  for (let back = 0; back <= sinceMonday; back++) {
    if (await collections.scheduleRuns.get(deps.store, `weekly:${addDays(today, -back)}`)) return true
  }
  return false
}

const DRAFT_ID = /^D\d+$/

/**
 * What the figures of [from, to) read (weeklyFigures), and only that: the window's audit, the
 * drafts it is about (every change of a draft, a new version included, writes an audit entry;
 * `get` reads archived ones too), the public messages due and the incidents opened in the window.
 */
export async function weekData(store: Store, from: number, to: number): Promise<Pick<WeekData, 'audit' | 'drafts' | 'comments' | 'incidents'>> {
  const [audit, comments, incidents] = await Promise.all([
    store.auditBetween(from, to),
    collections.publicMessages.findBy(store, term.due, { min: from, max: to }),
    collections.incidents.findBy(store, term.opened, { min: from, max: to }),
  ])
  const subjects = [...new Set(audit.map((e) => e.subject).filter((s) => DRAFT_ID.test(s)))]
  const drafts = (await Promise.all(subjects.map((id) => collections.drafts.get(store, id)))).filter((d) => d !== undefined)
  return { audit, drafts, comments, incidents }
}

/** Last calendar week, Monday to Sunday, whatever day the report runs on (the dashboard's period too). */
async function lastWeek(deps: BotDeps, now: number): Promise<WeeklyFigures> {
  const { from, to } = calendarWeek(now, 1)
  return weeklyFigures({ config: deps.config, from, to, ...(await weekData(deps.store, from, to)) })
}

async function compose(deps: BotDeps, name: ScheduleName, now: number): Promise<Omit<ScheduleRun, 'name'>> {
  const { config } = deps
  if (name === 'digest') {
    if (!deps.calendar.day(shanghaiDate(now)).working) return { skipped: 'day-off' }
    // what the digest lists: drafts in review, messages not replied to, incidents without a plan
    const [drafts, comments, incidents] = await Promise.all([
      collections.drafts.findBy(deps.store, term.pending),
      collections.publicMessages.findBy(deps.store, term.open),
      collections.incidents.findBy(deps.store, term.open),
    ])
    const text = buildDigest({ config, now, drafts, comments, incidents })
    return text ? { text } : { skipped: 'nothing-to-report' }
  }
  const figures = await lastWeek(deps, now)
  if (name === 'weekly') return { text: formatWeeklyReport(config, figures), figures }
  // the weekly report carries the same list: one week, one list
  if (await weeklySentThisWeek(deps, shanghaiDate(now))) return { skipped: 'in-weekly-report', figures }
  const dormant = dormantAccounts(config, figures.published.byAccount)
  return dormant.length ? { text: formatDormant(config, dormant).join('\n'), figures } : { skipped: 'nothing-to-report', figures }
}

/**
 * Runs one schedule now: composes its report and sends it to the supervisors, at most once per
 * Shanghai date. node-cron calls this in production; tests call it through bot.runSchedule().
 */
export async function runSchedule(deps: BotDeps, name: ScheduleName): Promise<ScheduleRun> {
  const now = deps.clock.now()
  const composed = await compose(deps, name, now)
  if (!composed.text) return { name, ...composed }
  if (!(await claimRun(deps, name, shanghaiDate(now)))) return { name, skipped: 'already-ran' }
  await tellPeople(deps, supervisorsOf(deps.config), composed.text)
  return { name, ...composed }
}
