/**
 * The safety net. A change and its follow-ups are one commit now (src/bot/follow-ups.ts), but an
 * older version, a bug or a restored backup may have left a draft whose stage nobody was asked to
 * review, with no time-out job, or a public message with no reminders. At start and periodically
 * this pass re-derives, from each open draft, message and incident, the jobs it must have, creates
 * what is missing (a draft's request to its reviewers is said again with it), and tells the
 * supervisors once what it repaired. Each repair is a commit of the document unchanged with an
 * audit entry and the missing follow-ups, compare-and-set: two instances never repair one thing twice.
 * Reads are bounded: pages of REPAIR_PAGE documents, and one point read (or one subject's jobs) each.
 */
import { activeIncidentDeadlines, type Incident } from '../alerts/incident.js'
import { supervisorsOf } from '../config/people.js'
import { activeDeadlines, type PublicMessage } from '../public-messages/types.js'
import type { AuditEntry, NewJob, StoredDoc } from '../store/store.js'
import { dutyOf } from '../workflow/duty.js'
import { currentVersion, type Draft } from '../workflow/types.js'
import { type Collection, collections } from './collections.js'
import type { BotDeps } from './deps.js'
import { engineContext } from './engine-context.js'
import { stageTimeoutId } from './drafts/stage-timeout-id.js'
import { msg } from './drafts/texts.js'
import { consequencesOf, dispatch, type FollowUps } from './follow-ups.js'
import { term } from './index-terms.js'
import { tellPeople, toGroup } from './notify.js'
import { missingReminders } from './public-messages/reply-jobs.js'
import { botText } from './texts.js'

/** Documents read per page. */
export const REPAIR_PAGE = 200
/** How often the sweep runs the pass (besides at start). */
export const REPAIR_EVERY_MS = 3_600_000

export const REPAIRED = 'follow-ups-repaired'

/** What one pass repaired: the ids of the documents, by what they were missing. */
export interface Repaired {
  drafts: string[]
  reminders: string[]
}

/** Every page of `term`'s documents, lowest score first. */
async function* pages<T extends StoredDoc>(deps: BotDeps, c: Collection<T>, t: string, size: number): AsyncGenerator<T[]> {
  for (let offset = 0; ; offset += size) {
    const page = await c.findBy(deps.store, t, { limit: size, offset })
    if (page.length) yield page
    if (page.length < size) return
  }
}

/** Commits `doc` unchanged with an audit entry and `follow`, unless it changed meanwhile (then its own change planned them). */
async function commitRepair<T extends StoredDoc>(
  deps: BotDeps,
  c: Collection<T>,
  doc: T,
  follow: FollowUps,
  detail: Record<string, unknown>,
): Promise<boolean> {
  const entry: AuditEntry = { at: deps.clock.now(), actor: 'bot', action: REPAIRED, subject: doc.id, detail }
  const implied = await consequencesOf(deps, follow)
  if ((await c.commit(deps.store, doc, doc.rev, [entry], implied)) === false) return false
  await dispatch(deps, implied)
  return true
}

/** A pending draft must have its stage's time-out job (when the stage has a time limit); missing, its request is said again too. */
async function repairDraft(deps: BotDeps, d: Draft): Promise<boolean> {
  if (d.status !== 'pending') return false
  const minutes = deps.config.chains[d.chain]?.stages[d.stage]?.timeoutMinutes
  if (!minutes) return false
  const version = currentVersion(d).version
  const id = stageTimeoutId(d.id, version, d.stage)
  if (await deps.store.job(id)) return false
  const ctx = await engineContext(deps)
  const job: NewJob = {
    id,
    dueAt: Math.max(d.stageSince + minutes * 60_000, ctx.now),
    kind: 'stage-timeout',
    payload: { draft: d.id, stage: d.stage, version },
    subject: d.id,
  }
  const duty = dutyOf(d, ctx)
  const fallbackFor = duty.slots.filter((s) => !s.satisfied && s.fallbackActive).flatMap((s) => s.primaries)
  const say = duty.asked.length ? [toGroup(deps, d.group, msg.request(deps.config, d, duty.asked, fallbackFor), duty.asked)] : []
  return commitRepair(deps, collections.drafts, d, { jobs: [job], say }, { job: id })
}

async function repairReminders<T extends PublicMessage | Incident>(
  deps: BotDeps,
  c: Collection<T>,
  doc: T,
  running: Parameters<typeof missingReminders>[3],
): Promise<boolean> {
  if (running.length === 0) return false
  const missing = missingReminders(deps, c.name, doc.id, running, await deps.store.jobsOf(doc.id))
  if (missing.length === 0) return false
  return commitRepair(deps, c, doc, { jobs: missing }, { jobs: missing.map((j) => j.id) })
}

/** One pass over every open draft, message and incident; the supervisors hear once what was repaired. */
export async function repairFollowUps(deps: BotDeps, pageSize = REPAIR_PAGE): Promise<Repaired> {
  const repaired: Repaired = { drafts: [], reminders: [] }
  for await (const page of pages(deps, collections.drafts, term.pending, pageSize))
    for (const d of page) if (await repairDraft(deps, d)) repaired.drafts.push(d.id)
  for await (const page of pages(deps, collections.publicMessages, term.open, pageSize))
    for (const m of page) if (await repairReminders(deps, collections.publicMessages, m, activeDeadlines(m))) repaired.reminders.push(m.id)
  for await (const page of pages(deps, collections.incidents, term.open, pageSize))
    for (const i of page) if (await repairReminders(deps, collections.incidents, i, activeIncidentDeadlines(i))) repaired.reminders.push(i.id)
  if (repaired.drafts.length || repaired.reminders.length) {
    deps.log.warn(repaired, 'repaired missing follow-ups')
    await tellPeople(deps, supervisorsOf(deps.config), botText.repaired(repaired.drafts, repaired.reminders))
  }
  return repaired
}
