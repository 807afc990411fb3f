import { alertAudience } from '../../alerts/audience.js'
import { activeIncidentDeadlines, type Incident } from '../../alerts/incident.js'
import { activeDeadlines, type PublicMessage } from '../../public-messages/types.js'
import type { Deadline } from '../../deadlines/deadline.js'
import { planReminders, type PlannedReminder } from '../../deadlines/reminder-plan.js'
import type { Job, NewJob } from '../../store/store.js'
import { supervisorsOf } from '../../config/people.js'
import { alertMsg, commentMsg } from './texts.js'
import { collections, type Collection } from '../collections.js'
import { deadlineContext } from './store.js'
import type { BotDeps } from '../deps.js'
import { sayInGroup, tellPeople } from '../notify.js'
import { sendMessageCard } from '../cards/show.js'
import { cardText } from '../cards/texts.js'
import type { JobHandler } from '../sweep.js'
import type { FollowUps } from '../follow-ups.js'

/**
 * Reminders and escalation of reply deadlines and alert timers, as store jobs (never a setTimeout):
 * one job per planned reminder, id `<subject>:<deadline kind>:<key>`, so a restart neither loses
 * nor repeats one, and several instances fire each once.
 */
export const DEADLINE_REMINDER = 'deadline-reminder'

/** The documents with deadlines: public messages and incidents. */
type Timed = Collection<PublicMessage> | Collection<Incident>

interface ReminderPayload {
  /** the collection's stored name */
  collection: string
  subject: string
  deadlineKind: Deadline['kind']
  /** the deadline the job was planned for: a job left over from an older deadline does nothing */
  dueAt: number
  reminder: PlannedReminder
}

function jobOf(collection: string, subject: string, d: Deadline, r: PlannedReminder): NewJob {
  const payload: ReminderPayload = { collection, subject, deadlineKind: d.kind, dueAt: d.dueAt, reminder: r }
  return { id: `${subject}:${d.kind}:${r.key}`, dueAt: r.at, kind: DEADLINE_REMINDER, payload: { ...payload }, subject }
}

/**
 * The reminders of `subject`'s running deadlines, planned afresh (on intake, #敏感/#一般, #承诺,
 * #转交, #已回复): every job of the subject is cancelled and these scheduled, in the commit of the
 * change (src/bot/follow-ups.ts). Reminders already past are dropped, except the overdue notice: a
 * deadline that has passed (a late #敏感) is reported at the next sweep.
 */
export function reminderFollowUps(deps: BotDeps, collection: Timed, subject: string, deadlines: Deadline[]): FollowUps {
  return { cancelSubjects: [subject], jobs: reminderJobs(deps, collection.name, subject, deadlines) }
}

/** The jobs `deadlines` must have at this moment (as above; the repair pass checks for them too). */
export function reminderJobs(
  deps: Pick<BotDeps, 'clock' | 'calendar' | 'config'>,
  collection: string,
  subject: string,
  deadlines: Deadline[],
): NewJob[] {
  const now = deps.clock.now()
  const ctx = deadlineContext(deps)
  return deadlines.flatMap((d) =>
    planReminders(d, ctx)
      .reminders.filter((r) => r.at > now || r.kind === 'overdue')
      .map((r) => jobOf(collection, subject, d, r)),
  )
}

/**
 * The reminders `subject` should have now and has not (the repair pass, src/bot/repair.ts): those
 * still ahead, and for a deadline already passed with no job left at all, its next escalation (the
 * overdue notice may have gone: it is not sent again).
 */
export function missingReminders(
  deps: Pick<BotDeps, 'clock' | 'calendar' | 'config'>,
  collection: string,
  subject: string,
  deadlines: Deadline[],
  present: readonly Job[],
): NewJob[] {
  const now = deps.clock.now()
  const ctx = deadlineContext(deps)
  const have = new Set(present.map((j) => j.id))
  return deadlines.flatMap((d) => {
    const plan = planReminders(d, ctx)
    if (d.dueAt > now)
      return plan.reminders
        .filter((r) => r.at > now)
        .map((r) => jobOf(collection, subject, d, r))
        .filter((j) => !have.has(j.id))
    if (present.some((j) => j.id.startsWith(`${subject}:${d.kind}:`))) return []
    const next = plan.nextEscalation(now)
    return next ? [jobOf(collection, subject, d, next)] : []
  })
}

type Loaded = { kind: 'message'; doc: PublicMessage; running: Deadline[] } | { kind: 'incident'; doc: Incident; running: Deadline[] }

async function load(deps: BotDeps, p: ReminderPayload): Promise<Loaded | undefined> {
  if (p.collection === collections.publicMessages.name) {
    const doc = await collections.publicMessages.get(deps.store, p.subject)
    return doc && { kind: 'message', doc, running: activeDeadlines(doc) }
  }
  const doc = await collections.incidents.get(deps.store, p.subject)
  return doc && { kind: 'incident', doc, running: activeIncidentDeadlines(doc) }
}

async function loadActive(deps: BotDeps, p: ReminderPayload): Promise<(Loaded & { deadline: Deadline }) | undefined> {
  const loaded = await load(deps, p)
  const deadline = loaded?.running.find((d) => d.kind === p.deadlineKind && d.dueAt === p.dueAt)
  return loaded && deadline ? { ...loaded, deadline } : undefined
}

/** Sends one planned reminder; after the overdue notice and each escalation, plans the next. */
export const deadlineReminder: JobHandler = async (deps: BotDeps, job: Job) => {
  const p = job.payload as unknown as ReminderPayload
  const active = await loadActive(deps, p)
  if (!active) return 'nothing-to-do'
  const { deadline } = active
  const now = deps.clock.now()
  const { config } = deps
  const r = p.reminder
  // Several reminders due at once (after downtime or a clock jump): only the latest is sent.
  if (planReminders(deadline, deadlineContext(deps)).superseded(r, now)) return 'nothing-to-do'
  if (active.kind === 'message') {
    const m = active.doc
    const text = commentMsg.reminder(config, m, deadline, r, now)
    if (r.audience === 'supervisors') await tellPeople(deps, supervisorsOf(config), text)
    else if (m.group) await sayInGroup(deps, m.group, (await sendMessageCard(deps, m)) ? `${text}${cardText.seeCard}` : text, [m.handler])
    else await tellPeople(deps, [m.handler], text)
  } else {
    const i = active.doc
    const text = alertMsg.reminder(config, i, deadline, r, now)
    const people =
      r.audience === 'supervisors' ? [...supervisorsOf(config), ...alertAudience(config, i.level)] : [i.reportedBy, ...alertAudience(config, i.level)]
    if (i.group && r.audience === 'handler') await sayInGroup(deps, i.group, text, people)
    else await tellPeople(deps, people, text)
  }
  if (r.kind !== 'remind') {
    const next = planReminders(deadline, deadlineContext(deps)).nextEscalation(now)
    if (next) await deps.store.schedule(jobOf(p.collection, p.subject, deadline, next))
  }
  return 'said'
}
